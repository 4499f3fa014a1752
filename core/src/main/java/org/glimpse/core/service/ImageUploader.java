package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.HashingInputStream;
import org.glimpse.core.data.LimitedInputStream;
import org.glimpse.core.data.VirtualSizeProbe;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.error.GoneException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams bytes into the store for an image already moved to {@code saving}, for both APIs: body
 * → size limit → md5 + sha512 → temporary object → checks → commit → record {@code active}. The
 * record changes through the {@link ImageUpdater} gate, touching only status and data fields, so
 * changes made to the image while its data streamed survive. On any failure the temporary object
 * is gone and the record is set to the face's {@link UploadErrors#onFailure} status.
 */
public final class ImageUploader {
  private static final Logger LOG = LoggerFactory.getLogger(ImageUploader.class);

  private final ImageRepository images;
  private final ImageUpdater updater;
  private final ImageStore store;
  private final DataLimits limits;
  private final Notifier notifier;

  public ImageUploader(ImageRepository images, ImageUpdater updater, ImageStore store, DataLimits limits,
      Notifier notifier) {
    this.images = images;
    this.updater = updater;
    this.store = store;
    this.limits = limits;
    this.notifier = notifier;
  }

  /** Bytes the image may still take, by the size cap and its owner's storage quota. */
  public long allowance(Image image) {
    long allowed = limits.imageSizeCap();
    if (limits.userStorageQuota() > 0 && image.getOwner() != null) {
      long used = images.storageUsedBy(image.getOwner(), image.getId());
      allowed = Math.min(allowed, Math.max(0, limits.userStorageQuota() - used));
    }
    return allowed;
  }

  /** Refuses, before anything is written, a size announced beyond the image's allowance. */
  public void checkDeclaredSize(Image image, long declaredSize, UploadErrors errors) {
    long allowance = allowance(image);
    if (declaredSize > allowance) {
      throw errors.declaredTooLarge(declaredSize, allowance, allowance < limits.imageSizeCap());
    }
  }

  /** Refuses, before anything is written, a size announced beyond the image size cap. */
  public void checkCap(long declaredSize, UploadErrors errors) {
    if (declaredSize > limits.imageSizeCap()) {
      throw errors.declaredTooLarge(declaredSize, limits.imageSizeCap(), false);
    }
  }

  /**
   * @param expectedSize bytes the upload must have (announced by the client or the record), or -1
   * @param expectedChecksum md5 the client announced (v1), or null
   */
  public Image store(RequestContext ctx, Image saving, InputStream body, long expectedSize,
      String expectedChecksum, UploadErrors errors) {
    try {
      Image active = write(saving, body, expectedSize, expectedChecksum, errors);
      notifier.image(Event.IMAGE_UPLOAD, ctx, active);
      notifier.image(Event.IMAGE_ACTIVATE, ctx, active);
      return active;
    } catch (RuntimeException | IOException e) {
      restore(saving.getId(), errors.onFailure());
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  private Image write(Image image, InputStream body, long expectedSize, String expectedChecksum,
      UploadErrors errors) throws IOException {
    checkDeclaredSize(image, expectedSize, errors);
    long allowance = allowance(image);
    boolean quota = allowance < limits.imageSizeCap();
    VirtualSizeProbe probe = new VirtualSizeProbe(new LimitedInputStream(body, allowance,
        () -> errors.tooLarge(allowance, quota), errors::readFailed));
    HashingInputStream hashed = new HashingInputStream(probe);
    String location;
    long size;
    String md5;
    try (ImageStore.StagedData staged = store.stage(image.getId(), hashed)) {
      size = staged.size();
      if (expectedSize >= 0 && size != expectedSize) {
        throw errors.sizeMismatch(expectedSize, size);
      }
      md5 = hashed.md5Hex();
      if (expectedChecksum != null && !expectedChecksum.equalsIgnoreCase(md5)) {
        throw errors.checksumMismatch(expectedChecksum, md5);
      }
      location = staged.commit();
    }
    Long virtualSize = probe.virtualSize(image.getDiskFormat(), size);
    String sha512 = hashed.sha512Hex();
    try {
      return updater.updateRecord(image.getId(), current -> {
        if (current.getStatus() != ImageStatus.SAVING) {
          throw new ConflictException("Image " + image.getId() + " is no longer saving");
        }
        current.setSize(size);
        current.setVirtualSize(virtualSize);
        current.setChecksum(md5);
        current.setOsHashAlgo(HashingInputStream.HASH_ALGO);
        current.setOsHashValue(sha512);
        current.setLocation(location);
        current.setStatus(ImageStatus.ACTIVE);
      });
    } catch (RuntimeException e) {
      store.delete(location);
      if (!(e instanceof NotFoundException || e instanceof ConflictException)) {
        throw e;
      }
      throw new GoneException("Image " + image.getId() + " could not be found after upload. "
          + "The image may have been deleted during the upload, cleaning up the chunks uploaded.");
    }
  }

  /** Puts a record still saving back to {@code onFailure}, with no data. */
  private void restore(String id, ImageStatus onFailure) {
    try {
      updater.updateRecord(id, current -> {
        if (current.getStatus() == ImageStatus.SAVING) {
          current.setStatus(onFailure);
          current.clearData();
        }
      });
    } catch (GlimpseException e) {
      LOG.info("image {} not restored to {} after a failed upload: {}", id, onFailure.wire(), e.getMessage());
    }
  }
}
