package org.glimpse.core.error;

public final class UnavailableException extends GlimpseException {
  public UnavailableException(String message) {
    super(ErrorKind.UNAVAILABLE, message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(ErrorKind.UNAVAILABLE, message, cause);
  }
}
