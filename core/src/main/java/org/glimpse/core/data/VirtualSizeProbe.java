package org.glimpse.core.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Keeps the first bytes that pass through so that, once the upload is complete, the disk's
 * virtual size can be read from them the way Glance's format inspectors do: a raw disk is as big
 * as its data; a qcow2 disk names its size in its header. Other formats (and data that is not
 * what its format claims) have no known virtual size.
 */
public final class VirtualSizeProbe extends FilterInputStream {
  private static final int HEADER = 32;
  private static final int QCOW2_MAGIC = 0x514649fb; // "QFI\xfb"

  private final byte[] head = new byte[HEADER];
  private int kept;

  public VirtualSizeProbe(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0 && kept < HEADER) {
      head[kept++] = (byte) b;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0 && kept < HEADER) {
      int copy = Math.min(n, HEADER - kept);
      System.arraycopy(buf, off, head, kept, copy);
      kept += copy;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skipping would leave bytes out of the probe");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * The virtual size of {@code size} bytes of data read in {@code diskFormat}, or null when it is
   * unknown (and for empty data, which Glance leaves without one).
   */
  public Long virtualSize(String diskFormat, long size) {
    if (size <= 0 || diskFormat == null) {
      return null;
    }
    return switch (diskFormat) {
      case "raw" -> size;
      case "qcow2" -> qcow2();
      default -> null;
    };
  }

  private Long qcow2() {
    if (kept < HEADER) {
      return null;
    }
    ByteBuffer header = ByteBuffer.wrap(head);
    if (header.getInt(0) != QCOW2_MAGIC) {
      return null;
    }
    long virtual = header.getLong(24);
    return virtual > 0 ? virtual : null;
  }
}
