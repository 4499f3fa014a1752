package org.glimpse.core.data.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * ISO 9660: volume descriptors of 2 KiB from 32 KiB on, each tagged "CD001"; the primary one
 * (type 1) gives the volume's block count and block size.
 */
final class IsoInspector extends DiskInspector {
  private static final int START = 0x8000;
  private static final int DESCRIPTOR = 2048;
  private static final int SCANNED = 16;
  private static final byte[] ID = "CD001".getBytes(StandardCharsets.US_ASCII);

  IsoInspector() {
    capture("first", START, DESCRIPTOR);
    capture("descriptors", START, (long) DESCRIPTOR * SCANNED);
  }

  @Override
  public String name() {
    return "iso";
  }

  @Override
  public boolean matches() {
    return Bytes.startsWith(region("first"), 1, ID);
  }

  @Override
  public Long virtualSize() {
    if (!matches()) {
      return null;
    }
    ByteBuffer d = region("descriptors");
    if (d == null) {
      d = region("first");
    }
    for (int at = 0; at + DESCRIPTOR <= d.capacity() && Bytes.startsWith(d, at + 1, ID); at += DESCRIPTOR) {
      int type = d.get(at) & 0xff;
      if (type == 1) {
        return Integer.toUnsignedLong(d.getInt(at + 80)) * Short.toUnsignedInt(d.getShort(at + 128));
      }
      if (type == 255) {
        break;
      }
    }
    return null;
  }
}
