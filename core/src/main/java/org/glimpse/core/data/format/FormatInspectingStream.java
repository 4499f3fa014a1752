package org.glimpse.core.data.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Passes the data through unchanged while every known format's inspector looks at it, keeping
 * only the header regions each needs. After the last byte, {@link #matched} tells which formats
 * the data is in.
 */
public final class FormatInspectingStream extends FilterInputStream {
  private final List<DiskInspector> inspectors = List.of(new Qcow2Inspector(), new VhdInspector(),
      new VhdxInspector(), new VmdkInspector(), new VdiInspector(), new IsoInspector(),
      new QedInspector(), new GptInspector());
  private final byte[] one = new byte[1];

  public FormatInspectingStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      one[0] = (byte) b;
      feed(one, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0) {
      feed(buf, off, n);
    }
    return n;
  }

  private void feed(byte[] buf, int off, int len) {
    for (DiskInspector i : inspectors) {
      i.feed(buf, off, len);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skipping would hide bytes from the format inspection");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** The inspectors whose format the data is in (none: raw data). */
  public List<DiskInspector> matched() {
    return inspectors.stream().filter(DiskInspector::matches).toList();
  }

  /** Bytes that went through. */
  public long actualSize() {
    return inspectors.get(0).actualSize();
  }
}
