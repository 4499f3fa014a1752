package org.glimpse.core.error;

public final class BadRequestException extends GlimpseException {
  public BadRequestException(String message) {
    super(ErrorKind.BAD_REQUEST, message);
  }

  public BadRequestException(String message, Throwable cause) {
    super(ErrorKind.BAD_REQUEST, message, cause);
  }
}
