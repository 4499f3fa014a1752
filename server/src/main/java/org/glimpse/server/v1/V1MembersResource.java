package org.glimpse.server.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.Member;
import org.glimpse.core.service.V1MemberService;
import org.glimpse.core.service.V1Membership;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;

/**
 * /v1/images/{id}/members[/{member_id}] and /v1/shared-images/{member_id}. The bodies are read
 * as v1 read them: {@code can_share} only from {@code {"member": {"can_share": …}}}, judged by
 * truthiness, and a replacement list from {@code {"memberships": […]}} or a lone membership object.
 */
final class V1MembersResource {
  private final V1MemberService members;

  V1MembersResource(V1MemberService members) {
    this.members = members;
  }

  void list(Context ctx) {
    List<Member> list = members.list(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode array = body.putArray("members");
    list.forEach(m -> array.addObject().put("member_id", m.memberId()).put("can_share", m.canShare()));
    Json.write(ctx, 200, body);
  }

  void put(Context ctx) {
    JsonNode body = body(ctx);
    Boolean canShare = null;
    if (body != null && body.isObject() && body.has("member")) {
      JsonNode member = body.get("member");
      if (!member.isObject()) {
        throw new BadRequestException("Invalid member: 'member' must be an object.");
      }
      if (member.has("can_share")) {
        canShare = truthy(member.get("can_share"));
      }
    }
    members.put(NoAuthContext.of(ctx), ctx.pathParam("image_id"), ctx.pathParam("member_id"), canShare);
    ctx.status(204);
  }

  void replace(Context ctx) {
    JsonNode body = body(ctx);
    if (body == null) {
      throw new BadRequestException("Invalid membership association: a body is required.");
    }
    if (!body.isObject()) {
      throw new BadRequestException("Invalid membership association: expected an object.");
    }
    List<V1Membership> list = new ArrayList<>();
    if (body.has("memberships")) {
      JsonNode memberships = body.get("memberships");
      if (!memberships.isArray()) {
        throw new BadRequestException("Invalid membership association: " + memberships);
      }
      for (JsonNode m : memberships) {
        list.add(membership(m));
      }
    } else {
      list.add(membership(body));
    }
    members.replace(NoAuthContext.of(ctx), ctx.pathParam("image_id"), list);
    ctx.status(204);
  }

  void delete(Context ctx) {
    members.remove(NoAuthContext.of(ctx), ctx.pathParam("image_id"), ctx.pathParam("member_id"));
    ctx.status(204);
  }

  void shared(Context ctx) {
    List<Member> list = members.sharedWith(NoAuthContext.of(ctx), ctx.pathParam("member_id"));
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode array = body.putArray("shared_images");
    list.forEach(m -> array.addObject().put("image_id", m.imageId()).put("can_share", m.canShare()));
    Json.write(ctx, 200, body);
  }

  private static V1Membership membership(JsonNode m) {
    JsonNode id = m.isObject() ? m.get("member_id") : null;
    if (id == null || !(id.isTextual() || id.isNumber())) {
      throw new BadRequestException("Invalid membership association: 'member_id'");
    }
    JsonNode canShare = m.get("can_share");
    return new V1Membership(id.asText(), canShare == null ? null : truthy(canShare));
  }

  /** Truth as v1's Python saw it: false, null, 0, "" and empty lists or objects are false. */
  static boolean truthy(JsonNode v) {
    if (v.isNull() || v.isMissingNode()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0;
    }
    if (v.isTextual()) {
      return !v.textValue().isEmpty();
    }
    return v.size() > 0;
  }

  /** The JSON body, or null when there is none; a body that is no object or list is refused. */
  private static JsonNode body(Context ctx) {
    JsonNode node = Json.optionalBody(ctx);
    if (node != null && !node.isObject() && !node.isArray()) {
      throw new BadRequestException("Unexpected body type. Expected list/dict.");
    }
    return node;
  }
}
