package org.glimpse.core.data.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * VHDX: "vhdxfile" at the start; the region table at 192 KiB points to the metadata region, whose
 * table points to the virtual disk size item. Each step is captured as the stream reaches it.
 */
final class VhdxInspector extends DiskInspector {
  private static final long REGION_TABLE = 0x30000;
  private static final int TABLE_SIZE = 64 * 1024;
  private static final byte[] METADATA_REGION = Bytes.guid("8B7CA206-4790-4B9A-B8FE-575F050F886E");
  private static final byte[] VIRTUAL_DISK_SIZE = Bytes.guid("2FA54224-CD1B-4876-B211-5DBED83BF4B8");

  private long metadataOffset = -1;

  VhdxInspector() {
    capture("ident", 0, 8);
    capture("regions", REGION_TABLE, TABLE_SIZE);
  }

  @Override
  public String name() {
    return "vhdx";
  }

  @Override
  public boolean matches() {
    return Bytes.startsWith(region("ident"), 0, "vhdxfile".getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  protected void regionComplete(String name) {
    if (name.equals("regions")) {
      ByteBuffer t = region("regions");
      if (!Bytes.startsWith(t, 0, "regi".getBytes(StandardCharsets.US_ASCII))) {
        return;
      }
      long count = Math.min(Integer.toUnsignedLong(t.getInt(8)), (TABLE_SIZE - 16) / 32);
      for (int i = 0; i < count; i++) {
        int entry = 16 + 32 * i;
        if (Bytes.startsWith(t, entry, METADATA_REGION)) {
          metadataOffset = t.getLong(entry + 16);
          capture("metatable", metadataOffset, TABLE_SIZE);
        }
      }
    } else if (name.equals("metatable")) {
      ByteBuffer t = region("metatable");
      if (!Bytes.startsWith(t, 0, "metadata".getBytes(StandardCharsets.US_ASCII))) {
        return;
      }
      int count = Math.min(Short.toUnsignedInt(t.getShort(10)), (TABLE_SIZE - 32) / 32);
      for (int i = 0; i < count; i++) {
        int entry = 32 + 32 * i;
        if (Bytes.startsWith(t, entry, VIRTUAL_DISK_SIZE)) {
          capture("vsize", metadataOffset + Integer.toUnsignedLong(t.getInt(entry + 16)), 8);
        }
      }
    }
  }

  @Override
  public Long virtualSize() {
    ByteBuffer v = region("vsize");
    return matches() && v != null ? v.getLong(0) : null;
  }
}
