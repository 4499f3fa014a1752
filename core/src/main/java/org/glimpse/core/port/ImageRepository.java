package org.glimpse.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;

/** Durable image records (with their tags and custom properties). */
public interface ImageRepository {

  /** Stores a new image. ConflictException if an image (even a deleted one) has its id. */
  void create(Image image);

  /** The image with this id, unless it is deleted. */
  Optional<Image> find(String id);

  /** The image with this id, deleted or not (v1 admins and changes-since listings see those). */
  Optional<Image> findIncludingDeleted(String id);

  /**
   * Writes every field of the image, its tags and properties, provided the stored status is still
   * {@code expectedStatus} and the image is not deleted. Otherwise nothing is written and a
   * ConflictException is thrown (NotFoundException when the image is gone).
   */
  void update(Image image, ImageStatus expectedStatus);

  /**
   * Marks the image deleted (status {@code deleted}, {@code deleted_at = when}) and ends all its
   * memberships, in one transaction. NotFoundException if already gone.
   */
  void delete(String id, Instant when);

  /**
   * Like {@link #delete}, but the status becomes {@code pending_delete}: the record is deleted for
   * every reader while its data waits in the store for the scrubber.
   */
  void markPendingDelete(String id, Instant when);

  /**
   * Images in {@code pending_delete} deleted at or before {@code deletedBy}, with ids after
   * {@code afterId} (null: from the first), in id order, at most {@code limit}.
   */
  List<Image> findPendingDelete(Instant deletedBy, String afterId, int limit);

  /**
   * Moves a {@code pending_delete} image to {@code deleted} (updated_at = {@code when}) by
   * compare-and-swap; true if this call made the change, false if the image was not (or no
   * longer) pending deletion — another scrubber finished it first.
   */
  boolean completeDelete(String id, Instant when);

  /**
   * One page of the images the query's viewer may see, matching its filters, in its sort order,
   * starting after its marker, at most {@code limit} long. Answered as one indexed query.
   */
  List<Image> list(ImageQuery query);

  /**
   * Bytes of image data held by the owner's live images (status not killed, deleted or
   * pending_delete), not counting {@code excludingImageId}.
   */
  long storageUsedBy(String owner, String excludingImageId);
}
