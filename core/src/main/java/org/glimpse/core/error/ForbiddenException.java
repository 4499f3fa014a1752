package org.glimpse.core.error;

public final class ForbiddenException extends GlimpseException {
  public ForbiddenException(String message) {
    super(ErrorKind.FORBIDDEN, message);
  }

  public ForbiddenException(String message, Throwable cause) {
    super(ErrorKind.FORBIDDEN, message, cause);
  }
}
