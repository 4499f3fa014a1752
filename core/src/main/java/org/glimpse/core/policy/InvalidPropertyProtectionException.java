package org.glimpse.core.policy;

/**
 * A property protection file that cannot be used; the message names the section (and key) and
 * the problem. Glance refuses to start on such a file, and so does Glimpse.
 */
public final class InvalidPropertyProtectionException extends IllegalArgumentException {
  public InvalidPropertyProtectionException(String message) {
    super(message);
  }
}
