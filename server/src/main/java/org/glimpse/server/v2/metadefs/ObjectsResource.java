package org.glimpse.server.v2.metadefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.service.MetadefContentService;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.http.Json;

/** /v2/metadefs/namespaces/{namespace}/objects[/{object}]. */
final class ObjectsResource {
  private final MetadefContentService service;
  private final MetadefSchemas schemas;

  ObjectsResource(MetadefContentService service, MetadefSchemas schemas) {
    this.service = service;
    this.schemas = schemas;
  }

  void list(Context ctx) {
    MetadefQuery.checkObjectListing(ctx);
    String ns = ctx.pathParam("namespace");
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("objects");
    service.objects(Authenticator.caller(ctx), ns)
        .forEach(o -> list.add(MetadefJson.object(ns, o, MetadefJson.Form.READ)));
    // sic: Glance's object listing names its schema without the leading slash
    body.put("schema", "v2/schemas/metadefs/objects");
    Json.write(ctx, 200, body);
  }

  void show(Context ctx) {
    String ns = ctx.pathParam("namespace");
    MetadefObject o = service.object(Authenticator.caller(ctx), ns, ctx.pathParam("object"));
    Json.write(ctx, 200, MetadefJson.object(ns, o, MetadefJson.Form.READ));
  }

  void create(Context ctx) {
    String ns = ctx.pathParam("namespace");
    MetadefObject o = service.createObject(Authenticator.caller(ctx), ns, parse(ctx));
    Json.write(ctx, 201, MetadefJson.object(ns, o, MetadefJson.Form.WRITTEN));
  }

  void update(Context ctx) {
    String ns = ctx.pathParam("namespace");
    MetadefObject o = service.updateObject(Authenticator.caller(ctx), ns, ctx.pathParam("object"), parse(ctx));
    Json.write(ctx, 200, MetadefJson.object(ns, o, MetadefJson.Form.WRITTEN));
  }

  void delete(Context ctx) {
    service.deleteObject(Authenticator.caller(ctx), ctx.pathParam("namespace"), ctx.pathParam("object"));
    ctx.status(204);
  }

  private MetadefObject parse(Context ctx) {
    JsonNode body = MetadefJson.requireObject(Json.body(ctx));
    MetadefJson.refuseReadOnly(body, "self", "schema", "created_at", "updated_at");
    schemas.object.validate(body);
    body.path("properties").forEach(schemas.objectProperty::validate);
    return MetadefJson.object(body);
  }
}
