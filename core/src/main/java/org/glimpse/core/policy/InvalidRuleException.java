package org.glimpse.core.policy;

/** A policy rule that cannot be compiled; the message names the rule and the problem. */
public final class InvalidRuleException extends IllegalArgumentException {
  public InvalidRuleException(String message) {
    super(message);
  }
}
