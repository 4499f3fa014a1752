package org.glimpse.core.port;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.ProjectUsage;

/** Durable image records (with their tags and custom properties). */
public interface ImageRepository {

  /** Stores a new image. ConflictException if an image (even a deleted one) has its id. */
  void create(Image image);

  /** The image with this id, unless it is deleted. */
  Optional<Image> find(String id);

  /** The image with this id, deleted or not (v1 admins and changes-since listings see those). */
  Optional<Image> findIncludingDeleted(String id);

  /**
   * Changes one image atomically: reads the stored image under an exclusive lock on its row,
   * hands it to {@code change}, and writes back only what the change altered (columns, and the
   * tags and properties added, changed or removed), in one transaction. Concurrent updates of one
   * image are serialized by the lock, so none undoes another, and quotas checked inside {@code
   * change} see every earlier update. If {@code change} throws, nothing is written and the
   * exception propagates unchanged; if it alters nothing, nothing is written. NotFoundException
   * ("No image found with ID …") when the image does not exist or is deleted.
   *
   * @return the image as stored after the change
   */
  Image update(String id, ImageMutation change);

  /** A change to one image, run while its row is locked; it may throw to refuse the change. */
  @FunctionalInterface
  interface ImageMutation {
    void apply(Image image);
  }

  /**
   * Marks the image deleted (status {@code deleted}, {@code deleted_at = when}) and ends all its
   * memberships, in one transaction. NotFoundException if already gone.
   */
  void delete(String id, Instant when);

  /**
   * {@link #delete} of an image that has no data, as one compare-and-swap: false (and nothing
   * changed) when the stored image has a location (any) meanwhile — an upload committed between the
   * caller's read and this call, so the data must be deleted too (or left to the scrubber).
   * NotFoundException if already gone.
   */
  boolean deleteWithoutData(String id, Instant when);

  /**
   * Like {@link #delete}, but the status becomes {@code pending_delete}: the record is deleted for
   * every reader while its data waits in the store for the scrubber. Only an {@code active} or
   * {@code deactivated} image may become pending_delete: ConflictException when the stored image
   * is in another status, NotFoundException when it is gone.
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

  /** What the owner's images hold and count (see {@link ProjectUsage}), read in one statement. */
  ProjectUsage usageOf(String owner);

  /**
   * Reserves, for the upload {@code uploadId} of image {@code imageId}, {@code bytes} in all (its
   * new total, replacing what it reserved before) against the owner's {@code quota}: true if the
   * owner's stored data (other images), the live reservations of its other uploads and these bytes
   * fit. A reservation counts only while the image is saving under that upload. Implementations
   * shared by several processes decide under a lock, so concurrent uploads never overcommit; this
   * default (for single-threaded fakes) only compares with the stored data.
   */
  default boolean reserveStorage(String owner, String imageId, String uploadId, long bytes, long quota) {
    return reserveStorage(owner, imageId, uploadId, bytes, quota, true);
  }

  /**
   * As above; {@code countStaged} false leaves the data of the owner's images being staged or
   * imported (uploading, importing) out of the stored data, as Keystone's image_size_total counts.
   */
  default boolean reserveStorage(String owner, String imageId, String uploadId, long bytes, long quota,
      boolean countStaged) {
    // an image receiving data holds no stored data of its own yet
    long stored = countStaged ? storageUsedBy(owner, imageId) : usageOf(owner).storedBytes();
    return stored + bytes <= quota;
  }

  /**
   * Runs {@code work} with the owner's lock held (one row per owner, shared with the storage
   * reservations), in one transaction that the repository calls {@code work} makes on this thread
   * join: checks of the owner's usage and the change they allow cannot interleave with another
   * process's. This default (for in-memory fakes) serialises within the process only.
   */
  default <T> T underOwnerLock(String owner, java.util.function.Supplier<T> work) {
    synchronized (this) {
      return work.get();
    }
  }

  /**
   * As {@link #reserveStorage} for data being staged, against the owner's staged data: the data of
   * its other images uploading or importing, the live reservations of its other stages (a stage's
   * reservation counts while its image is uploading under that upload) and these bytes must fit.
   * This default (for single-threaded fakes) only compares with the staged data.
   */
  default boolean reserveStaging(String owner, String imageId, String uploadId, long bytes, long quota) {
    return usageOf(owner).stagedBytes() + bytes <= quota;
  }

  /** Drops the reservation of the upload {@code uploadId}, if any. */
  default void releaseStorage(String uploadId) {}

  /**
   * Extends the lease of an upload in flight to {@code expiresAt}, if the image is still saving
   * under the upload {@code uploadId}. This is lease bookkeeping, not a change of the image: nothing
   * else is written (updated_at included). False when the upload no longer holds the image: it
   * finished, failed, was taken back after its lease expired, or the image was deleted.
   */
  boolean renewUpload(String id, String uploadId, Instant expiresAt);

  /**
   * Live images in {@code saving} whose upload lease expired before {@code now}, or that hold no
   * lease (left by a version that kept none) and were last updated before {@code unleasedBefore};
   * with ids after {@code afterId} (null: from the first), in id order, at most {@code limit}.
   */
  List<Image> findExpiredUploads(Instant now, Instant unleasedBefore, String afterId, int limit);

  /**
   * What the store sweep must know of the images with these ids, deleted ones included, read in
   * one statement: status, every data location and the upload holding the image. Ids of no image
   * are left out.
   */
  List<DataState> dataStates(Collection<String> ids);

  /**
   * An image's hold on store objects.
   *
   * @param locations every location the image references, primary first; empty when none
   * @param uploadId the upload holding the image while it is saving, or null
   */
  record DataState(String id, ImageStatus status, List<String> locations, String uploadId) {
    public DataState {
      locations = List.copyOf(locations);
    }
  }
}
