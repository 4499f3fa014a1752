package org.glimpse.core.data.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises one disk format in data that streams past once. An inspector names the byte regions
 * it needs (a header at a fixed offset, then regions the header points to); it is fed every chunk
 * with its position and keeps only the bytes of those regions, so memory stays bounded however big
 * the image is. Once the stream ends, it says whether the data is in its format, the disk's virtual
 * size, and which safety checks the data fails.
 */
public abstract class DiskInspector {
  /** No region is kept beyond this: a header pointing to more is a header we refuse to follow. */
  static final int MAX_REGION = 1 << 20;

  private final Map<String, Capture> regions = new LinkedHashMap<>();
  private long actualSize;

  /** The format's name as Glance's disk_format spells it. */
  public abstract String name();

  /** Whether the data read so far is in this format. */
  public abstract boolean matches();

  /** The size of the disk the data describes, or null when it cannot be told. */
  public abstract Long virtualSize();

  /** Names of the safety checks the data fails (empty when it is safe to hand to a hypervisor). */
  public List<String> safetyFailures() {
    return List.of();
  }

  /** Bytes seen so far. */
  public final long actualSize() {
    return actualSize;
  }

  /** Asks for {@code length} bytes at {@code offset}; ignored when too big or already asked for. */
  protected final void capture(String name, long offset, long length) {
    if (length <= 0 || length > MAX_REGION || offset < 0 || regions.containsKey(name)) {
      return;
    }
    regions.put(name, new Capture(offset, new byte[(int) length]));
  }

  /** The region's bytes (little-endian view) once all of them went past, else null. */
  protected final ByteBuffer region(String name) {
    Capture c = regions.get(name);
    return c == null || !c.complete() ? null : ByteBuffer.wrap(c.data).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Called when a region has all its bytes; may ask for further regions. */
  protected void regionComplete(String name) {}

  final void feed(byte[] buf, int off, int len) {
    long start = actualSize;
    actualSize += len;
    // a completed region may ask for regions that begin within this same chunk: feed them too
    Set<String> fed = new HashSet<>();
    List<String> pending = new ArrayList<>(regions.keySet());
    while (!pending.isEmpty()) {
      for (String name : pending) {
        fed.add(name);
        Capture c = regions.get(name);
        if (!c.complete() && c.take(start, buf, off, len)) {
          regionComplete(name);
        }
      }
      pending = regions.keySet().stream().filter(n -> !fed.contains(n)).toList();
    }
  }

  @Override
  public String toString() {
    return name();
  }

  private static final class Capture {
    final long offset;
    final byte[] data;
    int filled;

    Capture(long offset, byte[] data) {
      this.offset = offset;
      this.data = data;
    }

    boolean complete() {
      return filled == data.length;
    }

    /** Copies the part of the chunk at {@code start} that falls in the region; true when it completed it. */
    boolean take(long start, byte[] buf, int off, int len) {
      long from = Math.max(start, offset + filled);
      long to = Math.min(start + len, offset + data.length);
      if (from >= to || from != offset + filled) {
        return false;
      }
      int n = (int) (to - from);
      System.arraycopy(buf, off + (int) (from - start), data, filled, n);
      filled += n;
      return complete();
    }
  }
}
