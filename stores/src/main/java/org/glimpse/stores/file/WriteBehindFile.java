package org.glimpse.stores.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A file being written with durability at the end, not per write: every {@link #FLUSH_EVERY}
 * bytes a helper thread asks the kernel to write what is there to the disk ({@code fdatasync})
 * while more data arrives, so that {@link #finish}'s final sync waits for the last stretch only,
 * not for the whole file. Writes go in slices of at most {@link #SLICE} bytes, which bounds the
 * direct buffer the JDK keeps per thread to copy heap data into.
 */
final class WriteBehindFile implements Closeable {
  static final long FLUSH_EVERY = 32L << 20;
  static final int SLICE = 256 * 1024;

  private static final ExecutorService FLUSHERS = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "glimpse-store-flush");
    t.setDaemon(true);
    return t;
  });

  private final FileChannel out;
  private long written;
  private long flushRequestedAt;
  private Future<?> flushing;

  WriteBehindFile(FileChannel out) {
    this.out = out;
  }

  long written() {
    return written;
  }

  void write(ByteBuffer chunk) throws IOException {
    ByteBuffer data = chunk.duplicate();
    while (data.hasRemaining()) {
      ByteBuffer slice = data.slice();
      slice.limit(Math.min(slice.remaining(), SLICE));
      int n = out.write(slice);
      data.position(data.position() + n);
      written += n;
    }
    if (written - flushRequestedAt >= FLUSH_EVERY && (flushing == null || flushing.isDone())) {
      awaitFlush();
      flushRequestedAt = written;
      flushing = FLUSHERS.submit(() -> {
        try {
          out.force(false);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** Makes everything written durable, data and size; throws what a background sync met. */
  void finish() throws IOException {
    awaitFlush();
    out.force(true);
  }

  @Override
  public void close() throws IOException {
    try {
      awaitFlush();
    } catch (IOException e) {
      // the file is being abandoned: what its background sync met no longer matters
    } finally {
      out.close();
    }
  }

  private void awaitFlush() throws IOException {
    if (flushing == null) {
      return;
    }
    Future<?> pending = flushing;
    flushing = null;
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while syncing image data");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      throw cause instanceof IOException io ? io : new IOException("syncing image data failed", cause);
    }
  }
}
