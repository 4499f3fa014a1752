package org.glimpse.server.v2.metadefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.service.MetadefContentService;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.http.Json;

/** /v2/metadefs/namespaces/{namespace}/tags[/{tag}]. */
final class TagsResource {
  private final MetadefContentService service;
  private final MetadefSchemas schemas;

  TagsResource(MetadefContentService service, MetadefSchemas schemas) {
    this.service = service;
    this.schemas = schemas;
  }

  void list(Context ctx) {
    Integer limit = MetadefQuery.limit(ctx);
    String marker = ctx.queryParam("marker");
    List<MetadefTag> tags = service.tags(Authenticator.caller(ctx), ctx.pathParam("namespace"),
        new MetadefContentService.TagQuery(marker == null || marker.isEmpty() ? null : marker,
            limit == null || limit == 0 ? null : limit, MetadefQuery.sortKey(ctx), MetadefQuery.ascending(ctx)));
    Json.write(ctx, 200, names(tags));
  }

  void show(Context ctx) {
    MetadefTag tag = service.tag(Authenticator.caller(ctx), ctx.pathParam("namespace"), ctx.pathParam("tag"));
    Json.write(ctx, 200, MetadefJson.tag(tag));
  }

  void create(Context ctx) {
    String name = ctx.pathParam("tag");
    ObjectNode named = Json.MAPPER.createObjectNode().put("name", name);
    schemas.tag.validate(named);
    MetadefTag tag = service.createTag(Authenticator.caller(ctx), ctx.pathParam("namespace"),
        MetadefJson.requireName(name, "tag"));
    Json.write(ctx, 201, MetadefJson.tag(tag));
  }

  /** POST /tags: several at once; they replace the namespace's tags unless X-Openstack-Append. */
  void createMany(Context ctx) {
    JsonNode body = MetadefJson.requireObject(Json.body(ctx));
    schemas.tags.validate(body);
    List<String> names = new ArrayList<>();
    body.path("tags").forEach(t -> names.add(MetadefJson.requireName(t.path("name").asText(), "tag")));
    List<MetadefTag> created = service.createTags(Authenticator.caller(ctx), ctx.pathParam("namespace"), names,
        isTrue(ctx.header("X-Openstack-Append")));
    Json.write(ctx, 201, names(created));
  }

  void update(Context ctx) {
    JsonNode body = MetadefJson.requireObject(Json.body(ctx));
    MetadefJson.refuseReadOnly(body, "created_at", "updated_at");
    schemas.tag.validate(body);
    MetadefTag tag = service.updateTag(Authenticator.caller(ctx), ctx.pathParam("namespace"), ctx.pathParam("tag"),
        MetadefJson.requireName(body.path("name").asText(), "tag"));
    Json.write(ctx, 200, MetadefJson.tag(tag));
  }

  void delete(Context ctx) {
    service.deleteTag(Authenticator.caller(ctx), ctx.pathParam("namespace"), ctx.pathParam("tag"));
    ctx.status(204);
  }

  private static ObjectNode names(List<MetadefTag> tags) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("tags");
    tags.forEach(t -> list.addObject().put("name", t.name()));
    return body;
  }

  /** oslo's bool_from_string: 1, t, true, on, y, yes (any case) are true; anything else false. */
  private static boolean isTrue(String value) {
    if (value == null) {
      return false;
    }
    return List.of("1", "t", "true", "on", "y", "yes").contains(value.trim().toLowerCase(Locale.ROOT));
  }
}
