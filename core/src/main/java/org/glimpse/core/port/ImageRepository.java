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
