package org.glimpse.core.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import org.glimpse.core.error.GlimpseException;

/**
 * Fails the read that would take the stream past {@code limit} bytes, with the error the
 * supplier makes (a size cap or a storage quota), so an upload stops as soon as it is too big.
 */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final Supplier<? extends GlimpseException> onExceeded;
  private long count;

  public LimitedInputStream(InputStream in, long limit, Supplier<? extends GlimpseException> onExceeded) {
    super(in);
    this.limit = limit;
    this.onExceeded = onExceeded;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
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

  private void advance(int n) {
    count += n;
    if (count > limit) {
      throw onExceeded.get();
    }
  }
}
