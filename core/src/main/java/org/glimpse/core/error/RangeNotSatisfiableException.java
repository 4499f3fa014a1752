package org.glimpse.core.error;

public final class RangeNotSatisfiableException extends GlimpseException {
  public RangeNotSatisfiableException(String message) {
    super(ErrorKind.RANGE_NOT_SATISFIABLE, message);
  }

  public RangeNotSatisfiableException(String message, Throwable cause) {
    super(ErrorKind.RANGE_NOT_SATISFIABLE, message, cause);
  }
}
