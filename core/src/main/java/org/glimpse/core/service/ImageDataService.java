package org.glimpse.core.service;

import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;

/** Image data through the v2 API: upload to a queued image, download from one with data. */
public final class ImageDataService {
  private final ImageRepository images;
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageStore store;
  private final ImageUploader uploader;
  private final Clock clock;

  public ImageDataService(ImageRepository images, ImageLookup lookup, ImagePolicy policy,
      ImageStore store, ImageUploader uploader, Clock clock) {
    this.images = images;
    this.lookup = lookup;
    this.policy = policy;
    this.store = store;
    this.uploader = uploader;
    this.clock = clock;
  }

  /**
   * Stores the body as the image's data. A failed or cut-off upload leaves the image queued with
   * no data, ready for another try.
   */
  public Image upload(RequestContext ctx, String id, InputStream body, long declaredSize) {
    Image image = lookup.visible(ctx, id);
    try {
      policy.uploadImage(ctx, image);
    } catch (ForbiddenException e) {
      throw new ForbiddenException("Not allowed to upload image data for image " + id, e);
    }
    requireFormats(image);
    if (image.getStatus() != ImageStatus.QUEUED) {
      throw new ConflictException("Image status transition from " + image.getStatus().wire()
          + " to saving is not allowed");
    }
    uploader.checkDeclaredSize(image, declaredSize);
    image.setStatus(ImageStatus.SAVING);
    image.setUpdatedAt(clock.instant().truncatedTo(ChronoUnit.MICROS));
    images.update(image, ImageStatus.QUEUED);
    return uploader.store(image, body, declaredSize, null, ImageStatus.QUEUED);
  }

  public ImageDownload download(RequestContext ctx, String id) {
    Image image = lookup.visible(ctx, id);
    if (image.getStatus() == ImageStatus.DEACTIVATED && !ctx.isAdmin()) {
      throw new ForbiddenException(
          "The requested image has been deactivated. Image data download is forbidden.");
    }
    policy.downloadImage(ctx, image);
    return new ImageDownload(image, store);
  }

  private static void requireFormats(Image image) {
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
