package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.UnsupportedMediaTypeException;
import org.glimpse.core.imports.ImportRequest;
import org.glimpse.core.service.ImageStager;
import org.glimpse.core.service.ImportService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.MediaType;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.http.RequestBody;
import io.javalin.http.Context;

/**
 * Interoperable image import: {@code PUT /v2/images/{id}/stage}, {@code POST
 * /v2/images/{id}/import} and the discovery call {@code GET /v2/info/import}.
 */
public final class ImportResource {
  private final ImageStager stager;
  private final ImportService imports;
  private final MultiStore stores;

  public ImportResource(ImageStager stager, ImportService imports) {
    this(stager, imports, MultiStore.NONE);
  }

  /** In multi-store mode an import's target stores are checked (see {@link ImportTargets}). */
  public ImportResource(ImageStager stager, ImportService imports, MultiStore stores) {
    this.stager = stager;
    this.imports = imports;
    this.stores = stores;
  }

  /** As Glance: 404 unless glance-direct is enabled, then the media type, then the image. */
  public void stage(Context ctx) throws IOException {
    if (!imports.enabled(ImportRequest.GLANCE_DIRECT)) {
      throw new NotFoundException("'glance-direct' method is not available at this site.");
    }
    String mediaType = MediaType.of(ctx.header("Content-Type"), "text/plain");
    if (!mediaType.equals("application/octet-stream")) {
      throw new UnsupportedMediaTypeException("The request media type " + mediaType + " is not supported by this server.");
    }
    long declared = ctx.req().getContentLengthLong();
    try (InputStream body = RequestBody.of(ctx)) {
      stager.stage(NoAuthContext.of(ctx), ctx.pathParam("image_id"), body, declared);
    }
    ctx.status(204);
  }

  public void importImage(Context ctx) {
    JsonNode body = Json.body(ctx);
    ImportRequest request = parse(body);
    if (stores.on()) {
      List<String> targets = ImportTargets.resolve(stores, body, ctx.header("X-Image-Meta-Store"));
      request = request.withStores(targets);
    }
    imports.importImage(NoAuthContext.of(ctx), ctx.pathParam("image_id"), request);
    // as Glance (WebOb's default answer): an empty text/html body, which clients do not parse
    ctx.status(202);
    ctx.contentType("text/html; charset=UTF-8");
    ctx.result("");
  }

  /** Glance's checks of the body, in its order and words. */
  static ImportRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new BadRequestException("Import request requires a 'method' field.");
    }
    JsonNode method = body.get("method");
    if (method == null || !method.isObject()) {
      throw new BadRequestException("Import request requires a 'method' field.");
    }
    JsonNode name = method.get("name");
    if (name == null) {
      throw new BadRequestException("Import request requires a 'name' field.");
    }
    if (!name.isTextual()) {
      throw new BadRequestException("Unknown import method name '" + name + "'.");
    }
    boolean mustSucceed = bool(body, "all_stores_must_succeed", true);
    boolean allStores = bool(body, "all_stores", false);
    JsonNode uri = method.get("uri");
    if (uri != null && !uri.isTextual() && !uri.isNull()) {
      throw new BadRequestException("'uri' must be a string");
    }
    // the stores are resolved (and checked) only in multi-store mode: see ImportTargets
    List<String> stores = List.of();
    String algo = null;
    String value = null;
    JsonNode validation = method.get("validation_data");
    if (validation != null && validation.isObject()) {
      algo = text(validation, "os_hash_algo");
      value = text(validation, "os_hash_value");
      if (value == null) {
        throw new BadRequestException("validation_data needs os_hash_value");
      }
    }
    ImportRequest.GlanceImage glance = null;
    if (name.asText().equals(ImportRequest.GLANCE_DOWNLOAD)) {
      // as Glance, a missing interface means public, and the task's input says so
      if (!method.has("glance_service_interface")) {
        ((ObjectNode) method).put("glance_service_interface", "public");
      }
      glance = new ImportRequest.GlanceImage(scalar(method, "glance_image_id"), scalar(method, "glance_region"),
          scalar(method, "glance_service_interface"));
    }
    return new ImportRequest(name.asText(), uri == null || uri.isNull() ? null : uri.asText(), stores, allStores,
        mustSucceed, algo, value, body.toString(), glance);
  }

  /** A glance-download field as text: null when absent, a number or boolean as written. */
  private static String scalar(JsonNode method, String key) {
    JsonNode v = method.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode() || v.isNull()) {
      throw new BadRequestException("'" + key + "' must be a string");
    }
    return v.asText();
  }

  private static String text(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new BadRequestException("validation_data " + key + " must be a string");
    }
    return v.asText();
  }

  private static boolean bool(JsonNode body, String key, boolean fallback) {
    JsonNode v = body.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new BadRequestException("'" + key + "' must be boolean value only");
    }
    return v.asBoolean();
  }

  /** {@code GET /v2/info/import}: the import methods, as Glance's discovery answers. */
  public void info(Context ctx) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode methods = root.putObject("import-methods");
    methods.put("description", "Import methods available.");
    methods.put("type", "array");
    var value = methods.putArray("value");
    imports.enabledMethods().forEach(value::add);
    Json.write(ctx, 200, root);
  }
}
