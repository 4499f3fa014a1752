package org.glimpse.core.service;

import java.io.InputStream;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;

/** Image data through the v2 API: upload to a queued image, download from one with data. */
public final class ImageDataService {
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final DataReader reader;
  private final ImageUpdater updater;
  private final ImageUploader uploader;
  private final Notifier notifier;
  private final LimitEnforcer limits;

  public ImageDataService(ImageLookup lookup, ImagePolicy policy, DataReader reader, ImageUpdater updater,
      ImageUploader uploader, Notifier notifier, LimitEnforcer limits) {
    this.limits = limits;
    this.lookup = lookup;
    this.policy = policy;
    this.reader = reader;
    this.updater = updater;
    this.uploader = uploader;
    this.notifier = notifier;
  }

  /**
   * Stores the body as the image's data. A failed or cut-off upload leaves the image queued with
   * no data, ready for another try; so does, after its lease expired, an upload that died with its
   * process.
   */
  public Image upload(RequestContext ctx, String id, InputStream body, long declaredSize) {
    return upload(ctx, id, body, declaredSize, null);
  }

  /** As above, into the backend named {@code backend} (multi-store), or the default one when null. */
  public Image upload(RequestContext ctx, String id, InputStream body, long declaredSize, String backend) {
    ImageStore target = backend == null ? null : uploader.backend(backend);
    Image image = lookup.visible(ctx, id);
    try {
      policy.uploadImage(ctx, image);
    } catch (ForbiddenException e) {
      throw new ForbiddenException("Not allowed to upload image data for image " + id, e);
    }
    ImageUpdater.requireFormats(image);
    requireQueued(image);
    uploader.checkDeclaredSize(image, declaredSize, UploadErrors.V2);
    UploadLease lease = uploader.lease(ctx, UploadErrors.V2);
    Image saving = limits.startingUpload(image.getOwner(), id, () -> updater.updateRecord(id, current -> {
      requireQueued(current);
      current.setStatus(ImageStatus.SAVING);
      current.setUpload(lease);
    }));
    notifier.image(Notifier.Event.IMAGE_UPDATE, ctx, saving);
    return target == null
        ? uploader.store(ctx, saving, body, declaredSize, null, UploadErrors.V2)
        : uploader.store(ctx, saving, body, declaredSize, null, UploadErrors.V2, target);
  }

  public ImageDownload download(RequestContext ctx, String id) {
    Image image = lookup.visible(ctx, id);
    if (image.getStatus() == ImageStatus.DEACTIVATED && !ctx.isAdmin()) {
      throw new ForbiddenException(
          "The requested image has been deactivated. Image data download is forbidden.");
    }
    policy.downloadImage(ctx, image);
    if (image.getStatus() == ImageStatus.UPLOADING || image.getStatus() == ImageStatus.IMPORTING) {
      Image staged = image.copy();
      staged.setLocation(null); // staged data is not the image's data until the import ends
      return new ImageDownload(staged, reader, ctx, notifier);
    }
    return new ImageDownload(image, reader, ctx, notifier);
  }

  private static void requireQueued(Image image) {
    if (image.getStatus() != ImageStatus.QUEUED) {
      throw new ConflictException("Image status transition from " + image.getStatus().wire()
          + " to saving is not allowed");
    }
  }
}
