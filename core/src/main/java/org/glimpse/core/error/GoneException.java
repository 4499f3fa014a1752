package org.glimpse.core.error;

public final class GoneException extends GlimpseException {
  public GoneException(String message) {
    super(ErrorKind.GONE, message);
  }

  public GoneException(String message, Throwable cause) {
    super(ErrorKind.GONE, message, cause);
  }
}
