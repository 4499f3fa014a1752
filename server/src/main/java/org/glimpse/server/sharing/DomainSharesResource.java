package org.glimpse.server.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.service.SharingService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;

/**
 * {@code /v2/glimpse/images/{image_id}/domains[/{domain_id}]}: an image's shares with Keystone
 * domains, managed by its owner. The projects of a domain answer through the usual member API
 * ({@code PUT /v2/images/{id}/members/{their project}}) or the batch API.
 */
final class DomainSharesResource {
  private final SharingService sharing;

  DomainSharesResource(SharingService sharing) {
    this.sharing = sharing;
  }

  void list(Context ctx) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode array = out.putArray("domains");
    sharing.domainShares(NoAuthContext.of(ctx), ctx.pathParam("image_id"))
        .forEach(s -> array.add(SharingViews.domainShare(s)));
    out.put("schema", SharingViews.SCHEMAS + "domain-shares");
    Json.write(ctx, 200, out);
  }

  void create(Context ctx) {
    JsonNode body = SharingViews.object(Json.body(ctx), "{\"domain_id\": \"...\"}");
    String domain = SharingViews.text(body, "domain_id");
    if (domain == null || domain.isEmpty()) {
      throw new BadRequestException("domain_id, the domain to share with, is required.");
    }
    DomainShare share = sharing.shareWithDomain(NoAuthContext.of(ctx), ctx.pathParam("image_id"), domain,
        SharingViews.expiresAt(body));
    Json.write(ctx, 200, SharingViews.domainShare(share));
  }

  void show(Context ctx) {
    Json.write(ctx, 200, SharingViews.domainShare(sharing.domainShare(NoAuthContext.of(ctx),
        ctx.pathParam("image_id"), ctx.pathParam("domain_id"))));
  }

  void update(Context ctx) {
    JsonNode body = SharingViews.object(Json.body(ctx), "{\"expires_at\": \"2030-01-01T00:00:00Z\"}");
    if (!body.has("expires_at")) {
      throw new BadRequestException("expires_at (a time, or null for none) is the one thing to update.");
    }
    Json.write(ctx, 200, SharingViews.domainShare(sharing.setDomainExpiry(NoAuthContext.of(ctx),
        ctx.pathParam("image_id"), ctx.pathParam("domain_id"), SharingViews.expiresAt(body))));
  }

  void delete(Context ctx) {
    sharing.unshareWithDomain(NoAuthContext.of(ctx), ctx.pathParam("image_id"), ctx.pathParam("domain_id"));
    ctx.status(204);
    ctx.res().setContentType(null);
  }
}
