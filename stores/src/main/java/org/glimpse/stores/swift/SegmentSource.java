package org.glimpse.stores.swift;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.glimpse.core.data.DataChunks;

/**
 * Cuts image data into consecutive segment streams of bounded size, reading the producer's chunks
 * as the HTTP client asks for bytes (nothing is buffered beyond the chunk in hand). The client
 * reads on threads of its own and wraps what a stream throws, so the first failure of the
 * producer is kept here for the store to rethrow unchanged.
 */
final class SegmentSource {
  private final DataChunks data;
  private ByteBuffer chunk;
  private boolean ended;
  private volatile Throwable failure;
  private long total;

  SegmentSource(DataChunks data) {
    this.data = data;
  }

  /** The producer's failure, if producing a chunk threw. */
  Throwable failure() {
    return failure;
  }

  /** Bytes handed out so far. */
  long total() {
    return total;
  }

  /** True when data follows the bytes handed out so far; a failure of the producer propagates. */
  boolean hasMore() throws IOException {
    return pull();
  }

  /** The next at most {@code limit} bytes; read it to its end before asking for more. */
  InputStream segment(long limit) {
    return new InputStream() {
      private long left = limit;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (left == 0 || !pullForClient()) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, left), chunk.remaining());
        chunk.get(b, off, n);
        left -= n;
        total += n;
        return n;
      }
    };
  }

  /** {@link #pull} for the HTTP client: the failure is kept, and the client gets an IOException. */
  private boolean pullForClient() throws IOException {
    try {
      return pull();
    } catch (IOException | RuntimeException | Error e) {
      throw new IOException("image data failed while being sent to Swift", e);
    }
  }

  private boolean pull() throws IOException {
    if (failure != null) {
      throw new IOException("image data failed earlier", failure);
    }
    while (!ended && (chunk == null || !chunk.hasRemaining())) {
      try {
        chunk = data.next();
      } catch (IOException | RuntimeException | Error e) {
        failure = e;
        throw e;
      }
      ended = chunk == null;
    }
    return !ended;
  }
}
