package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.DigestingChunks;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.data.LimitedInputStream;
import org.glimpse.core.data.ReservingInputStream;
import org.glimpse.core.data.format.FormatInspectingStream;
import org.glimpse.core.data.format.FormatVerdict;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.error.GoneException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.ProjectLimits;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams bytes into the store for an image already moved to {@code saving} under an upload lease
 * ({@link #lease}), for both APIs: body → size limit → quota reservation → format inspection →
 * lease renewal → 1 MiB chunks, hashed (md5 and the multihash, {@code hashing_algorithm}) on two
 * threads of their own while the store writes them → the upload's temporary object, synced →
 * checks (size, checksum, format and safety) → commit → record {@code active}. The record changes
 * through the {@link ImageUpdater} gate, touching only status and data fields, so changes made to
 * the image while its
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
  private final HashAlgorithm hashing;
  private final Notifier notifier;
  private final UploadLeases leases;
  private final FormatVerdict formats;
  private final LimitEnforcer enforcer;

  public ImageUploader(ImageRepository images, ImageUpdater updater, ImageStore store, DataLimits limits,
      HashAlgorithm hashing, Notifier notifier, UploadLeases leases) {
    this(images, updater, store, limits, hashing, notifier, leases, new LimitEnforcer(images, null));
  }

  /** @param enforcer unified limits: when on, image_size_total bounds stored data instead of user_storage_quota */
  public ImageUploader(ImageRepository images, ImageUpdater updater, ImageStore store, DataLimits limits,
      HashAlgorithm hashing, Notifier notifier, UploadLeases leases, LimitEnforcer enforcer) {
    this.enforcer = enforcer;
    this.images = images;
    this.updater = updater;
    this.store = store;
    this.limits = limits;
    this.hashing = hashing;
    this.notifier = notifier;
    this.leases = leases;
    this.formats = new FormatVerdict(limits.formats());
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
    StorageBound bound = bound(image.getOwner());
    return bound == null ? limits.imageSizeCap() : Math.min(limits.imageSizeCap(), left(bound, image));
  }

  /**
   * What bounds an owner's stored data: with unified limits, Keystone's image_size_total (in
   * MiB; staged data not counted), and then, as in Glance, not user_storage_quota; else
   * user_storage_quota (staged data counted). Null when nothing does.
   */
  private StorageBound bound(String owner) {
    if (owner == null) {
      return null;
    }
    if (enforcer.enabled()) {
      long mib = enforcer.limitsOf(owner).getOrDefault(UsageService.IMAGE_SIZE_TOTAL, 0L);
      return mib == ProjectLimits.UNLIMITED ? null
          : new StorageBound(owner, mib > Long.MAX_VALUE / MIB ? Long.MAX_VALUE : mib * MIB, mib);
    }
    return limits.userStorageQuota() > 0 ? new StorageBound(owner, limits.userStorageQuota(), -1) : null;
  }

  static final long MIB = 1024 * 1024;

  /** A bound of {@code bytes} on the owner's stored data; {@code limitMib} is Keystone's, or -1 for user_storage_quota. */
  private record StorageBound(String owner, long bytes, long limitMib) {
    boolean keystone() {
      return limitMib >= 0;
    }
  }

  private long used(StorageBound bound, Image image) {
    return bound.keystone() ? images.usageOf(bound.owner()).storedBytes()
        : images.storageUsedBy(bound.owner(), image.getId());
  }

  private long left(StorageBound bound, Image image) {
    return Math.max(0, bound.bytes() - used(bound, image));
  }

  /** The refusal of {@code requested} bytes beyond the bound: Glance's LimitExceeded with unified limits. */
  private RuntimeException overBound(StorageBound bound, Image image, long requested, long allowance,
      UploadErrors errors, boolean declared) {
    if (bound.keystone()) {
      return LimitEnforcer.exceeded(bound.owner(), UsageService.IMAGE_SIZE_TOTAL, bound.limitMib(),
          used(bound, image) / MIB, (requested + MIB - 1) / MIB);
    }
    return declared ? errors.declaredTooLarge(requested, allowance, true) : errors.tooLarge(allowance, true);
  }

  /** The image size cap ({@code image_size_cap}). */
  public long sizeCap() {
    return limits.imageSizeCap();
  }

  /** Refuses, before anything is written, a size announced beyond the image's allowance. */
  public void checkDeclaredSize(Image image, long declaredSize, UploadErrors errors) {
    long allowance = allowance(image);
    if (declaredSize > allowance) {
      StorageBound bound = bound(image.getOwner());
      if (bound != null && allowance < limits.imageSizeCap()) {
        throw overBound(bound, image, declaredSize, allowance, errors, true);
      }
      throw errors.declaredTooLarge(declaredSize, allowance, false);
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
    return store(ctx, saving, body, expectedSize, expectedChecksum, errors, store);
  }

  /** As above, the data staged in {@code target} (a backend's store, see {@link #backend}). */
  public Image store(RequestContext ctx, Image saving, InputStream body, long expectedSize,
      String expectedChecksum, UploadErrors errors, ImageStore target) {
    UploadLease lease = saving.getUpload();
    if (saving.getStatus() != ImageStatus.SAVING || lease == null) {
      throw new IllegalStateException("image " + saving.getId() + " is not saving under an upload lease");
    }
    notifier.image(Event.IMAGE_PREPARE, ctx, saving);
    try {
      Image active = write(saving, lease, body, expectedSize, expectedChecksum, errors, target);
      // Glance's order: the data is stored, the image is active, and its record was saved
      notifier.image(Event.IMAGE_UPLOAD, ctx, active);
      notifier.image(Event.IMAGE_ACTIVATE, ctx, active);
      notifier.image(Event.IMAGE_UPDATE, ctx, active);
      return active;
    } catch (RuntimeException | IOException e) {
      notifier.uploadFailed(ctx, saving.getId(), "Failed to upload image data for image " + saving.getId()
          + ": " + e.getMessage());
      Image restored = restore(saving.getId(), lease);
      if (restored != null) {
        notifier.image(Event.IMAGE_UPDATE, ctx, restored);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    } finally {
      release(lease.id());
    }
  }

  private Image write(Image image, UploadLease lease, InputStream body, long expectedSize,
      String expectedChecksum, UploadErrors errors, ImageStore target) throws IOException {
    checkDeclaredSize(image, expectedSize, errors);
    Written written = pass(target, image, lease.id(), body, expectedSize, true,
        inspected -> leases.keepAlive(image.getId(), lease, inspected, () -> released(image.getId())),
        digests -> {
          if (expectedChecksum != null && !expectedChecksum.equalsIgnoreCase(digests.md5Hex())) {
            throw errors.checksumMismatch(expectedChecksum, digests.md5Hex());
          }
        }, errors);
    String location = written.location();
    DigestingChunks.Digests digests = written.digests();
    Long virtualSize = written.virtualSize();
    long size = digests.size();
    String md5 = digests.md5Hex();
    try {
      return updater.updateRecord(image.getId(), current -> {
        if (!holds(current, lease)) {
          throw takenBack(image.getId());
        }
        current.setSize(size);
        current.setVirtualSize(virtualSize);
        current.setChecksum(md5);
        current.setOsHashAlgo(digests.algorithm().glanceName());
        current.setOsHashValue(digests.multihashHex());
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

  /**
   * The store new data goes to when the caller names backend {@code id} (X-Image-Meta-Store), as
   * Glance refuses: an unknown id is a bad request, a read-only backend takes no data (410).
   */
  public ImageStore backend(String id) {
    ImageStore target = store.backend(id)
        .orElseThrow(() -> new BadRequestException("Unknown scheme '" + id + "' found in URI"));
    if (!target.writable()) {
      throw new GoneException("Error in store configuration. Adding images to store is disabled.");
    }
    return target;
  }

  /** What one pass of data through the upload's checks left: its location (if kept), digests, virtual size. */
  record Written(String location, DigestingChunks.Digests digests, Long virtualSize) {
    long size() {
      return digests.size();
    }
  }

  /** A caller's own check of the data's digests, before the format verdict and the commit. */
  @FunctionalInterface
  interface DigestCheck {
    void check(DigestingChunks.Digests digests) throws IOException;
  }

  /**
   * The one data path of uploads and imports: {@code body} → size limit (cap and quota) → quota
   * reservation under {@code uploadId} (the caller releases it, {@link #release(String)}) → format
   * inspection → {@code progress} (lease renewal, task heartbeat) → 1 MiB chunks hashed with md5 and
   * {@code hashing_algorithm} → the store ({@code keep}) or nowhere (data already stored, only read
   * to be checked) → size, {@code check}, format verdict → commit. Nothing is kept when it throws.
   *
   * @param expectedSize bytes the data must have, or -1
   */
  Written pass(Image image, String uploadId, InputStream body, long expectedSize, boolean keep,
      UnaryOperator<InputStream> progress, DigestCheck check, UploadErrors errors) throws IOException {
    return pass(store, image, uploadId, body, expectedSize, keep, progress, check, errors);
  }

  /** {@link #pass} with the data kept in {@code target}, a backend's store in multi-store mode. */
  Written pass(ImageStore target, Image image, String uploadId, InputStream body, long expectedSize,
      boolean keep, UnaryOperator<InputStream> progress, DigestCheck check, UploadErrors errors) throws IOException {
    StorageBound bound = bound(image.getOwner());
    long allowance = bound == null ? limits.imageSizeCap() : Math.min(limits.imageSizeCap(), left(bound, image));
    boolean quota = allowance < limits.imageSizeCap();
    FormatInspectingStream inspected = new FormatInspectingStream(reserving(image, bound, uploadId, expectedSize,
        new LimitedInputStream(body, allowance,
            () -> quota ? overBound(bound, image, allowance + 1, allowance, errors, false)
                : errors.tooLarge(allowance, false), errors::readFailed),
        errors));
    try (DigestingChunks chunks = new DigestingChunks(progress.apply(inspected), hashing, expectedSize)) {
      if (!keep) {
        while (chunks.next() != null) {
          // only read: the digests and the inspector see every byte
        }
        DigestingChunks.Digests digests = chunks.finish();
        checkSize(digests, expectedSize, errors);
        check.check(digests);
        return new Written(null, digests, judge(image, inspected, errors));
      }
      try (ImageStore.StagedData staged = target.stage(image.getId(), uploadId, chunks)) {
        DigestingChunks.Digests digests = chunks.finish();
        if (staged.size() != digests.size()) {
          throw new IllegalStateException("the store wrote " + staged.size() + " bytes of " + digests.size());
        }
        checkSize(digests, expectedSize, errors);
        check.check(digests);
        Long virtualSize = judge(image, inspected, errors);
        return new Written(staged.commit(), digests, virtualSize);
      }
    }
  }

  private static void checkSize(DigestingChunks.Digests digests, long expectedSize, UploadErrors errors) {
    if (expectedSize >= 0 && digests.size() != expectedSize) {
      throw errors.sizeMismatch(expectedSize, digests.size());
    }
  }

  /** The data's virtual size, or the face's refusal of data unsafe or not in the image's disk_format. */
  private Long judge(Image image, FormatInspectingStream inspected, UploadErrors errors) {
    try {
      return formats.judge(image.getDiskFormat(), image.getContainerFormat(), inspected);
    } catch (FormatVerdict.Refused e) {
      LOG.info("image {}: data refused: {}", image.getId(), e.getMessage());
      throw errors.invalidData(e.getMessage());
    }
  }

  /**
   * With a storage quota, the body passes only bytes reserved in the database first (all of an
   * announced size up front), so concurrent uploads of one owner never overcommit it.
   */
  private InputStream reserving(Image image, StorageBound bound, String uploadId, long expectedSize,
      InputStream in, UploadErrors errors) {
    if (bound == null) {
      return in;
    }
    String owner = bound.owner();
    boolean countStaged = !bound.keystone();
    if (expectedSize > 0
        && !images.reserveStorage(owner, image.getId(), uploadId, expectedSize, bound.bytes(), countStaged)) {
      throw overBound(bound, image, expectedSize, left(bound, image), errors, true);
    }
    return new ReservingInputStream(in, Math.max(0, expectedSize),
        total -> images.reserveStorage(owner, image.getId(), uploadId, total, bound.bytes(), countStaged),
        () -> {
          long left = left(bound, image);
          return overBound(bound, image, left + 1, left, errors, false);
        });
  }

  /** Drops the upload's reservation: its bytes now count as stored data, or are gone. */
  public void release(String uploadId) {
    if (limits.userStorageQuota() <= 0 && !enforcer.enabled()) {
      return;
    }
    try {
      images.releaseStorage(uploadId);
    } catch (RuntimeException e) {
      // harmless: a reservation counts only while its image is saving under its upload
      LOG.info("reservation of upload {} not dropped: {}", uploadId, e.toString());
    }
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
  private Image restore(String id, UploadLease lease) {
    boolean[] restored = {false};
    try {
      Image image = updater.updateRecord(id, current -> {
        if (holds(current, lease)) {
          current.setStatus(lease.fallback());
          current.clearData();
          restored[0] = true;
        }
      });
      return restored[0] ? image : null;
    } catch (GlimpseException e) {
      LOG.info("image {} not restored to {} after a failed upload: {}", id, lease.fallback().wire(), e.getMessage());
      return null;
    } catch (RuntimeException e) {
      LOG.warn("image {} not restored to {} after a failed upload; its lease will expire and the upload"
          + " recovery will take it back: {}", id, lease.fallback().wire(), e.toString());
      return null;
    }
  }
}
