package org.glimpse.core.error;

public final class UnauthorizedException extends GlimpseException {
  public UnauthorizedException(String message) {
    super(ErrorKind.UNAUTHORIZED, message);
  }

  public UnauthorizedException(String message, Throwable cause) {
    super(ErrorKind.UNAUTHORIZED, message, cause);
  }
}
