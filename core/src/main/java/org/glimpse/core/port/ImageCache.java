package org.glimpse.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * This node's cache of image data (Glance's image cache): copies of whole images kept next to the
 * server, in front of the {@link ImageStore}, and a queue of images to copy in ahead of use. The
 * cache is local to each node and holds only bytes; who may read an image is decided before the
 * cache is asked.
 *
 * <p>A copy is published only whole: {@link #fill} writes an incomplete copy while the bytes pass
 * through, and makes it readable in one atomic step if and only if every byte arrived and the
 * image's size and checksum match. A published copy is verified again while it is read: {@link
 * #open} hands out no byte it has not checked, and a copy found damaged is evicted.
 */
public interface ImageCache {

  /**
   * Opens the cached copy of the image for reading {@code length} bytes from {@code offset}
   * ({@code length -1}: to the end), or returns null when this node holds no usable copy (none, or
   * one that does not match {@code expected}: such a copy is evicted). Bytes are verified before
   * they are handed out; a damaged copy evicts itself and the stream fails with an IOException.
   * A read counts as a hit and makes the copy the most recently used.
   */
  InputStream open(String imageId, Expected expected, long offset, long length) throws IOException;

  /**
   * Wraps a read of the whole image from the store: the bytes pass through unchanged and are
   * written to an incomplete copy, published when the stream reaches its end with {@code expected}
   * size and checksums. Closing the stream early, a read error or a mismatch discards the copy.
   * Returns {@code source} itself when the image is already cached or being cached.
   */
  InputStream fill(String imageId, Expected expected, InputStream source);

  /** True when a published copy of the image is in the cache. */
  boolean isCached(String imageId);

  /** The published copies, in no particular order. */
  List<CachedImage> cachedImages();

  /** Image ids waiting to be cached, oldest first. */
  List<String> queuedImages();

  /**
   * Puts the image in the queue; false (and no change) when it is already cached, being cached
   * or queued.
   */
  boolean queue(String imageId);

  /** Removes the cached copy of the image, if any. */
  void deleteCached(String imageId);

  /** Removes the image from the queue, if there. */
  void deleteQueued(String imageId);

  /** Removes every cached copy; returns how many. */
  int deleteAllCached();

  /** Empties the queue; returns how many entries it had. */
  int deleteAllQueued();

  /**
   * Removes what failed fills left (invalid copies) and incomplete copies unchanged for longer
   * than the stall time; returns how many files were removed.
   */
  int clean();

  /**
   * Removes cached copies, least recently used first, until the cache holds no more than its
   * maximum size.
   */
  Pruned prune();

  /**
   * What a copy must be to stand for the image: its size, its md5 {@code checksum} and its
   * multihash ({@code os_hash_algo}, {@code os_hash_value}); a null checksum or hash is not
   * checked.
   */
  record Expected(long size, String checksum, String hashAlgo, String hashValue) {}

  /**
   * One published copy, as Glance lists it.
   *
   * @param lastAccessed seconds since the epoch of its last read (or of its publication)
   * @param lastModified seconds since the epoch of its publication
   */
  record CachedImage(String imageId, double lastAccessed, double lastModified, long size, long hits) {}

  /** What a prune removed. */
  record Pruned(int files, long bytes) {}
}
