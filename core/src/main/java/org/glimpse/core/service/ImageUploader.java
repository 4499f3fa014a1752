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
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams bytes into the store for an image already moved to {@code saving} under an upload lease
 * ({@link #lease}), for both APIs: body → size limit → md5 + sha512 → lease renewal → the upload's
 * temporary object → checks → commit → record {@code active}. The record changes through the {@link
 * ImageUpdater} gate, touching only status and data fields, so changes made to the image while its
 * data streamed survive; the last step is a compare-and-swap on the lease, so an upload whose image
 * was taken back ({@link UploadRecovery}) can no longer complete. On any failure the temporary
 * object is gone and the record, if this upload still holds it, is set to the lease's fallback
 * status (the face's {@link UploadErrors#onFailure}).
 */
public final class ImageUploader {
  private static final Logger LOG = LoggerFactory.getLogger(ImageUploader.class);

  private final ImageRepository images;
  private final ImageUpdater updater;
  private final ImageStore store;
  private final DataLimits limits;
  private final Notifier notifier;
  private final UploadLeases leases;

  public ImageUploader(ImageRepository images, ImageUpdater updater, ImageStore store, DataLimits limits,
      Notifier notifier, UploadLeases leases) {
    this.images = images;
    this.updater = updater;
    this.store = store;
    this.limits = limits;
    this.notifier = notifier;
    this.leases = leases;
  }

  /**
   * A new lease for an upload by {@code ctx}, falling back to the face's failure status. The caller
   * sets it on the image in the same change that makes the image {@code saving}.
   */
  public UploadLease lease(RequestContext ctx, UploadErrors errors) {
    return leases.grant(ctx, errors.onFailure());
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

  /** The image size cap ({@code image_size_cap}). */
  public long sizeCap() {
    return limits.imageSizeCap();
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
   * @param saving the image as the change that made it saving left it, with this upload's lease
   * @param expectedSize bytes the upload must have (announced by the client or the record), or -1
   * @param expectedChecksum md5 the client announced (v1), or null
   */
  public Image store(RequestContext ctx, Image saving, InputStream body, long expectedSize,
      String expectedChecksum, UploadErrors errors) {
    UploadLease lease = saving.getUpload();
    if (saving.getStatus() != ImageStatus.SAVING || lease == null) {
      throw new IllegalStateException("image " + saving.getId() + " is not saving under an upload lease");
    }
    try {
      Image active = write(saving, lease, body, expectedSize, expectedChecksum, errors);
      notifier.image(Event.IMAGE_UPLOAD, ctx, active);
      notifier.image(Event.IMAGE_ACTIVATE, ctx, active);
      return active;
    } catch (RuntimeException | IOException e) {
      restore(saving.getId(), lease);
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  private Image write(Image image, UploadLease lease, InputStream body, long expectedSize,
      String expectedChecksum, UploadErrors errors) throws IOException {
    checkDeclaredSize(image, expectedSize, errors);
    long allowance = allowance(image);
    boolean quota = allowance < limits.imageSizeCap();
    VirtualSizeProbe probe = new VirtualSizeProbe(new LimitedInputStream(body, allowance,
        () -> errors.tooLarge(allowance, quota), errors::readFailed));
    HashingInputStream hashed = new HashingInputStream(probe);
    String location;
    long size;
    String md5;
    InputStream renewing = leases.keepAlive(image.getId(), lease, hashed, () -> released(image.getId()));
    try (ImageStore.StagedData staged = store.stage(image.getId(), lease.id(), renewing)) {
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
        if (!holds(current, lease)) {
          throw takenBack(image.getId());
        }
        current.setSize(size);
        current.setVirtualSize(virtualSize);
        current.setChecksum(md5);
        current.setOsHashAlgo(HashingInputStream.HASH_ALGO);
        current.setOsHashValue(sha512);
        current.setLocation(location);
        current.setStatus(ImageStatus.ACTIVE);
      });
    } catch (NotFoundException | ConflictException e) {
      // the record was not changed, and never will be by this upload: its data is no one's
      store.delete(location);
      if (e instanceof NotFoundException) {
        throw gone(image.getId());
      }
      throw e;
    }
    // Any other failure leaves the outcome open (the commit may have happened): the data stays,
    // and is either the image's or, once the lease expired and the image was taken back, removed.
  }

  /** Whether the upload with {@code lease} still holds the image. */
  private static boolean holds(Image current, UploadLease lease) {
    return current.getStatus() == ImageStatus.SAVING && current.getUpload() != null
        && current.getUpload().id().equals(lease.id());
  }

  /** The error for an upload that no longer holds its image: deleted meanwhile, or taken back. */
  private RuntimeException released(String id) {
    return images.find(id).isEmpty() ? gone(id) : takenBack(id);
  }

  private ConflictException takenBack(String id) {
    return new ConflictException("Image " + id + " was released while its data was being uploaded:"
        + " the upload made no progress for " + leases.leaseTime().toSeconds() + " s. Upload the data again.");
  }

  private static GoneException gone(String id) {
    return new GoneException("Image " + id + " could not be found after upload. "
        + "The image may have been deleted during the upload, cleaning up the chunks uploaded.");
  }

  /** Puts the record back to the lease's fallback status, with no data, if this upload still holds it. */
  private void restore(String id, UploadLease lease) {
    try {
      updater.updateRecord(id, current -> {
        if (holds(current, lease)) {
          current.setStatus(lease.fallback());
          current.clearData();
        }
      });
    } catch (GlimpseException e) {
      LOG.info("image {} not restored to {} after a failed upload: {}", id, lease.fallback().wire(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("image {} not restored to {} after a failed upload; its lease will expire and the upload"
          + " recovery will take it back: {}", id, lease.fallback().wire(), e.toString());
    }
  }
}
