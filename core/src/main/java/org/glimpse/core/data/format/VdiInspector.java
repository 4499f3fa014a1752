package org.glimpse.core.data.format;

import java.nio.ByteBuffer;

/** VDI (VirtualBox): signature 0xbeda107f at 0x40, disk size at 0x170, both little-endian. */
final class VdiInspector extends DiskInspector {
  private static final int SIGNATURE = 0xbeda107f;

  VdiInspector() {
    capture("header", 0, 512);
  }

  @Override
  public String name() {
    return "vdi";
  }

  @Override
  public boolean matches() {
    ByteBuffer h = region("header");
    return h != null && h.getInt(0x40) == SIGNATURE;
  }

  @Override
  public Long virtualSize() {
    return matches() ? region("header").getLong(0x170) : null;
  }
}
