package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.Member;
import org.glimpse.core.service.MemberService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;

/** /v2/images/{id}/members and /v2/images/{id}/members/{member_id}. */
public final class MembersResource {
  private final MemberService members;

  public MembersResource(MemberService members) {
    this.members = members;
  }

  public void list(Context ctx) {
    List<Member> list = members.list(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode array = body.putArray("members");
    list.forEach(m -> array.add(render(m)));
    body.put("schema", "/v2/schemas/members");
    Json.write(ctx, 200, body);
  }

  public void show(Context ctx) {
    Member m = members.get(NoAuthContext.of(ctx), ctx.pathParam("image_id"), ctx.pathParam("member_id"));
    Json.write(ctx, 200, render(m));
  }

  public void create(Context ctx) {
    JsonNode body = Json.body(ctx);
    if (!body.isObject()) {
      throw new BadRequestException("Expected a member in the form: {\"member\": \"image_id\"}");
    }
    JsonNode member = body.get("member");
    if (member == null) {
      throw new BadRequestException("Member to be added not specified");
    }
    if (member.isNull() || member.asText().isEmpty() || member.isContainerNode()) {
      throw new BadRequestException("Member can't be empty");
    }
    if (!member.isTextual()) {
      // Glance takes {"member": 5}, answers "member_id": 5 and stores "5" (true becomes "1" or
      // "True", depending on the database): a member id is a string, as the member schema says
      throw new BadRequestException("Member must be a string (a project id), not " + member.getNodeType()
          .name().toLowerCase(java.util.Locale.ROOT) + " " + member + ".");
    }
    // Glimpse: the owner may give the membership an end (expires_at); Glance clients never send it
    Member m = members.add(NoAuthContext.of(ctx), ctx.pathParam("image_id"), member.textValue(),
        MemberExpiry.read(body));
    Json.write(ctx, 200, render(m));
  }

  public void update(Context ctx) {
    JsonNode body = Json.body(ctx);
    if (!body.isObject()) {
      throw new BadRequestException("Expected a status in the form: {\"status\": \"status\"}");
    }
    JsonNode status = body.get("status");
    if (status == null && body.has("expires_at")) {
      // Glimpse: the owner moves or clears the membership's end; the member's answer is "status"
      Json.write(ctx, 200, render(members.setExpiry(NoAuthContext.of(ctx), ctx.pathParam("image_id"),
          ctx.pathParam("member_id"), MemberExpiry.read(body))));
      return;
    }
    if (status == null) {
      throw new BadRequestException("Status not specified");
    }
    if (body.has("expires_at")) {
      throw new BadRequestException("Give either status (the member's answer) or expires_at (the owner's"
          + " terms), not both.");
    }
    Member m = members.updateStatus(NoAuthContext.of(ctx), ctx.pathParam("image_id"),
        ctx.pathParam("member_id"), status.isTextual() ? status.asText() : "");
    Json.write(ctx, 200, render(m));
  }

  public void delete(Context ctx) {
    members.remove(NoAuthContext.of(ctx), ctx.pathParam("image_id"), ctx.pathParam("member_id"));
    ctx.status(204);
    // Glance's member delete answers with no Content-Type at all (unlike its image delete)
    ctx.res().setContentType(null);
  }

  /** A member object; {@code expires_at} (Glimpse) only when the membership has an end. */
  public static ObjectNode render(Member m) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("member_id", m.memberId());
    o.put("image_id", m.imageId());
    o.put("status", m.status().wire());
    o.put("created_at", ImageView.timestamp(m.createdAt()));
    o.put("updated_at", ImageView.timestamp(m.updatedAt()));
    if (m.expiresAt() != null) {
      o.put("expires_at", ImageView.timestamp(m.expiresAt()));
    }
    o.put("schema", "/v2/schemas/member");
    return o;
  }
}
