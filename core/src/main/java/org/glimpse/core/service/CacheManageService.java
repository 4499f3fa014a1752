package org.glimpse.core.service;

import java.util.List;
import org.glimpse.core.RequestContext;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageCache;
import org.glimpse.core.port.ImageCache.CachedImage;

/**
 * Glance's older cache management middleware ({@code /v2/cached_images}, {@code
 * /v2/queued_images}, served with the {@code cachemanagement} flavors): every operation needs
 * {@code manage_image_cache}, and ids are taken as given, without looking the image up — a queued
 * id that is no image stays queued (the prefetcher does not find it), as in Glance. Unlike Glance
 * 25, whose queue through this API waits for the glance-cache-prefetcher command, Glimpse starts
 * fetching a queued image at once, as through {@code PUT /v2/cache/{image_id}}.
 */
public final class CacheManageService {
  private final ImagePolicy policy;
  private final ImageCache cache;
  private final CachePrefetcher prefetcher;

  public CacheManageService(ImagePolicy policy, ImageCache cache, CachePrefetcher prefetcher) {
    this.policy = policy;
    this.cache = cache;
    this.prefetcher = prefetcher;
  }

  public List<CachedImage> cachedImages(RequestContext ctx) {
    policy.manageImageCache(ctx);
    return cache.cachedImages();
  }

  public void deleteCachedImage(RequestContext ctx, String imageId) {
    policy.manageImageCache(ctx);
    cache.deleteCached(imageId);
  }

  /** Returns how many copies were removed. */
  public int deleteCachedImages(RequestContext ctx) {
    policy.manageImageCache(ctx);
    return cache.deleteAllCached();
  }

  public List<String> queuedImages(RequestContext ctx) {
    policy.manageImageCache(ctx);
    return cache.queuedImages();
  }

  public void queueImage(RequestContext ctx, String imageId) {
    policy.manageImageCache(ctx);
    if (cache.queue(imageId)) {
      prefetcher.submit(imageId);
    }
  }

  public void deleteQueuedImage(RequestContext ctx, String imageId) {
    policy.manageImageCache(ctx);
    cache.deleteQueued(imageId);
  }

  /** Returns how many entries the queue had. */
  public int deleteQueuedImages(RequestContext ctx) {
    policy.manageImageCache(ctx);
    return cache.deleteAllQueued();
  }
}
