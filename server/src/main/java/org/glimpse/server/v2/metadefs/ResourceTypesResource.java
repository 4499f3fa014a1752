package org.glimpse.server.v2.metadefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.metadef.ResourceTypeAssociation;
import org.glimpse.core.service.MetadefService;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.http.Json;
import org.glimpse.server.v2.ImageView;

/** /v2/metadefs/resource_types and /v2/metadefs/namespaces/{namespace}/resource_types[/{name}]. */
final class ResourceTypesResource {
  private final MetadefService service;
  private final MetadefSchemas schemas;

  ResourceTypesResource(MetadefService service, MetadefSchemas schemas) {
    this.service = service;
    this.schemas = schemas;
  }

  void list(Context ctx) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("resource_types");
    service.resourceTypes(Authenticator.caller(ctx)).forEach(t -> list.addObject()
        .put("name", t.name())
        .put("created_at", ImageView.timestamp(t.createdAt()))
        .put("updated_at", ImageView.timestamp(t.updatedAt())));
    Json.write(ctx, 200, body);
  }

  void associations(Context ctx) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("resource_type_associations");
    service.associations(Authenticator.caller(ctx), ctx.pathParam("namespace"))
        .forEach(a -> list.add(MetadefJson.association(a, true)));
    Json.write(ctx, 200, body);
  }

  void associate(Context ctx) {
    JsonNode body = MetadefJson.requireObject(Json.body(ctx));
    MetadefJson.refuseReadOnly(body, "created_at", "updated_at");
    schemas.resourceType.validate(body);
    ResourceTypeAssociation created = service.associate(Authenticator.caller(ctx), ctx.pathParam("namespace"),
        MetadefJson.association(body));
    Json.write(ctx, 201, MetadefJson.association(created, true));
  }

  void dissociate(Context ctx) {
    service.dissociate(Authenticator.caller(ctx), ctx.pathParam("namespace"), ctx.pathParam("resource_type"));
    ctx.status(204);
  }
}
