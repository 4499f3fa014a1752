package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.glimpse.core.data.HashingInputStream;
import org.glimpse.core.data.LimitedInputStream;
import org.glimpse.core.data.VirtualSizeProbe;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.error.GoneException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams bytes into the store for an image already moved to {@code saving}: body → size limit →
 * md5 + sha512 → temporary object → checks → commit → record {@code active}. On any failure the
 * temporary object is gone and the record is set to {@code onFailure} (v2: queued, v1: killed).
 */
public final class ImageUploader {
  private static final Logger LOG = LoggerFactory.getLogger(ImageUploader.class);

  private final ImageRepository images;
  private final ImageStore store;
  private final DataLimits limits;
  private final Clock clock;

  public ImageUploader(ImageRepository images, ImageStore store, DataLimits limits, Clock clock) {
    this.images = images;
    this.store = store;
    this.limits = limits;
    this.clock = clock;
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
  public void checkDeclaredSize(Image image, long declaredSize) {
    long allowance = allowance(image);
    if (declaredSize > allowance) {
      throw tooLarge(declaredSize, allowance);
    }
  }

  /**
   * @param declaredSize bytes the client announced, or -1
   * @param expectedChecksum md5 the client announced (v1), or null
   */
  public Image store(Image saving, InputStream body, long declaredSize, String expectedChecksum, ImageStatus onFailure) {
    try {
      return write(saving, body, declaredSize, expectedChecksum);
    } catch (RuntimeException | IOException e) {
      restore(saving, onFailure);
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  private Image write(Image image, InputStream body, long declaredSize, String expectedChecksum) throws IOException {
    long allowance = allowance(image);
    if (declaredSize > allowance) {
      throw tooLarge(declaredSize, allowance);
    }
    VirtualSizeProbe probe =
        new VirtualSizeProbe(new LimitedInputStream(body, allowance, () -> tooLarge(-1, allowance)));
    HashingInputStream hashed = new HashingInputStream(probe);
    try (ImageStore.StagedData staged = store.stage(image.getId(), hashed)) {
      if (declaredSize >= 0 && staged.size() != declaredSize) {
        throw new BadRequestException("Supplied image size (" + declaredSize
            + ") does not match the size of the data received (" + staged.size() + ").");
      }
      String md5 = hashed.md5Hex();
      if (expectedChecksum != null && !expectedChecksum.equalsIgnoreCase(md5)) {
        throw new BadRequestException("Supplied checksum (" + expectedChecksum
            + ") and checksum generated from uploaded image (" + md5 + ") did not match.");
      }
      String location = staged.commit();
      image.setSize(staged.size());
      image.setVirtualSize(probe.virtualSize(image.getDiskFormat(), staged.size()));
      image.setChecksum(md5);
      image.setOsHashAlgo(HashingInputStream.HASH_ALGO);
      image.setOsHashValue(hashed.sha512Hex());
      image.setLocation(location);
      image.setStatus(ImageStatus.ACTIVE);
      image.setUpdatedAt(now());
      try {
        images.update(image, ImageStatus.SAVING);
      } catch (RuntimeException e) {
        store.delete(location);
        if (!(e instanceof NotFoundException || e instanceof ConflictException)) {
          throw e;
        }
        throw new GoneException("Image " + image.getId() + " could not be found after upload. "
            + "The image may have been deleted during the upload, cleaning up the chunks uploaded.");
      }
      return image;
    }
  }

  private TooLargeException tooLarge(long size, long allowance) {
    boolean quota = allowance < limits.imageSizeCap();
    String what = quota ? "Image exceeds the storage quota" : "The incoming image is too large";
    return new TooLargeException(what + ": " + (size >= 0 ? size + " bytes requested, " : "")
        + allowance + " bytes allowed.");
  }

  private void restore(Image image, ImageStatus onFailure) {
    Image back = image.copy();
    back.setStatus(onFailure);
    back.setSize(null);
    back.setVirtualSize(null);
    back.setChecksum(null);
    back.setOsHashAlgo(null);
    back.setOsHashValue(null);
    back.setLocation(null);
    back.setUpdatedAt(now());
    try {
      images.update(back, ImageStatus.SAVING);
    } catch (GlimpseException e) {
      LOG.info("image {} not restored to {} after a failed upload: {}", image.getId(), onFailure.wire(), e.getMessage());
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
