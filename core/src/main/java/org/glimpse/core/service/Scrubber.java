package org.glimpse.core.service;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.time.ImageClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance's scrubber, run inside the server: removes the data of images that a delayed delete left
 * {@code pending_delete} for at least {@code scrub_time}, then marks them {@code deleted}. Data is
 * removed first (removing is idempotent) and the record completed by compare-and-swap, so several
 * processes sharing one database may scrub at once: each image is completed exactly once, and an
 * image whose data could not be removed stays pending for the next run.
 */
public final class Scrubber {
  private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);
  static final int PAGE = 100;
  private final ImageRepository images;
  private final ImageStore store;
  private final Duration scrubTime;
  private final ImageClock clock;

  public Scrubber(ImageRepository images, ImageStore store, Duration scrubTime, ImageClock clock) {
    this.images = images;
    this.store = store;
    this.scrubTime = scrubTime;
    this.clock = clock;
  }

  /** One scheduled run: never throws, so that a failed run does not cancel the next ones. */
  public void run() {
    try {
      int scrubbed = runOnce(clock.now());
      if (scrubbed > 0) {
        LOG.info("scrubber: {} image(s) scrubbed", scrubbed);
      }
    } catch (RuntimeException e) {
      LOG.error("scrubber run failed; trying again at the next run", e);
    }
  }

  /** Scrubs every image pending deletion since {@code now - scrub_time}; returns how many it completed. */
  public int runOnce(Instant now) {
    Instant deletedBy = now.minus(scrubTime);
    int scrubbed = 0;
    String after = null;
    List<Image> page;
    do {
      page = images.findPendingDelete(deletedBy, after, PAGE);
      for (Image image : page) {
        if (scrub(image, now)) {
          scrubbed++;
        }
        after = image.getId();
      }
    } while (page.size() == PAGE);
    return scrubbed;
  }

  private boolean scrub(Image image, Instant now) {
    // every location is tried; one that fails keeps the image pending_delete for the next run,
    // which deletes again what is already gone without error
    boolean failed = false;
    for (ImageLocation location : image.getLocations()) {
      try {
        store.delete(location.url());
      } catch (IOException | RuntimeException e) {
        LOG.warn("scrubber: data of image {} not removed from {}; it stays pending_delete: {}",
            image.getId(), location.url(), e.toString());
        failed = true;
      }
    }
    if (failed) {
      return false;
    }
    if (!images.completeDelete(image.getId(), now)) {
      return false; // another scrubber completed it first
    }
    LOG.info("scrubber: image {} scrubbed", image.getId());
    return true;
  }
}
