package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.glimpse.core.error.UnsupportedMediaTypeException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.service.ImageService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.versions.VersionsResource;

/** /v2/images and /v2/images/{id}: create, list, show, patch, delete, (de)activate, tags. */
public final class ImagesResource {
  private final ImageService images;
  private final ImageView view;
  private final ImageCreateParser createParser;
  private final ImagePatchParser patchParser;
  private final ImageListParser listParser;
  private final SchemaValidator imageSchema;

  private final String importMethods;
  private final String storeIds;

  public ImagesResource(ImageService images, ImageView view, SchemaValidator imageSchema, int defaultLimit, int maxLimit) {
    this(images, view, imageSchema, defaultLimit, maxLimit, List.of());
  }

  /** With {@code importMethods}, announced on create as Glance does (OpenStack-image-import-methods). */
  public ImagesResource(ImageService images, ImageView view, SchemaValidator imageSchema, int defaultLimit, int maxLimit,
      List<String> importMethods) {
    this(images, view, imageSchema, defaultLimit, maxLimit, importMethods, MultiStore.NONE);
  }

  /** In multi-store mode the backend ids are announced on create (OpenStack-image-store-ids). */
  public ImagesResource(ImageService images, ImageView view, SchemaValidator imageSchema, int defaultLimit, int maxLimit,
      List<String> importMethods, MultiStore stores) {
    this.storeIds = stores.on() ? stores.ids() : null;
    this.importMethods = importMethods.isEmpty() ? null : String.join(",", importMethods);
    this.images = images;
    this.view = view;
    this.imageSchema = imageSchema;
    this.createParser = new ImageCreateParser(imageSchema);
    this.patchParser = new ImagePatchParser(imageSchema);
    this.listParser = new ImageListParser(defaultLimit, maxLimit);
  }

  public void create(Context ctx) {
    Image image = images.create(NoAuthContext.of(ctx), createParser.parse(Json.body(ctx)));
    ctx.header("Location", VersionsResource.baseUrl(ctx) + "/v2/images/" + image.getId());
    if (importMethods != null) {
      ctx.header("OpenStack-image-import-methods", importMethods);
    }
    if (storeIds != null) {
      ctx.header("OpenStack-image-store-ids", storeIds);
    }
    Json.write(ctx, 201, g -> view.write(g, image));
  }

  public void show(Context ctx) {
    Image image = images.get(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    Json.write(ctx, 200, g -> view.write(g, image));
  }

  public void update(Context ctx) {
    boolean v20;
    try {
      v20 = ImagePatchParser.isV20(ctx.header("Content-Type"));
    } catch (UnsupportedMediaTypeException e) {
      ctx.header("Accept-Patch", ImagePatchParser.ACCEPT_PATCH);
      throw e;
    }
    List<ImageChange> changes = patchParser.parse(Json.body(ctx), v20);
    Image image = images.update(NoAuthContext.of(ctx), ctx.pathParam("image_id"), changes);
    Json.write(ctx, 200, g -> view.write(g, image));
  }

  public void delete(Context ctx) {
    images.delete(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ctx.status(204);
  }

  public void deactivate(Context ctx) {
    images.deactivate(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ctx.status(204);
  }

  public void reactivate(Context ctx) {
    images.reactivate(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ctx.status(204);
  }

  public void addTag(Context ctx) {
    String tag = ctx.pathParam("tag");
    ObjectNode tags = Json.MAPPER.createObjectNode();
    tags.putArray("tags").add(tag);
    imageSchema.validate(tags);
    images.addTag(NoAuthContext.of(ctx), ctx.pathParam("image_id"), tag);
    ctx.status(204);
  }

  public void removeTag(Context ctx) {
    images.removeTag(NoAuthContext.of(ctx), ctx.pathParam("image_id"), ctx.pathParam("tag"));
    ctx.status(204);
  }

  public void list(Context ctx) {
    Map<String, List<String>> params = ctx.queryParamMap();
    ImageQuery query = listParser.parse(params);
    String marker = params.containsKey("marker") ? ctx.queryParam("marker") : null;
    List<Image> page = images.list(NoAuthContext.of(ctx), query, marker);

    Map<String, String> links = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (!v.isEmpty()) {
        links.put(k, v.get(v.size() - 1));
      }
    });
    links.remove("marker");
    String first = "/v2/images" + (links.isEmpty() ? "" : "?" + encode(links));
    String next = nextLink(links, page, query.limit);
    Json.write(ctx, 200, g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("images");
      for (Image image : page) {
        view.write(g, image);
      }
      g.writeEndArray();
      g.writeStringField("first", first);
      g.writeStringField("schema", "/v2/schemas/images");
      if (next != null) {
        g.writeStringField("next", next);
      }
      g.writeEndObject();
    });
  }

  /** The link to the page after a full one, or null when this page is the last. */
  private static String nextLink(Map<String, String> links, List<Image> page, int limit) {
    if (page.isEmpty() || page.size() != limit) {
      return null;
    }
    Map<String, String> next = new LinkedHashMap<>(links);
    next.put("marker", page.get(page.size() - 1).getId());
    return "/v2/images?" + encode(next);
  }

  private static String encode(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
