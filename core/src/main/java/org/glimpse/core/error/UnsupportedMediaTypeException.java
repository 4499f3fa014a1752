package org.glimpse.core.error;

public final class UnsupportedMediaTypeException extends GlimpseException {
  public UnsupportedMediaTypeException(String message) {
    super(ErrorKind.UNSUPPORTED_MEDIA_TYPE, message);
  }

  public UnsupportedMediaTypeException(String message, Throwable cause) {
    super(ErrorKind.UNSUPPORTED_MEDIA_TYPE, message, cause);
  }
}
