package org.glimpse.core.service;

import java.io.IOException;
import java.time.Instant;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageCache;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of deleting an image, the same for v1 and v2: the record is soft-deleted (its
 * memberships ended) and its data removed at once — or, with Glance's {@code delayed_delete}, an
 * image with stored data becomes {@code pending_delete} and keeps its data for the {@link Scrubber}.
 */
public final class ImageDeleter {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDeleter.class);
  private final ImageRepository images;
  private final ImageStore store;
  private final boolean delayedDelete;
  private final ImageCache cache;

  public ImageDeleter(ImageRepository images, ImageStore store, boolean delayedDelete) {
    this(images, store, delayedDelete, null);
  }

  /** @param cache this node's image cache (or null): a deleted image leaves it at once */
  public ImageDeleter(ImageRepository images, ImageStore store, boolean delayedDelete, ImageCache cache) {
    this.images = images;
    this.store = store;
    this.delayedDelete = delayedDelete;
    this.cache = cache;
  }

  /** Deletes {@code image} (as the caller loaded it) at {@code when}; returns its new status. */
  public ImageStatus delete(Image image, Instant when) {
    ImageStatus status = deleteRecordAndData(image, when);
    if (cache != null) {
      cache.deleteCached(image.getId());
      cache.deleteQueued(image.getId());
    }
    return status;
  }

  private ImageStatus deleteRecordAndData(Image loaded, Instant when) {
    Image image = loaded;
    while (image.getLocation() == null) {
      image.getStatus().requireTransition(ImageStatus.DELETED);
      if (images.deleteWithoutData(image.getId(), when)) {
        return ImageStatus.DELETED;
      }
      // an upload committed data after the caller's read: decide again on the record as it is
      // now (a location, once set, stays, so this runs at most twice)
      String id = image.getId();
      image = images.find(id).orElseThrow(() -> new NotFoundException("Failed to find image " + id + " to delete"));
    }
    if (delayedDelete && image.getLocation() != null) {
      image.getStatus().requireTransition(ImageStatus.PENDING_DELETE);
      images.markPendingDelete(image.getId(), when);
      return ImageStatus.PENDING_DELETE;
    }
    image.getStatus().requireTransition(ImageStatus.DELETED);
    images.delete(image.getId(), when);
    for (ImageLocation location : image.getLocations()) {
      try {
        store.delete(location.url());
      } catch (IOException | RuntimeException e) {
        // the record is gone either way; a leftover object is only wasted space
        LOG.warn("data of deleted image {} not removed from {}: {}", image.getId(), location.url(), e.toString());
      }
    }
    return ImageStatus.DELETED;
  }
}
