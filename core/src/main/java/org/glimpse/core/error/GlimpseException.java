package org.glimpse.core.error;

/**
 * The one family of errors the domain throws. Each subclass carries a fixed {@link ErrorKind};
 * the message is safe to show to the client and names the problem.
 */
public abstract sealed class GlimpseException extends RuntimeException
    permits BadRequestException, UnauthorizedException, ForbiddenException, NotFoundException,
        ConflictException, TooLargeException, UnsupportedMediaTypeException,
        RangeNotSatisfiableException, UnavailableException, GoneException {

  private final ErrorKind kind;

  protected GlimpseException(ErrorKind kind, String message) {
    super(message);
    this.kind = kind;
  }

  protected GlimpseException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }
}
