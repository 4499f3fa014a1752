package org.glimpse.server.sharing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.service.SharingService;
import org.glimpse.server.http.Json;

/**
 * {@code GET /v2/glimpse/info}: what Glimpse adds to the Images API, where, and how it is set up;
 * and {@code GET /v2/glimpse/schemas/{name}}. Paths no Glance client calls.
 */
final class InfoResource {
  static final String VERSION = "1.0";
  private final SharingSchemas schemas = new SharingSchemas();
  private final boolean validateMemberProject;
  private final int memberQuota;

  InfoResource(boolean validateMemberProject, int memberQuota) {
    this.validateMemberProject = validateMemberProject;
    this.memberQuota = memberQuota;
  }

  void info(Context ctx) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("service", "glimpse");
    ArrayNode extensions = out.putArray("extensions");
    ObjectNode sharing = extensions.addObject();
    sharing.put("alias", "glimpse-sharing");
    sharing.put("version", VERSION);
    sharing.put("description", "Batch share/answer/remove (Huawei Cloud IMS's shape), trusted"
        + " producers, member expiry, sharing with a Keystone domain, and a shared-with-me inbox.");
    ObjectNode features = sharing.putObject("features");
    features.put("batch_max_shares", SharingService.MAX_BATCH);
    features.put("batch_synchronous", true);
    features.put("image_member_quota", memberQuota);
    features.put("member_expiry", true);
    features.put("domain_shares", true);
    features.put("trusted_producers", true);
    features.put("inbox_max_page", SharingService.MAX_INBOX_PAGE);
    features.put("validate_member_project", validateMemberProject);
    ArrayNode links = sharing.putArray("links");
    link(links, "batch", "/v1/cloudimages/members", "POST, PUT, DELETE");
    link(links, "domain-shares", "/v2/glimpse/images/{image_id}/domains", "GET, POST");
    link(links, "domain-share", "/v2/glimpse/images/{image_id}/domains/{domain_id}", "GET, PATCH, DELETE");
    link(links, "trusted-producers", "/v2/glimpse/projects/{project_id}/trusted-producers", "GET");
    link(links, "trusted-producer", "/v2/glimpse/projects/{project_id}/trusted-producers/{producer_id}",
        "PUT, DELETE");
    link(links, "inbox", "/v2/glimpse/inbox", "GET");
    ArrayNode schemaLinks = sharing.putArray("schemas");
    schemas.names().forEach(name -> schemaLinks.add(SharingViews.SCHEMAS + name));
    Json.write(ctx, 200, out);
  }

  void schema(Context ctx) {
    String name = ctx.pathParam("name");
    if (!schemas.names().contains(name)) {
      throw new NotFoundException("No schema " + name + "; see /v2/glimpse/info for those there are.");
    }
    Json.write(ctx, 200, schemas.get(name));
  }

  private static void link(ArrayNode links, String rel, String href, String methods) {
    ObjectNode link = links.addObject();
    link.put("rel", rel);
    link.put("href", href);
    link.put("methods", methods);
  }
}
