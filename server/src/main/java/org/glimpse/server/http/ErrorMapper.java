package org.glimpse.server.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;
import org.glimpse.core.error.ErrorKind;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.server.auth.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns errors into HTTP: each domain error kind has one status, the body is
 * Glance's error page (see {@link ErrorPage}), and an unexpected exception becomes a 500 naming the
 * request id its log line carries, never a stack trace. Writing an error answer never throws: a
 * failure while writing one falls back to a plain 500.
 */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
  /**
   * Seconds a client is asked to wait before retrying a 503 (the database or store is
   * unavailable, or the server is stopping). Glance sends no Retry-After; clients that honour it
   * (keystoneauth retries 503s when asked to) wait this long instead of hammering.
   */
  public static final int RETRY_AFTER_SECONDS = 5;
  private static final String INTERNAL_ERROR =
      "The server has either erred or is incapable of performing the requested operation.";

  private static final Map<ErrorKind, Integer> STATUS = Map.of(
      ErrorKind.BAD_REQUEST, 400,
      ErrorKind.UNAUTHORIZED, 401,
      ErrorKind.FORBIDDEN, 403,
      ErrorKind.NOT_FOUND, 404,
      ErrorKind.CONFLICT, 409,
      ErrorKind.GONE, 410,
      ErrorKind.TOO_LARGE, 413,
      ErrorKind.UNSUPPORTED_MEDIA_TYPE, 415,
      ErrorKind.RANGE_NOT_SATISFIABLE, 416,
      ErrorKind.UNAVAILABLE, 503);

  private ErrorMapper() {}

  public static int status(ErrorKind kind) {
    return STATUS.get(kind);
  }

  public static void handle(GlimpseException e, Context ctx) {
    try {
      if (e.kind() == ErrorKind.UNAVAILABLE) {
        ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        LOG.warn("answering 503 to {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      }
      render(ctx, status(e.kind()), e.getMessage() == null ? "" : e.getMessage());
    } catch (Throwable failure) {
      fallback(ctx, failure);
    }
  }

  /**
   * A 500 for anything the code did not expect: logged at ERROR with its stack trace, answered
   * with Glance's error page naming the request id (the id the log line carries too), so that the
   * answer and the log line can be matched.
   */
  public static void handleUnexpected(Exception e, Context ctx) {
    try {
      if (e instanceof HttpResponseException h && h.getStatus() < 500) {
        // Javalin's own refusals (a body it would not read, …) are the client's doing, not ours
        render(ctx, h.getStatus(), h.getMessage());
        return;
      }
      BadMessageException refused = jettyRefusal(e);
      if (refused != null) {
        // Jetty refused the body while a handler read it: slower than the minimum data rate
        // (408), or malformed (400). The rest of the body will not be read: close the connection.
        LOG.info("{} {}: {}", ctx.method(), ctx.path(), refused.getMessage());
        ctx.header("Connection", "close");
        render(ctx, refused.getCode(), refused.getReason() == null
            ? Reasons.phrase(refused.getCode()) : refused.getReason());
        return;
      }
      LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      render(ctx, 500, INTERNAL_ERROR + "\nRequest id " + RequestIds.of(ctx) + ".");
    } catch (Throwable failure) {
      fallback(ctx, failure);
    }
  }

  /** Jetty's refusal of the request (a 4xx) behind the failure, or null. */
  private static BadMessageException jettyRefusal(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BadMessageException bad && bad.getCode() >= 400 && bad.getCode() < 500) {
        return bad;
      }
    }
    return null;
  }

  /**
   * What an error answer becomes when writing it failed: a fixed plain-text 500, written once,
   * without negotiation. It never throws, since an exception handler that throws makes Javalin
   * handle that exception again, and again.
   */
  private static void fallback(Context ctx, Throwable failure) {
    try {
      LOG.error("could not write an error answer; answering a plain 500 instead", failure);
    } catch (Throwable ignored) {
      // nothing more can be done about a log line that cannot be written
    }
    try {
      Object id = ctx.attribute(RequestIds.ATTRIBUTE);
      ctx.status(500);
      ctx.contentType(ErrorPage.Format.PLAIN.contentType());
      ctx.result("500 Internal Server Error\n\n" + INTERNAL_ERROR + "\n\n Request id " + id + ".  ");
    } catch (Throwable again) {
      // the response cannot be written at all; Jetty ends it
      try {
        LOG.error("could not write the plain 500 either", again);
      } catch (Throwable ignored) {
        // as above
      }
    }
  }

  /**
   * Writes an error page in the form the Accept header asks for. A message of several lines is
   * shown as an explanation (its first line) and a detail (the rest).
   */
  private static final String V1_ATTRIBUTE = "glimpse.v1";

  /**
   * Marks a request as v1: its errors are negotiated as the WebOb of Glance's last v1 release
   * did, where a specific media range beats a wildcard of equal quality (so {@code
   * application/json, *}{@code /*} gets JSON); v2 follows today's Glance, where HTML wins that tie.
   */
  public static void markV1(Context ctx) {
    ctx.attribute(V1_ATTRIBUTE, Boolean.TRUE);
  }

  public static void render(Context ctx, int status, String message) {
    // several Accept headers count as one list, as the WSGI servers under Glance join them
    List<String> accepts = Collections.list(ctx.req().getHeaders("Accept"));
    String accept = accepts.isEmpty() ? null : String.join(",", accepts);
    ErrorPage.Format format = Boolean.TRUE.equals(ctx.attribute(V1_ATTRIBUTE))
        ? ErrorPage.negotiateV1(accept) : ErrorPage.negotiate(accept);
    ctx.status(status);
    ctx.contentType(format.contentType());
    Object challenge = ctx.attribute(Authenticator.CHALLENGE);
    if (status == 401 && challenge != null) {
      ctx.header("WWW-Authenticate", challenge.toString());
    }
    ctx.result(ErrorPage.render(format, status, message));
  }
}
