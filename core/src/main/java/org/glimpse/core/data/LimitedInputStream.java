package org.glimpse.core.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An upload body as the store reads it: fails the read that would take the stream past {@code
 * limit} bytes, with the error the supplier makes (a size cap or a storage quota), so an upload
 * stops as soon as it is too big; and turns a failed read of the client's body (it went away) into
 * the error {@code onReadFailure} makes.
 */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final Supplier<? extends RuntimeException> onExceeded;
  private final Function<IOException, ? extends RuntimeException> onReadFailure;
  private long count;

  public LimitedInputStream(InputStream in, long limit, Supplier<? extends RuntimeException> onExceeded,
      Function<IOException, ? extends RuntimeException> onReadFailure) {
    super(in);
    this.limit = limit;
    this.onExceeded = onExceeded;
    this.onReadFailure = onReadFailure;
  }

  @Override
  public int read() throws IOException {
    int b = readBody(null, 0, 1);
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = readBody(buf, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported on an upload stream");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private int readBody(byte[] buf, int off, int len) {
    try {
      return buf == null ? in.read() : in.read(buf, off, len);
    } catch (IOException e) {
      throw onReadFailure.apply(e);
    }
  }

  private void advance(int n) {
    count += n;
    if (count > limit) {
      throw onExceeded.get();
    }
  }
}
