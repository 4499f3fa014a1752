package org.glimpse.core.data.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VMDK (sparse, "KDMV"): a little-endian header with the capacity in sectors and where the text
 * descriptor lies. Only single-file kinds are safe (monolithicSparse, streamOptimized): any other
 * createType, or an extent that names another file or is not the sparse data of this one, would
 * have a hypervisor open host files. A grain directory "at the end" (a footer) cannot be honoured
 * by a one-pass reader, so it fails too.
 */
final class VmdkInspector extends DiskInspector {
  private static final int MAGIC = 0x564d444b; // "KDMV" read little-endian
  private static final Set<String> ALLOWED_TYPES = Set.of("monolithicSparse", "streamOptimized");
  private static final Pattern CREATE_TYPE = Pattern.compile("(?m)^\\s*createType\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern EXTENT =
      Pattern.compile("(?m)^\\s*(RW|RDONLY|NOACCESS)\\s+(\\d+)\\s+(\\S+)(?:\\s+\"([^\"]*)\")?");

  VmdkInspector() {
    capture("header", 0, 512);
  }

  @Override
  public String name() {
    return "vmdk";
  }

  @Override
  public boolean matches() {
    ByteBuffer h = region("header");
    return h != null && h.getInt(0) == MAGIC;
  }

  @Override
  protected void regionComplete(String name) {
    if (name.equals("header") && matches()) {
      ByteBuffer h = region("header");
      long offset = h.getLong(28);
      long size = h.getLong(36);
      if (offset > 0 && size > 0 && size <= MAX_REGION / 512) {
        capture("descriptor", offset * 512, size * 512);
      }
    }
  }

  @Override
  public Long virtualSize() {
    return matches() ? region("header").getLong(12) * 512 : null;
  }

  @Override
  public List<String> safetyFailures() {
    List<String> failed = new ArrayList<>();
    if (region("header").getLong(56) == -1L) {
      failed.add("footer");
    }
    ByteBuffer d = region("descriptor");
    if (d == null) {
      failed.add("descriptor");
      return failed;
    }
    String text = new String(d.array(), StandardCharsets.US_ASCII).replace("\0", "");
    Matcher type = CREATE_TYPE.matcher(text);
    if (!type.find() || !ALLOWED_TYPES.contains(type.group(1))) {
      failed.add("create_type");
    }
    Matcher extent = EXTENT.matcher(text);
    int extents = 0;
    boolean bad = false;
    while (extent.find()) {
      extents++;
      String file = extent.group(4);
      bad |= !extent.group(3).equals("SPARSE") || file == null || file.contains("/") || file.contains("\\");
    }
    if (bad || extents != 1) {
      failed.add("extents");
    }
    return failed;
  }
}
