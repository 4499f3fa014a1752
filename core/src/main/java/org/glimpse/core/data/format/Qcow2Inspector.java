package org.glimpse.core.data.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * qcow2: big-endian header with magic "QFI\xfb", version, backing file offset and virtual size. A
 * backing file or external data file would make a hypervisor read a file of the host's choosing
 * (CVE-2024-32498), so either fails the safety checks, as do versions and incompatible features
 * this inspector does not know.
 */
final class Qcow2Inspector extends DiskInspector {
  private static final int MAGIC = 0x514649fb;
  private static final long DATA_FILE = 1L << 2;
  /** dirty, corrupt, external data file, compression type, extended L2 entries. */
  private static final long KNOWN_FEATURES = 0x1F;

  Qcow2Inspector() {
    capture("header", 0, 104);
  }

  @Override
  public String name() {
    return "qcow2";
  }

  private ByteBuffer header() {
    ByteBuffer h = region("header");
    return h == null ? null : h.order(ByteOrder.BIG_ENDIAN);
  }

  @Override
  public boolean matches() {
    ByteBuffer h = header();
    return h != null && h.getInt(0) == MAGIC;
  }

  @Override
  public Long virtualSize() {
    return matches() ? header().getLong(24) : null;
  }

  @Override
  public List<String> safetyFailures() {
    ByteBuffer h = header();
    List<String> failed = new ArrayList<>();
    int version = h.getInt(4);
    if (version != 2 && version != 3) {
      failed.add("unknown_version");
    }
    if (h.getLong(8) != 0) {
      failed.add("backing_file");
    }
    if (version == 3) {
      long incompatible = h.getLong(72);
      if ((incompatible & DATA_FILE) != 0) {
        failed.add("data_file");
      }
      if ((incompatible & ~KNOWN_FEATURES) != 0) {
        failed.add("unknown_features");
      }
    }
    return failed;
  }
}
