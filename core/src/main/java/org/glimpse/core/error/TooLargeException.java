package org.glimpse.core.error;

public final class TooLargeException extends GlimpseException {
  public TooLargeException(String message) {
    super(ErrorKind.TOO_LARGE, message);
  }

  public TooLargeException(String message, Throwable cause) {
    super(ErrorKind.TOO_LARGE, message, cause);
  }
}
