package org.glimpse.core.data.format;

import java.nio.ByteBuffer;

/** Byte comparisons for inspectors. */
final class Bytes {
  private Bytes() {}

  /** Whether {@code buf} (may be null) holds {@code expected} at {@code at}. */
  static boolean startsWith(ByteBuffer buf, int at, byte[] expected) {
    if (buf == null || buf.capacity() < at + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (buf.get(at + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** A GUID as it is laid out on disk: the first three fields little-endian. */
  static byte[] guid(String text) {
    String hex = text.replace("-", "");
    byte[] plain = new byte[16];
    for (int i = 0; i < 16; i++) {
      plain[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    byte[] disk = plain.clone();
    int[][] swaps = {{0, 3}, {1, 2}, {4, 5}, {6, 7}};
    for (int[] s : swaps) {
      disk[s[0]] = plain[s[1]];
      disk[s[1]] = plain[s[0]];
    }
    return disk;
  }
}
