package org.glimpse.server.v2.metadefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.metadef.NamespaceDetail;
import org.glimpse.core.service.MetadefService;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.http.Json;

/** /v2/metadefs/namespaces and /v2/metadefs/namespaces/{namespace} (and its bulk deletes). */
final class NamespacesResource {
  /** Most resource types one listing may filter on (each is one bound value of its query). */
  static final int MAX_RESOURCE_TYPES = 100;

  private final MetadefService service;
  private final MetadefSchemas schemas;
  private final int limitDefault;
  private final int limitMax;

  NamespacesResource(MetadefService service, MetadefSchemas schemas, int limitDefault, int limitMax) {
    this.service = service;
    this.schemas = schemas;
    this.limitDefault = limitDefault;
    this.limitMax = limitMax;
  }

  void list(Context ctx) {
    Integer asked = MetadefQuery.limit(ctx);
    int limit = Math.min(limitMax, asked == null ? limitDefault : asked);
    String types = ctx.queryParam("resource_types");
    List<String> resourceTypes = types == null || types.isEmpty() ? List.of() : Arrays.asList(types.split(","));
    if (resourceTypes.size() > MAX_RESOURCE_TYPES) {
      throw new BadRequestException("A listing may filter on at most " + MAX_RESOURCE_TYPES + " resource types.");
    }
    MetadefService.NamespacePage page = service.list(Authenticator.caller(ctx), MetadefQuery.visibility(ctx),
        resourceTypes, ctx.queryParam("marker"), limit, MetadefQuery.sortKey(ctx), MetadefQuery.ascending(ctx));
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("namespaces");
    page.namespaces().forEach(d -> list.add(MetadefJson.namespace(d.namespace(), d.content(), MetadefJson.Form.READ)));
    Map<String, String> params = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> {
      if (!k.equals("marker") && !v.isEmpty()) {
        params.put(k, v.get(v.size() - 1));
      }
    });
    if (page.full()) {
      Map<String, String> next = new LinkedHashMap<>(params);
      next.put("marker", page.namespaces().get(page.namespaces().size() - 1).namespace().name());
      body.put("next", "/v2/metadefs/namespaces?" + query(next));
    }
    body.put("schema", "/v2/schemas/metadefs/namespaces");
    body.put("first", "/v2/metadefs/namespaces" + (params.isEmpty() ? "" : "?" + query(params)));
    Json.write(ctx, 200, body);
  }

  void create(Context ctx) {
    JsonNode body = MetadefJson.requireObject(Json.body(ctx));
    MetadefJson.refuseReadOnly(body, "self", "schema", "created_at", "updated_at");
    schemas.namespace.validate(body);
    NamespaceDetail created = service.create(Authenticator.caller(ctx), MetadefJson.namespaceDraft(body),
        MetadefJson.namespaceContent(body));
    ObjectNode out = MetadefJson.namespace(created.namespace(), created.content(), MetadefJson.Form.WRITTEN);
    ctx.header("Location", "/v2/metadefs/namespaces/" + created.namespace().name());
    Json.write(ctx, 201, out);
  }

  void show(Context ctx) {
    NamespaceDetail detail = service.show(Authenticator.caller(ctx), ctx.pathParam("namespace"));
    ObjectNode out = MetadefJson.namespace(detail.namespace(), detail.content(), MetadefJson.Form.READ);
    String resourceType = ctx.queryParam("resource_type");
    if (resourceType != null && !resourceType.isEmpty()) {
      MetadefJson.prefixProperties(out, detail.content(), resourceType);
    }
    Json.write(ctx, 200, out);
  }

  void update(Context ctx) {
    JsonNode body = MetadefJson.requireObject(Json.body(ctx));
    MetadefJson.refuseReadOnly(body, "self", "schema", "created_at", "updated_at");
    schemas.namespace.validate(body);
    var updated = service.update(Authenticator.caller(ctx), ctx.pathParam("namespace"),
        MetadefJson.namespaceDraft(body));
    Json.write(ctx, 200, MetadefJson.namespace(updated, null, MetadefJson.Form.WRITTEN));
  }

  void delete(Context ctx) {
    service.delete(Authenticator.caller(ctx), ctx.pathParam("namespace"));
    ctx.status(204);
  }

  void deleteObjects(Context ctx) {
    service.deleteObjects(Authenticator.caller(ctx), ctx.pathParam("namespace"));
    ctx.status(204);
  }

  void deleteProperties(Context ctx) {
    service.deleteProperties(Authenticator.caller(ctx), ctx.pathParam("namespace"));
    ctx.status(204);
  }

  void deleteTags(Context ctx) {
    service.deleteTags(Authenticator.caller(ctx), ctx.pathParam("namespace"));
    ctx.status(204);
  }

  private static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
