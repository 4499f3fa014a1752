package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.port.ImageCache.CachedImage;
import org.glimpse.core.port.ImageCache.Pruned;
import org.glimpse.core.service.CacheService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;

/**
 * Glance's cache management API: {@code /v2/cache} (list; clear by {@code
 * x-image-cache-clear-target}), {@code /v2/cache/{image_id}} (queue: 202; remove: 204), and
 * {@code POST /v2/cache/clean} and {@code /v2/cache/prune} of Glance's v2.18.
 */
public final class CacheResource {
  static final String CLEAR_TARGET = "x-image-cache-clear-target";
  private final CacheService cache;

  public CacheResource(CacheService cache) {
    this.cache = cache;
  }

  public void state(Context ctx) {
    CacheService.State state = cache.state(NoAuthContext.of(ctx));
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode cached = body.putArray("cached_images");
    for (CachedImage c : state.cached()) {
      render(cached.addObject(), c);
    }
    ArrayNode queued = body.putArray("queued_images");
    state.queued().forEach(queued::add);
    Json.write(ctx, 200, body);
  }

  /** One cached image, with Glance's fields in Glance's order. */
  static void render(ObjectNode e, CachedImage c) {
    e.put("image_id", c.imageId());
    e.put("hits", c.hits());
    e.put("last_accessed", c.lastAccessed());
    e.put("last_modified", c.lastModified());
    e.put("size", c.size());
  }

  public void clear(Context ctx) {
    cache.clear(NoAuthContext.of(ctx), ctx.header(CLEAR_TARGET));
    noContent(ctx, 204);
  }

  public void queue(Context ctx) {
    cache.queue(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    noContent(ctx, 202);
  }

  public void delete(Context ctx) {
    cache.delete(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    noContent(ctx, 204);
  }

  public void clean(Context ctx) {
    cache.clean(NoAuthContext.of(ctx));
    noContent(ctx, 200);
  }

  public void prune(Context ctx) {
    Pruned pruned = cache.prune(NoAuthContext.of(ctx));
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("total_files_pruned", pruned.files());
    body.put("total_bytes_pruned", pruned.bytes());
    Json.write(ctx, 200, body);
  }

  private static void noContent(Context ctx, int status) {
    ctx.status(status);
    ctx.res().setContentType(null);
  }
}
