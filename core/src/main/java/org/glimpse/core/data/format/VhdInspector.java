package org.glimpse.core.data.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** VHD: the footer copy at the start says "conectix" and holds the current disk size (big-endian). */
final class VhdInspector extends DiskInspector {
  VhdInspector() {
    capture("footer", 0, 512);
  }

  @Override
  public String name() {
    return "vhd";
  }

  @Override
  public boolean matches() {
    return Bytes.startsWith(region("footer"), 0, "conectix".getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public Long virtualSize() {
    ByteBuffer f = region("footer");
    return matches() ? f.order(ByteOrder.BIG_ENDIAN).getLong(48) : null;
  }
}
