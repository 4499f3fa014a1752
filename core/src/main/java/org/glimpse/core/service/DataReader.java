package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageCache;
import org.glimpse.core.port.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an image's data for a caller already allowed to read it: from this node's cache when it
 * holds a verified copy (any range), else from the store — and a read of the whole image from the
 * store fills the cache as it streams. Only active images use the cache: a deactivated image an
 * admin downloads comes from the store and is not cached, as in Glance. Without a cache (or with
 * Glance's cache middleware off) every read goes to the store.
 */
public final class DataReader {
  private static final Logger LOG = LoggerFactory.getLogger(DataReader.class);
  private final ImageStore store;
  private final ImageCache cache;

  /** @param cache the cache downloads go through, or null for none */
  public DataReader(ImageStore store, ImageCache cache) {
    this.store = store;
    this.cache = cache;
  }

  /** Streams {@code length} bytes from {@code offset} ({@code -1}: to the end). */
  public InputStream open(Image image, long offset, long length) throws IOException {
    if (cache == null || image.getStatus() != ImageStatus.ACTIVE || image.getSize() == null) {
      return store.open(image.getLocation(), offset, length);
    }
    ImageCache.Expected expected = expected(image);
    try {
      InputStream cached = cache.open(image.getId(), expected, offset, length);
      if (cached != null) {
        return cached;
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("image cache: reading image {} from the cache failed, reading the store: {}", image.getId(),
          e.toString());
    }
    boolean whole = offset == 0 && (length < 0 || length == image.getSize());
    InputStream stored = store.open(image.getLocation(), offset, length);
    return whole ? cache.fill(image.getId(), expected, stored) : stored;
  }

  static ImageCache.Expected expected(Image image) {
    return new ImageCache.Expected(image.getSize(), image.getChecksum(), image.getOsHashAlgo(),
        image.getOsHashValue());
  }
}
