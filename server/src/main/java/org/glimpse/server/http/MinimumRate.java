package org.glimpse.server.http;

import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.BadMessageException;

/**
 * A streamed request body (image data) that must keep a minimum rate while the server waits for
 * it: the time spent blocked in reads and the bytes they returned are added up, and each time
 * the waits reach {@link #WINDOW_SECONDS}, the bytes per second of that window are checked; below
 * the minimum, the read throws Jetty's 408 refusal (ErrorMapper answers it and closes the
 * connection; an upload fails and puts its image back as for any broken body).
 *
 * <p>Only waiting counts: time the server spends elsewhere (writing to the store, a database
 * call before the body is read) is not held against the client. Jetty's own minimum data rate
 * counts all time since the first byte, so it refused small bodies that the server simply read
 * late, under load; it is not used.
 */
final class MinimumRate extends ForwardingInput {
  static final long WINDOW_SECONDS = 5;
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

  private final int bytesPerSecond;
  private long waitedNanos;
  private long bytes;

  MinimumRate(ServletInputStream in, int bytesPerSecond) {
    super(in);
    this.bytesPerSecond = bytesPerSecond;
  }

  @Override
  public int read() throws IOException {
    long start = System.nanoTime();
    int b = in.read();
    account(System.nanoTime() - start, b < 0 ? 0 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    long start = System.nanoTime();
    int n = in.read(buffer, off, len);
    account(System.nanoTime() - start, Math.max(0, n));
    return n;
  }

  private void account(long waited, int read) {
    waitedNanos += waited;
    bytes += read;
    if (waitedNanos < WINDOW_NANOS) {
      return;
    }
    long rate = bytes * TimeUnit.SECONDS.toNanos(1) / waitedNanos;
    waitedNanos = 0;
    bytes = 0;
    if (rate < bytesPerSecond) {
      throw new BadMessageException(408,
          "Request content data rate < " + bytesPerSecond + " B/s (" + rate + " B/s)");
    }
  }
}
