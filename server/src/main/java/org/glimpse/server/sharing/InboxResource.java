package org.glimpse.server.sharing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.service.SharingService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;

/**
 * {@code GET /v2/glimpse/inbox[?status=&limit=&marker=]}: what has been shared with the caller's
 * project, by whom, in which state, since when, with counts per state; paged like image lists
 * (a {@code next} link while more follow).
 */
final class InboxResource {
  static final int DEFAULT_LIMIT = 25;
  private final SharingService sharing;

  InboxResource(SharingService sharing) {
    this.sharing = sharing;
  }

  void show(Context ctx) {
    String statusParam = ctx.queryParam("status");
    MemberStatus status = null;
    if (statusParam != null && !statusParam.equals("all")) {
      status = MemberStatus.parse(statusParam).orElseThrow(() -> new BadRequestException(
          "status must be pending, accepted, rejected or all; '" + statusParam + "' is none of them."));
    }
    int limit = limit(ctx.queryParam("limit"));
    String marker = ctx.queryParam("marker");
    SharingService.Inbox inbox = sharing.inbox(NoAuthContext.of(ctx), status, marker, limit);
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode shares = out.putArray("shares");
    inbox.entries().forEach(e -> shares.add(SharingViews.inboxEntry(e)));
    ObjectNode counts = out.putObject("counts");
    for (MemberStatus s : MemberStatus.values()) {
      counts.put(s.wire(), inbox.counts().getOrDefault(s, 0));
    }
    String filter = statusParam == null ? "" : "status=" + enc(statusParam) + "&";
    out.put("first", "/v2/glimpse/inbox?" + filter + "limit=" + limit);
    if (inbox.more() && !inbox.entries().isEmpty()) {
      out.put("next", "/v2/glimpse/inbox?" + filter + "limit=" + limit + "&marker="
          + enc(inbox.entries().get(inbox.entries().size() - 1).imageId()));
    }
    out.put("schema", SharingViews.SCHEMAS + "inbox");
    Json.write(ctx, 200, out);
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= SharingService.MAX_INBOX_PAGE) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new BadRequestException("limit must be a whole number from 1 to " + SharingService.MAX_INBOX_PAGE
        + "; '" + value + "' is not.");
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
