package org.glimpse.server.http;

import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.glimpse.core.error.BadRequestException;

/**
 * A request body to stream into the store. A failure to read it (the client went away, sent less
 * than it announced, or stalled past the idle timeout) is the client's doing: it becomes a
 * BadRequest, which the upload pipeline cleans up after like any other refusal, rather than an
 * I/O error that would pass for a fault of the store.
 */
public final class RequestBody extends FilterInputStream {
  private RequestBody(InputStream in) {
    super(in);
  }

  public static InputStream of(Context ctx) throws IOException {
    return new RequestBody(ctx.req().getInputStream());
  }

  /**
   * True when the request carries a body: announced with a length, or chunked on a method that
   * takes one (Glance's rule; a chunked GET or DELETE counts as bodiless there).
   */
  public static boolean present(Context ctx) {
    if (ctx.req().getContentLengthLong() > 0) {
      return true;
    }
    String method = ctx.req().getMethod();
    return ctx.header("Transfer-Encoding") != null
        && ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      throw broken(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      throw broken(e);
    }
  }

  private static BadRequestException broken(IOException e) {
    return new BadRequestException("The request body could not be read to its end.", e);
  }
}
