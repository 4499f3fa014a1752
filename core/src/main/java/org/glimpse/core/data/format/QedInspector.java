package org.glimpse.core.data.format;

import java.nio.ByteBuffer;
import java.util.List;

/** QED ("QED\0"): recognised only to be refused; Glance does not accept it in any disk_format. */
final class QedInspector extends DiskInspector {
  private static final int MAGIC = 0x00444551;

  QedInspector() {
    capture("header", 0, 64);
  }

  @Override
  public String name() {
    return "qed";
  }

  @Override
  public boolean matches() {
    ByteBuffer h = region("header");
    return h != null && h.getInt(0) == MAGIC;
  }

  @Override
  public Long virtualSize() {
    return matches() ? region("header").getLong(48) : null;
  }

  @Override
  public List<String> safetyFailures() {
    return List.of("qed_unsupported");
  }
}
