package org.glimpse.server.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one id a request is known by: echoed in {@code x-openstack-request-id}, carried by every log
 * line written while the request runs (the {@value #MDC_KEY} MDC key, see {@link RequestScope}),
 * named in a 500's body and given to the {@code RequestContext}. As in Glance, a client may choose
 * it by sending the header (an id that lacks the {@code req-} prefix gets it); otherwise it is
 * {@code req-<uuid>}. A client-sent id that is empty, very long or not plain printable ASCII is
 * replaced, so that it cannot garble logs or answers.
 */
public final class RequestIds {
  public static final String HEADER = "x-openstack-request-id";
  /** The SLF4J MDC key of the request id; the log pattern prints it. */
  public static final String MDC_KEY = "request_id";
  /** The request attribute holding the id, set once when the request comes in. */
  static final String ATTRIBUTE = "glimpse.request_id";
  private static final int MAX_LENGTH = 255;

  private RequestIds() {}

  /** The id of the request, as assigned when it came in. */
  public static String of(Context ctx) {
    return assign(ctx.req());
  }

  /**
   * The request's id: the one already assigned to it (an error dispatch of the same request
   * keeps its id), else a new one from the client's header or a fresh one.
   */
  static String assign(HttpServletRequest request) {
    if (request.getAttribute(ATTRIBUTE) instanceof String id) {
      return id;
    }
    String id = choose(request.getHeader(HEADER));
    request.setAttribute(ATTRIBUTE, id);
    return id;
  }

  /** The id for a request that sent {@code sent} in {@value #HEADER} (null when it sent none). */
  static String choose(String sent) {
    if (sent != null) {
      String id = sent.strip();
      if (!id.isEmpty() && id.length() <= MAX_LENGTH && id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        return id.startsWith("req-") ? id : "req-" + id;
      }
    }
    return fresh();
  }

  /**
   * A new id: a random (version 4) UUID from the thread's own generator, as a request id needs to
   * be unique, not unguessable, and {@link UUID#randomUUID()} serialises every request on one
   * SecureRandom.
   */
  static String fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return "req-" + new UUID(high, low);
  }
}
