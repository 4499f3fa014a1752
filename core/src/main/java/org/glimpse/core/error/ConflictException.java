package org.glimpse.core.error;

public final class ConflictException extends GlimpseException {
  public ConflictException(String message) {
    super(ErrorKind.CONFLICT, message);
  }

  public ConflictException(String message, Throwable cause) {
    super(ErrorKind.CONFLICT, message, cause);
  }
}
