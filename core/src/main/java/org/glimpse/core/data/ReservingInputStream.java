package org.glimpse.core.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Hands bytes on only once they are reserved: before a read returns data beyond what was
 * reserved so far, it asks {@code reserve} for a new total (a step ahead, or failing that exactly
 * what was read), and throws {@code refused} when even that is denied. The bytes reach no one, so
 * a quota checked this way is never exceeded, however many uploads run at once.
 */
public final class ReservingInputStream extends FilterInputStream {
  /** Reservations grow by this much at a time, so the database is asked once per step. */
  public static final long STEP = 8L << 20;

  private final LongPredicate reserve;
  private final Supplier<RuntimeException> refused;
  private long position;
  private long reserved;

  /**
   * @param reserved bytes already reserved
   * @param reserve asked with a new total; true when granted
   */
  public ReservingInputStream(InputStream in, long reserved, LongPredicate reserve, Supplier<RuntimeException> refused) {
    super(in);
    this.reserved = reserved;
    this.reserve = reserve;
    this.refused = refused;
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

  private void advance(int n) {
    position += n;
    if (position <= reserved) {
      return;
    }
    if (reserve.test(position + STEP)) {
      reserved = position + STEP;
    } else if (reserve.test(position)) {
      reserved = position;
    } else {
      throw refused.get();
    }
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skipping would pass bytes without reserving them");
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
