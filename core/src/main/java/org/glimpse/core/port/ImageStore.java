package org.glimpse.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.glimpse.core.data.DataChunks;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where image bytes live. A write is two steps: {@link #stage} copies the stream into a
 * temporary object nobody can read, then {@link StagedData#commit} makes it the data of one upload
 * in one atomic step. Each upload has objects of its own (named by image and upload id), so a
 * retry never collides with what an earlier attempt left, and an image's data is the object its
 * record's location names, nothing else. A failed write leaves nothing behind; what a crashed
 * process left is found by {@link #list} and removed by the store sweep.
 */
public interface ImageStore {

  /** Location URI scheme this store writes, such as {@code file}. */
  String scheme();

  /** True when {@code location} was written by this store (by its scheme and root). */
  boolean handles(String location);

  /**
   * Writes {@code data} to its end into a new temporary object of upload {@code uploadId} of the
   * image, each chunk before asking for the next; the data is durable when this returns. If
   * producing a chunk throws (the client went away, a size cap was hit), the temporary object is
   * removed and the exception propagates unchanged.
   */
  StagedData stage(String imageId, String uploadId, DataChunks data) throws IOException;

  /** {@link #stage(String, String, DataChunks)} of a stream, read in chunks of 64 KiB. */
  default StagedData stage(String imageId, String uploadId, InputStream data) throws IOException {
    return stage(imageId, uploadId, DataChunks.of(data, 64 * 1024));
  }

  /**
   * Opens stored data for reading, starting at {@code offset}, at most {@code length} bytes
   * ({@code -1} for all the rest). NotFoundException if the object does not exist. A store that
   * reads a local file returns a stream that is also a {@link java.nio.channels.ReadableByteChannel}
   * over the same bytes, so that a caller can move them with direct buffers and no copy through
   * the Java heap; either face may be used, not both.
   */
  InputStream open(String location, long offset, long length) throws IOException;

  /**
   * The size in bytes of the data at {@code location}, as the store tells it without reading the
   * data. NotFoundException if there is none; IOException when the store cannot tell.
   */
  default long size(String location) throws IOException {
    throw new IOException("the " + scheme() + " store cannot tell the size of " + location);
  }

  /**
   * Whether this store can write and delete data. A read-only store (such as glance_store's http
   * store) only reads what its locations name: {@link #stage} is refused and {@link #delete} leaves
   * the data where it is.
   */
  default boolean writable() {
    return true;
  }

  /**
   * Null when a client may give {@code location} as an external location this store reads (v1's
   * {@code x-image-meta-location}, v2's locations), else why not, in words fit for a 400. A store
   * whose locations name its own objects (file) refuses them all: a client must not point an
   * image at data the store holds for another.
   */
  default String externalRefusal(String location) {
    return "External sources are not supported: '" + location + "'";
  }

  /**
   * In multi-store mode, the store of the backend named {@code id}, which new data for that
   * backend is staged in; empty when there is no such backend (and always with a single store).
   */
  default Optional<ImageStore> backend(String id) {
    return Optional.empty();
  }

  /** Removes stored data; removing what is already gone is not an error. */
  void delete(String location) throws IOException;

  /**
   * Removes whatever upload {@code uploadId} of the image left, its temporary object and its
   * committed data, if they exist. For an upload that can no longer complete (its image was taken
   * back); {@code uploadId} null means the unnamed data of an earlier version.
   */
  void discardUpload(String imageId, String uploadId) throws IOException;

  /**
   * Every object the store holds that it recognizes as its own, data and temporary objects alike,
   * in no particular order; the caller closes the stream. Objects with names the store did not
   * make are left out.
   */
  Stream<StoredObject> list() throws IOException;

  /** Removes an object {@link #list} returned; removing what is already gone is not an error. */
  void remove(StoredObject object) throws IOException;

  /**
   * One object in the store.
   *
   * @param name the object's name in the store
   * @param imageId the image it was written for, or null when the name does not tell
   * @param uploadId the upload that wrote it, or null (data written before uploads were named)
   * @param temporary true for staged data not (or never) committed
   * @param location the location an image record references it by; null for a temporary object
   * @param lastModified when its content was last written
   */
  record StoredObject(String name, String imageId, String uploadId, boolean temporary,
      String location, Instant lastModified) {}

  /** A temporary object written by {@link #stage}. Closing it without commit discards it. */
  interface StagedData extends AutoCloseable {
    /** Bytes written. */
    long size();

    /** Makes the data the upload's, replacing nothing that exists; returns its location URI. */
    String commit() throws IOException;

    @Override
    void close() throws IOException;
  }
}
