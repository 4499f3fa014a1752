package org.glimpse.core.service;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.time.ImageClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back images whose upload died: every server process runs it on a timer. An image saving
 * under an upload lease that expired (its holder stopped renewing it: the process died, the client
 * stalled, the database was away) is claimed through the {@link ImageUpdater} gate — under its row
 * lock, only if it is still saving under that same expired lease — and put back to the lease's
 * fallback status ({@code queued} for v2, {@code killed} for v1) with no data; then whatever the
 * upload left in the store is removed. The claim is in the database, so processes sharing it take
 * each image back once, and the upload, should it still run, can no longer complete (its final
 * compare-and-swap needs the lease). An image saving with no lease at all (left by a version that
 * kept none) is taken back to {@code queued} once it has not changed for a lease time.
 */
public final class UploadRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRecovery.class);
  static final int PAGE = 100;

  private final ImageRepository images;
  private final ImageUpdater updater;
  private final ImageStore store;
  private final Duration leaseTime;
  private final ImageClock clock;

  public UploadRecovery(ImageRepository images, ImageUpdater updater, ImageStore store, Duration leaseTime,
      ImageClock clock) {
    this.images = images;
    this.updater = updater;
    this.store = store;
    this.leaseTime = leaseTime;
    this.clock = clock;
  }

  /** One scheduled run: never throws, so that a failed run does not cancel the next ones. */
  public void run() {
    try {
      int taken = runOnce(clock.now());
      if (taken > 0) {
        LOG.info("upload recovery: {} image(s) taken back from dead uploads", taken);
      }
    } catch (RuntimeException e) {
      LOG.error("upload recovery run failed; trying again at the next run", e);
    }
  }

  /** Takes back every image whose upload lease expired before {@code now}; returns how many. */
  public int runOnce(Instant now) {
    Instant unleasedBefore = now.minus(leaseTime);
    int taken = 0;
    String after = null;
    List<Image> page;
    do {
      page = images.findExpiredUploads(now, unleasedBefore, after, PAGE);
      for (Image image : page) {
        if (takeBack(image, now, unleasedBefore)) {
          taken++;
        }
        after = image.getId();
      }
    } while (page.size() == PAGE);
    return taken;
  }

  private boolean takeBack(Image found, Instant now, Instant unleasedBefore) {
    UploadLease dead = found.getUpload();
    String uploadId = dead == null ? null : dead.id();
    ImageStatus fallback = dead == null ? ImageStatus.QUEUED : dead.fallback();
    boolean[] claimed = {false};
    try {
      updater.updateRecord(found.getId(), current -> {
        UploadLease lease = current.getUpload();
        boolean sameUpload = Objects.equals(lease == null ? null : lease.id(), uploadId);
        boolean expired = lease == null ? current.getUpdatedAt().isBefore(unleasedBefore) : lease.expiredAt(now);
        boolean held = current.getStatus() == ImageStatus.SAVING
            || (current.getStatus() == ImageStatus.UPLOADING && lease != null);
        if (!held || !sameUpload || !expired) {
          return; // finished, failed, renewed or taken back since it was found
        }
        current.setStatus(fallback);
        current.clearData();
        claimed[0] = true;
      });
    } catch (GlimpseException e) {
      LOG.info("upload recovery: image {} left for the next run: {}", found.getId(), e.getMessage());
      return false;
    }
    if (!claimed[0]) {
      return false;
    }
    LOG.warn("upload recovery: upload {} of image {} (held by {}) stopped renewing its lease, which expired"
        + " at {}; the image is {} again", uploadId, found.getId(), dead == null ? "an unknown process" : dead.owner(),
        dead == null ? "(no lease)" : dead.expiresAt(), fallback.wire());
    try {
      store.discardUpload(found.getId(), uploadId);
    } catch (IOException | RuntimeException e) {
      LOG.warn("upload recovery: what upload {} of image {} left in the store stays for the store sweep: {}",
          uploadId, found.getId(), e.toString());
    }
    return true;
  }
}
