package org.glimpse.server.sharing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.service.SharingService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;

/**
 * {@code /v2/glimpse/projects/{project_id}/trusted-producers[/{producer_id}]}: the producers whose
 * shares reach the consumer project already accepted. Only the consumer (or an admin) reads or
 * changes its list.
 */
final class TrustedProducersResource {
  private final SharingService sharing;

  TrustedProducersResource(SharingService sharing) {
    this.sharing = sharing;
  }

  void list(Context ctx) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode array = out.putArray("trusted_producers");
    sharing.trusted(NoAuthContext.of(ctx), ctx.pathParam("project_id"))
        .forEach(t -> array.add(SharingViews.trust(t)));
    out.put("schema", SharingViews.SCHEMAS + "trusted-producers");
    Json.write(ctx, 200, out);
  }

  /** PUT: idempotent, the trust's first time kept. */
  void put(Context ctx) {
    Json.write(ctx, 200, SharingViews.trust(sharing.trust(NoAuthContext.of(ctx),
        ctx.pathParam("project_id"), ctx.pathParam("producer_id"))));
  }

  void delete(Context ctx) {
    sharing.untrust(NoAuthContext.of(ctx), ctx.pathParam("project_id"), ctx.pathParam("producer_id"));
    ctx.status(204);
    ctx.res().setContentType(null);
  }
}
