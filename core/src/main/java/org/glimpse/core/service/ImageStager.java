package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.LimitedInputStream;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /v2/images/{id}/stage}: the data of a glance-direct import, kept in the image store
 * itself — not on the node that received it — so that any process sharing the store can import
 * it. The image goes queued → uploading under an upload lease (renewed while bytes arrive, taken
 * back by {@link UploadRecovery} if the stager dies); once the data is committed the lease is
 * dropped and the staged object is the image's location while it is uploading, so the store sweep
 * keeps it and deleting the image removes it. Views and downloads do not show it until the image
 * is active.
 */
public final class ImageStager {
  private static final Logger LOG = LoggerFactory.getLogger(ImageStager.class);

  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageRepository images;
  private final ImageUpdater updater;
  private final ImageStore store;
  private final ImageUploader uploader;
  private final UploadLeases leases;

  private final LimitEnforcer limits;
  private final StageLimits stageLimits;

  public ImageStager(ImageLookup lookup, ImagePolicy policy, ImageRepository images, ImageUpdater updater,
      ImageStore store, ImageUploader uploader, UploadLeases leases, LimitEnforcer limits) {
    this.limits = limits;
    this.stageLimits = new StageLimits(images, limits, uploader);
    this.lookup = lookup;
    this.policy = policy;
    this.images = images;
    this.updater = updater;
    this.store = store;
    this.uploader = uploader;
    this.leases = leases;
  }

  public Image stage(RequestContext ctx, String id, InputStream body, long declaredSize) {
    Image image = lookup.visible(ctx, id);
    try {
      policy.modifyImage(ctx, image);
    } catch (ForbiddenException e) {
      throw new ForbiddenException("You are not permitted to modify this image.", e);
    }
    requireQueued(image);
    if (declaredSize > stageLimits.stageAllowance(image)) {
      throw stageLimits.overStageAllowance(image, declaredSize, UploadErrors.V2, true);
    }
    UploadLease lease = uploader.lease(ctx, UploadErrors.V2);
    limits.startingUpload(image.getOwner(), id, () -> updater.updateRecord(id, current -> {
      requireQueued(current);
      current.setStatus(ImageStatus.UPLOADING);
      current.setUpload(lease);
    }));
    try {
      return write(image, lease, body, declaredSize);
    } catch (RuntimeException | IOException e) {
      restore(id, lease);
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    } finally {
      uploader.release(lease.id());
    }
  }

  private Image write(Image image, UploadLease lease, InputStream body, long declaredSize) throws IOException {
    String id = image.getId();
    long allowance = stageLimits.stageAllowance(image);
    InputStream limited = new LimitedInputStream(body, allowance,
        () -> stageLimits.overStageAllowance(image, allowance + 1, UploadErrors.V2, false), UploadErrors.V2::readFailed);
    InputStream renewing = leases.keepAlive(id, lease,
        stageLimits.reservingStage(image, lease.id(), declaredSize, limited, UploadErrors.V2), () -> released(id));
    String location;
    long size;
    try (ImageStore.StagedData staged = store.stage(id, lease.id(), renewing)) {
      size = staged.size();
      if (declaredSize >= 0 && size != declaredSize) {
        throw UploadErrors.V2.sizeMismatch(declaredSize, size);
      }
      location = staged.commit();
    }
    try {
      return updater.updateRecord(id, current -> {
        if (!holds(current, lease)) {
          throw released(id);
        }
        current.setUpload(null);
        current.setSize(size);
        current.setLocation(location);
      });
    } catch (NotFoundException | ConflictException e) {
      store.delete(location);
      throw e;
    }
  }

  private static boolean holds(Image current, UploadLease lease) {
    return current.getStatus() == ImageStatus.UPLOADING && current.getUpload() != null
        && current.getUpload().id().equals(lease.id());
  }

  private RuntimeException released(String id) {
    if (images.find(id).isEmpty()) {
      return new NotFoundException("Image " + id + " was deleted while its data was being staged.");
    }
    return new ConflictException("Image " + id + " was released while its data was being staged:"
        + " the upload made no progress for " + leases.leaseTime().toSeconds() + " s. Stage the data again.");
  }

  private void restore(String id, UploadLease lease) {
    try {
      updater.updateRecord(id, current -> {
        if (holds(current, lease)) {
          current.setStatus(ImageStatus.QUEUED);
          current.clearData();
        }
      });
    } catch (GlimpseException e) {
      LOG.info("image {} not put back to queued after a failed stage: {}", id, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("image {} not put back to queued after a failed stage; the upload recovery will take it back: {}",
          id, e.toString());
    }
  }

  private static void requireQueued(Image image) {
    if (image.getStatus() != ImageStatus.QUEUED) {
      throw new ConflictException("Image status transition from " + image.getStatus().wire()
          + " to uploading is not allowed");
    }
  }
}
