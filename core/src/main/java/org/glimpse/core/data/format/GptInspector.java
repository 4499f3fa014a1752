package org.glimpse.core.data.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A disk with a GUID partition table: an MBR (0x55AA) with a protective partition of type 0xEE.
 * Its checks: every MBR partition's boot flag is 0x00 or 0x80 ("mbr"), and the protective
 * partition starts at sector 1 ("gptmbr"); operators may make them non-fatal.
 */
final class GptInspector extends DiskInspector {
  private static final int TABLE = 446;

  GptInspector() {
    capture("mbr", 0, 512);
  }

  @Override
  public String name() {
    return "gpt";
  }

  @Override
  public boolean matches() {
    ByteBuffer m = region("mbr");
    if (m == null || (m.get(510) & 0xff) != 0x55 || (m.get(511) & 0xff) != 0xAA) {
      return false;
    }
    return protective(m) >= 0;
  }

  private static int protective(ByteBuffer m) {
    for (int i = 0; i < 4; i++) {
      if ((m.get(TABLE + 16 * i + 4) & 0xff) == 0xEE) {
        return TABLE + 16 * i;
      }
    }
    return -1;
  }

  @Override
  public Long virtualSize() {
    return matches() ? actualSize() : null;
  }

  @Override
  public List<String> safetyFailures() {
    ByteBuffer m = region("mbr");
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int flag = m.get(TABLE + 16 * i) & 0xff;
      if (flag != 0x00 && flag != 0x80) {
        failed.add("mbr");
        break;
      }
    }
    if (m.getInt(protective(m) + 8) != 1) {
      failed.add("gptmbr");
    }
    return failed;
  }
}
