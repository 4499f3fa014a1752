package org.glimpse.core.service;

import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageRepository.ImageMutation;
import org.glimpse.core.time.ImageClock;

/**
 * The one gate every change of a stored image passes, whichever API asked for it. The change runs
 * on the current record under its row lock, so concurrent changes never undo each other (a
 * property added by one PATCH survives another PATCH, or an upload finishing); the status machine
 * ({@link ImageStatus#requireTransition}) is enforced; updated_at is stamped when anything
 * changed; an image is saving only under an upload lease ({@link org.glimpse.core.image.UploadLease}),
 * cleared whenever it leaves saving. Import and tasks extend the same gate.
 */
public final class ImageUpdater {
  private final ImageRepository images;
  private final ImageRules rules;
  private final ImageClock clock;

  public ImageUpdater(ImageRepository images, ImageRules rules, ImageClock clock) {
    this.images = images;
    this.rules = rules;
    this.clock = clock;
  }

  /** A change of the image's attributes, checked against the value rules and quotas. */
  public Image update(String id, ImageMutation change) {
    return apply(id, change, true);
  }

  /**
   * A change the system makes (status, data): through the status machine, without the value rules
   * and quotas, which an operator may have tightened since the image was made.
   */
  public Image updateRecord(String id, ImageMutation change) {
    return apply(id, change, false);
  }

  private Image apply(String id, ImageMutation change, boolean checkRules) {
    return images.update(id, image -> {
      Image before = image.copy();
      change.apply(image);
      holdWhileSaving(before, image);
      if (image.sameContent(before)) {
        return;
      }
      before.getStatus().requireTransition(image.getStatus());
      if (startsStoringData(before.getStatus(), image.getStatus())) {
        requireFormats(image);
      }
      if (checkRules) {
        rules.check(image);
      }
      image.setUpdatedAt(clock.now());
    });
  }

  /**
   * An image is saving only under an upload lease (rule 9: an owner and a deadline); an uploading
   * one holds a lease while its data is being staged; the gate clears it in any other status.
   */
  private static void holdWhileSaving(Image before, Image image) {
    if (image.getStatus() != ImageStatus.SAVING && image.getStatus() != ImageStatus.UPLOADING) {
      image.setUpload(null);
    } else if (image.getStatus() == ImageStatus.SAVING && before.getStatus() != ImageStatus.SAVING
        && image.getUpload() == null) {
      throw new IllegalStateException("image " + image.getId() + " may start saving only under an upload lease");
    }
  }

  private static boolean startsStoringData(ImageStatus from, ImageStatus to) {
    return (from == ImageStatus.QUEUED || from == ImageStatus.UPLOADING)
        && (to == ImageStatus.SAVING || to == ImageStatus.ACTIVE || to == ImageStatus.IMPORTING);
  }

  /** As Glance's status machine: data may only be saved once both formats are known. */
  static void requireFormats(Image image) {
    boolean noDisk = image.getDiskFormat() == null;
    boolean noContainer = image.getContainerFormat() == null;
    if (noDisk && noContainer) {
      throw new BadRequestException("Properties disk_format, container_format must be set prior to saving data.");
    } else if (noDisk || noContainer) {
      throw new BadRequestException("Property " + (noDisk ? "disk_format" : "container_format")
          + " must be set prior to saving data.");
    }
  }
}
