package org.glimpse.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Image bytes handed to a store as a sequence of large chunks, so that the store writes each one
 * with one call and whoever produces them (hashing, reading the client) works on the others
 * meanwhile. A chunk's buffer is the producer's: it stays valid and unchanged until the next call
 * to {@link #next}, and the store must not keep it longer or change it.
 */
public interface DataChunks {

  /** The next chunk (at least one byte), or null once the data has ended. */
  ByteBuffer next() throws IOException;

  /** Chunks of at most {@code chunkSize} bytes read from {@code in}, one buffer reused. */
  static DataChunks of(InputStream in, int chunkSize) {
    byte[] buffer = new byte[chunkSize];
    return () -> {
      int n = fill(in, buffer);
      return n == 0 ? null : ByteBuffer.wrap(buffer, 0, n);
    };
  }

  /** Reads until {@code buffer} is full or the stream ends; returns the bytes read. */
  static int fill(InputStream in, byte[] buffer) throws IOException {
    int n = 0;
    while (n < buffer.length) {
      int r = in.read(buffer, n, buffer.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }
}
