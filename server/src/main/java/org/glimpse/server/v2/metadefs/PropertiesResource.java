package org.glimpse.server.v2.metadefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.service.MetadefContentService;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.http.Json;

/** /v2/metadefs/namespaces/{namespace}/properties[/{property}]. */
final class PropertiesResource {
  private final MetadefContentService service;
  private final MetadefSchemas schemas;

  PropertiesResource(MetadefContentService service, MetadefSchemas schemas) {
    this.service = service;
    this.schemas = schemas;
  }

  void list(Context ctx) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode props = body.putObject("properties");
    service.properties(Authenticator.caller(ctx), ctx.pathParam("namespace"))
        .forEach(p -> props.set(p.name(), MetadefJson.parse(p.schemaJson())));
    Json.write(ctx, 200, body);
  }

  void show(Context ctx) {
    MetadefProperty p = service.property(Authenticator.caller(ctx), ctx.pathParam("namespace"),
        ctx.pathParam("property"), ctx.queryParam("resource_type"));
    Json.write(ctx, 200, MetadefJson.property(p));
  }

  void create(Context ctx) {
    MetadefProperty p = service.createProperty(Authenticator.caller(ctx), ctx.pathParam("namespace"), parse(ctx));
    Json.write(ctx, 201, MetadefJson.property(p));
  }

  void update(Context ctx) {
    MetadefProperty p = service.updateProperty(Authenticator.caller(ctx), ctx.pathParam("namespace"),
        ctx.pathParam("property"), parse(ctx));
    Json.write(ctx, 200, MetadefJson.property(p));
  }

  void delete(Context ctx) {
    service.deleteProperty(Authenticator.caller(ctx), ctx.pathParam("namespace"), ctx.pathParam("property"));
    ctx.status(204);
  }

  private MetadefProperty parse(Context ctx) {
    JsonNode body = MetadefJson.requireObject(Json.body(ctx));
    MetadefJson.refuseReadOnly(body, "created_at", "updated_at");
    schemas.property.validate(body);
    return MetadefJson.property(body.path("name").asText(), body);
  }
}
