package org.glimpse.server.auth.keystone;

/** Keystone could not be asked (refused, timed out, or answered with an error of its own). */
final class KeystoneUnavailableException extends Exception {
  KeystoneUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
