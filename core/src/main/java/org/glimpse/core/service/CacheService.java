package org.glimpse.core.service;

import java.util.List;
import java.util.Locale;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageCache;
import org.glimpse.core.port.ImageCache.CachedImage;
import org.glimpse.core.port.ImageCache.Pruned;

/**
 * The cache management API of Glance (v2.14+, {@code /v2/cache}; clean and prune from v2.18):
 * each operation checks its policy rule first, then answers NotFound when this site has no cache
 * ({@code image_cache_dir} unset), as Glance does.
 */
public final class CacheService {
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageCache cache;
  private final CachePrefetcher prefetcher;

  /** @param cache this node's cache, or null when the site has none */
  public CacheService(ImageLookup lookup, ImagePolicy policy, ImageCache cache, CachePrefetcher prefetcher) {
    this.lookup = lookup;
    this.policy = policy;
    this.cache = cache;
    this.prefetcher = prefetcher;
  }

  /** What {@code x-image-cache-clear-target} asks to clear. */
  public enum ClearTarget { CACHE, QUEUE, BOTH }

  public record State(List<CachedImage> cached, List<String> queued) {}

  public record Cleared(Integer cacheDeleted, Integer queueDeleted) {}

  public State state(RequestContext ctx) {
    policy.cacheList(ctx);
    ImageCache c = cache();
    // the queue first: an image published meanwhile shows in both lists, never in neither
    List<String> queued = c.queuedImages();
    return new State(c.cachedImages(), queued);
  }

  /** Queues an active image the caller sees and starts fetching it into the cache. */
  public void queue(RequestContext ctx, String imageId) {
    Image image = find(ctx, imageId);
    policy.cacheImage(ctx, image);
    ImageCache c = cache();
    if (image.getStatus() != ImageStatus.ACTIVE) {
      throw new BadRequestException("Only images with status active can be targeted for queueing");
    }
    c.queue(imageId);
    prefetcher.submit(imageId);
  }

  /**
   * Removes the image from the cache and the queue. An id the caller cannot see as an image is
   * still removed when the cache or the queue holds it (the image may be deleted by now).
   */
  public void delete(RequestContext ctx, String imageId) {
    Image image;
    try {
      image = lookup.visible(ctx, imageId);
    } catch (NotFoundException e) {
      image = null;
      if (cache == null || !(cache.isCached(imageId) || cache.queuedImages().contains(imageId))) {
        throw notFound(imageId);
      }
    }
    policy.cacheDelete(ctx, image);
    ImageCache c = cache();
    c.deleteCached(imageId);
    c.deleteQueued(imageId);
  }

  public Cleared clear(RequestContext ctx, String targetHeader) {
    policy.cacheDelete(ctx, null);
    ImageCache c = cache();
    ClearTarget target = clearTarget(targetHeader);
    return new Cleared(target == ClearTarget.QUEUE ? null : c.deleteAllCached(),
        target == ClearTarget.CACHE ? null : c.deleteAllQueued());
  }

  public void clean(RequestContext ctx) {
    policy.cacheClean(ctx);
    cache().clean();
  }

  public Pruned prune(RequestContext ctx) {
    policy.cachePrune(ctx);
    return cache().prune();
  }

  /** Glance's reading of the header: absent or empty means both, case does not matter. */
  static ClearTarget clearTarget(String header) {
    String t = header == null ? "" : header.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "" -> ClearTarget.BOTH;
      case "cache" -> ClearTarget.CACHE;
      case "queue" -> ClearTarget.QUEUE;
      default -> throw new BadRequestException(
          "If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or empty string.");
    };
  }

  private Image find(RequestContext ctx, String imageId) {
    try {
      return lookup.visible(ctx, imageId);
    } catch (NotFoundException e) {
      throw notFound(imageId);
    }
  }

  private ImageCache cache() {
    if (cache == null) {
      throw new NotFoundException("Caching via API is not supported at this site.");
    }
    return cache;
  }

  private static NotFoundException notFound(String imageId) {
    return new NotFoundException("Image " + imageId + " not found.");
  }
}
