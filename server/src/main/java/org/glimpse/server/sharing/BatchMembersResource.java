package org.glimpse.server.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import org.glimpse.core.image.Member;
import org.glimpse.core.port.SharingRepository.BatchAdded;
import org.glimpse.core.service.SharingService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.v2.MembersResource;

/**
 * Huawei Cloud IMS's batch member API, {@code /v1/cloudimages/members}: POST shares images with
 * projects (and domains), PUT answers many shares as one project, DELETE ends many memberships.
 * Same request bodies as IMS; the work is done before the answer (one transaction), so the
 * answer carries the result instead of IMS's job id.
 */
final class BatchMembersResource {
  private final SharingService sharing;

  BatchMembersResource(SharingService sharing) {
    this.sharing = sharing;
  }

  void add(Context ctx) {
    JsonNode body = SharingViews.object(Json.body(ctx), "{\"images\": [...], \"projects\": [...]}");
    BatchAdded added = sharing.addAll(NoAuthContext.of(ctx), SharingViews.ids(body, "images"),
        SharingViews.ids(body, "projects"), SharingViews.ids(body, "domains"), SharingViews.expiresAt(body));
    ObjectNode out = Json.MAPPER.createObjectNode();
    members(out.putArray("members"), added.added());
    members(out.putArray("existing_members"), added.existing());
    ArrayNode domains = out.putArray("domains");
    added.addedDomains().forEach(s -> domains.add(SharingViews.domainShare(s)));
    ArrayNode existingDomains = out.putArray("existing_domains");
    added.existingDomains().forEach(s -> existingDomains.add(SharingViews.domainShare(s)));
    Json.write(ctx, 200, out);
  }

  void answer(Context ctx) {
    JsonNode body = SharingViews.object(Json.body(ctx),
        "{\"images\": [...], \"project_id\": \"...\", \"status\": \"accepted\"}");
    String status = SharingViews.text(body, "status");
    List<Member> answered = sharing.answerAll(NoAuthContext.of(ctx), SharingViews.ids(body, "images"),
        SharingViews.text(body, "project_id"), status == null ? "" : status);
    ObjectNode out = Json.MAPPER.createObjectNode();
    members(out.putArray("members"), answered);
    Json.write(ctx, 200, out);
  }

  void remove(Context ctx) {
    JsonNode body = SharingViews.object(Json.body(ctx), "{\"images\": [...], \"projects\": [...]}");
    sharing.removeAll(NoAuthContext.of(ctx), SharingViews.ids(body, "images"),
        SharingViews.ids(body, "projects"), SharingViews.ids(body, "domains"));
    ctx.status(204);
    ctx.res().setContentType(null);
  }

  private static void members(ArrayNode array, List<Member> members) {
    members.forEach(m -> array.add(MembersResource.render(m)));
  }
}
