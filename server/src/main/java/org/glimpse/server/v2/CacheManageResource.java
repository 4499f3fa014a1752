package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.glimpse.core.port.ImageCache.CachedImage;
import org.glimpse.core.service.CacheManageService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.http.Routes;

/**
 * Glance's older cache management middleware, served with the {@code cachemanagement} flavors:
 * {@code /v2/cached_images} and {@code /v2/queued_images}, answering as Glance 25 does (200, a
 * JSON {@code null} where Glance's controller returns nothing, {@code num_deleted} for a clear).
 */
public final class CacheManageResource {
  private final CacheManageService cache;

  public CacheManageResource(CacheManageService cache) {
    this.cache = cache;
  }

  public void register(Routes routes) {
    routes.path("/v2/cached_images")
        .on(HandlerType.GET, this::cachedImages)
        .on(HandlerType.DELETE, ctx -> numDeleted(ctx, cache.deleteCachedImages(NoAuthContext.of(ctx)))).register();
    routes.path("/v2/cached_images/{image_id}")
        .on(HandlerType.DELETE, ctx -> {
          cache.deleteCachedImage(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
          Json.write(ctx, 200, NullNode.getInstance());
        }).register();
    routes.path("/v2/queued_images")
        .on(HandlerType.GET, this::queuedImages)
        .on(HandlerType.DELETE, ctx -> numDeleted(ctx, cache.deleteQueuedImages(NoAuthContext.of(ctx)))).register();
    routes.path("/v2/queued_images/{image_id}")
        .on(HandlerType.PUT, ctx -> {
          cache.queueImage(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
          Json.write(ctx, 200, NullNode.getInstance());
        })
        .on(HandlerType.DELETE, ctx -> {
          cache.deleteQueuedImage(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
          Json.write(ctx, 200, NullNode.getInstance());
        }).register();
  }

  private void cachedImages(Context ctx) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode cached = body.putArray("cached_images");
    for (CachedImage c : cache.cachedImages(NoAuthContext.of(ctx))) {
      CacheResource.render(cached.addObject(), c);
    }
    Json.write(ctx, 200, body);
  }

  private void queuedImages(Context ctx) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode queued = body.putArray("queued_images");
    cache.queuedImages(NoAuthContext.of(ctx)).forEach(queued::add);
    Json.write(ctx, 200, body);
  }

  private static void numDeleted(Context ctx, int n) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("num_deleted", n);
    Json.write(ctx, 200, body);
  }
}
