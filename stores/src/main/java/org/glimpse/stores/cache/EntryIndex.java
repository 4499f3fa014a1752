package org.glimpse.stores.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.glimpse.core.port.ImageCache.Expected;

/**
 * What a published copy was verified against when it was filled, kept beside it in {@code
 * index/<image id>}: the image's size, checksum and multihash, and the SHA-256 of every block of
 * {@link #BLOCK} bytes (the last one may be shorter). Reads check each block against its digest
 * before handing out a byte of it, so a range costs at most one block read on each side, and a
 * damaged copy is caught without reading all of it.
 */
record EntryIndex(long size, String checksum, String hashAlgo, String hashValue, List<String> blocks) {
  static final int BLOCK = 1 << 20;
  private static final String MAGIC = "glimpse-cache-entry 1";

  EntryIndex {
    blocks = List.copyOf(blocks);
  }

  /** True when this copy stands for an image of {@code expected} size, checksum and multihash. */
  boolean matches(Expected expected) {
    return size == expected.size()
        && Objects.equals(orEmpty(checksum), orEmpty(expected.checksum()))
        && Objects.equals(orEmpty(hashAlgo), orEmpty(expected.hashAlgo()))
        && Objects.equals(orEmpty(hashValue), orEmpty(expected.hashValue()))
        && blocks.size() == blockCount(size);
  }

  static long blockCount(long size) {
    return (size + BLOCK - 1) / BLOCK;
  }

  void write(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      w.write(MAGIC + "\n" + size + "\n" + orEmpty(checksum) + "\n" + orEmpty(hashAlgo) + "\n"
          + orEmpty(hashValue) + "\n");
      for (String block : blocks) {
        w.write(block);
        w.write('\n');
      }
    }
  }

  /** The index in {@code file}, or null when it is missing or not one (a damaged entry). */
  static EntryIndex read(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      if (!MAGIC.equals(r.readLine())) {
        return null;
      }
      long size = Long.parseLong(r.readLine());
      String checksum = r.readLine();
      String algo = r.readLine();
      String value = r.readLine();
      if (value == null) {
        return null;
      }
      List<String> blocks = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        blocks.add(line);
      }
      return new EntryIndex(size, emptyAsNull(checksum), emptyAsNull(algo), emptyAsNull(value), blocks);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyAsNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
