package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageCache;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance's cache worker and prefetcher: copies queued images from the store into the cache, one
 * at a time on the executor it is given. Immediately (Glance 25): an image is fetched as soon as
 * it is queued through {@code PUT /v2/cache/{id}}, and the queue an earlier run left is worked at
 * start. Periodically (Glance 24 and older, {@code cache_prefetcher_interval} set): queuing only
 * queues, and {@link #runQueue} fetches the whole queue on each tick. The copy is verified as any
 * fill is and leaves the queue when published; an image that is gone, not active or whose fetch
 * fails stays queued, as in Glance, until queued again or cleared.
 */
public final class CachePrefetcher {
  private static final Logger LOG = LoggerFactory.getLogger(CachePrefetcher.class);
  private final ImageRepository images;
  private final ImageStore store;
  private final ImageCache cache;
  private final Executor executor;
  private final boolean immediate;

  /**
   * @param immediate whether {@link #submit} fetches at once (Glance 25) or leaves the image to
   *     the next {@link #runQueue} (Glance 24's periodic prefetcher)
   */
  public CachePrefetcher(ImageRepository images, ImageStore store, ImageCache cache, Executor executor,
      boolean immediate) {
    this.images = images;
    this.store = store;
    this.cache = cache;
    this.executor = executor;
    this.immediate = immediate;
  }

  /** An image was queued: with immediate caching, fetches it into the cache in the background. */
  public void submit(String imageId) {
    if (!immediate) {
      return;
    }
    try {
      executor.execute(() -> fetch(imageId));
    } catch (RejectedExecutionException e) {
      LOG.info("image cache: server stopping; image {} stays queued", imageId);
    }
  }

  /** Submits every queued image (at start: what an earlier run left in the queue). */
  public void submitQueued() {
    cache.queuedImages().forEach(this::submit);
  }

  /** One periodic run: fetches every queued image, oldest first; never throws. */
  public void runQueue() {
    try {
      List<String> queued = cache.queuedImages();
      int cached = 0;
      for (String id : queued) {
        if (fetch(id)) {
          cached++;
        }
      }
      if (!queued.isEmpty()) {
        LOG.info("image cache: prefetched {} of {} queued image(s)", cached, queued.size());
      }
    } catch (RuntimeException e) {
      LOG.warn("image cache: prefetching the queue failed; trying again at the next run: {}", e.toString());
    }
  }

  /** Copies one image into the cache now; true when it is cached afterwards. Never throws. */
  public boolean fetch(String imageId) {
    try {
      if (cache.isCached(imageId)) {
        cache.deleteQueued(imageId);
        return true;
      }
      Optional<Image> found = images.find(imageId);
      if (found.isEmpty()) {
        LOG.warn("image cache: queued image {} not found; not caching", imageId);
        return false;
      }
      Image image = found.get();
      if (image.getStatus() != ImageStatus.ACTIVE || image.getLocation() == null || image.getSize() == null) {
        LOG.warn("image cache: queued image {} is not active; not caching", imageId);
        return false;
      }
      try (InputStream in = cache.fill(imageId, DataReader.expected(image), store.open(image.getLocation(), 0, -1))) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return cache.isCached(imageId);
    } catch (IOException | RuntimeException e) {
      LOG.warn("image cache: fetching image {} into the cache failed; it stays queued: {}", imageId, e.toString());
      return false;
    }
  }
}
