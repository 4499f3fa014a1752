package org.glimpse.server.http;

import io.javalin.http.Context;
import java.util.UUID;

/**
 * The id a request is known by, echoed in {@code x-openstack-request-id}. As in Glance, a client
 * may choose it by sending the header (an id that lacks the {@code req-} prefix gets it);
 * otherwise it is {@code req-<uuid>}. A client-sent id that is empty, very long or not plain
 * printable ASCII is replaced, so that it cannot garble logs or answers.
 */
public final class RequestIds {
  public static final String HEADER = "x-openstack-request-id";
  private static final int MAX_LENGTH = 255;

  private RequestIds() {}

  public static String of(Context ctx) {
    String sent = ctx.header(HEADER);
    if (sent != null) {
      String id = sent.strip();
      if (!id.isEmpty() && id.length() <= MAX_LENGTH && id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        return id.startsWith("req-") ? id : "req-" + id;
      }
    }
    return "req-" + UUID.randomUUID();
  }
}
