package org.glimpse.core.port;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where image bytes live. A write is two steps: {@link #stage} copies the stream into a
 * temporary object nobody can read, then {@link StagedData#commit} makes it the image's data in
 * one atomic step. A failed or abandoned write leaves nothing behind.
 */
public interface ImageStore {

  /** Location URI scheme this store writes, such as {@code file}. */
  String scheme();

  /** True when {@code location} was written by this store (by its scheme and root). */
  boolean handles(String location);

  /**
   * Reads {@code data} to its end into a new temporary object for the image. If reading the
   * stream throws (the client went away, a size cap was hit), the temporary object is removed and
   * the exception propagates unchanged.
   */
  StagedData stage(String imageId, InputStream data) throws IOException;

  /**
   * Opens stored data for reading, starting at {@code offset}, at most {@code length} bytes
   * ({@code -1} for all the rest). NotFoundException if the object does not exist.
   */
  InputStream open(String location, long offset, long length) throws IOException;

  /** Removes stored data; removing what is already gone is not an error. */
  void delete(String location) throws IOException;

  /** A temporary object written by {@link #stage}. Closing it without commit discards it. */
  interface StagedData extends AutoCloseable {
    /** Bytes written. */
    long size();

    /** Makes the data the image's, replacing nothing that exists; returns its location URI. */
    String commit() throws IOException;

    @Override
    void close() throws IOException;
  }
}
