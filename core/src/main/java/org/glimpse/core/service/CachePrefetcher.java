package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * at a time on the executor it is given. An image is fetched when it is queued through the API
 * (Glance 25's immediate caching), and the queue left by an earlier run is worked at start. The
 * copy is verified as any fill is and leaves the queue when published; an image that is gone, not
 * active or whose fetch fails stays queued, as in Glance, until queued again or cleared.
 */
public final class CachePrefetcher {
  private static final Logger LOG = LoggerFactory.getLogger(CachePrefetcher.class);
  private final ImageRepository images;
  private final ImageStore store;
  private final ImageCache cache;
  private final Executor executor;

  public CachePrefetcher(ImageRepository images, ImageStore store, ImageCache cache, Executor executor) {
    this.images = images;
    this.store = store;
    this.cache = cache;
    this.executor = executor;
  }

  /** Fetches the image into the cache in the background. */
  public void submit(String imageId) {
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
