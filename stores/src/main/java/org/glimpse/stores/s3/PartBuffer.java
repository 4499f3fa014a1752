package org.glimpse.stores.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bytes of one part of a multipart upload, held in blocks of 1 MiB allocated as data arrives,
 * so a small image costs one block rather than a whole part, and kept for reuse by the next part.
 * The SDK reads a part through {@link #newStream} (again, on a retry) without copying it.
 */
final class PartBuffer {
  static final int BLOCK = 1024 * 1024;

  private final int capacity;
  private final List<byte[]> blocks = new ArrayList<>();
  private int size;

  PartBuffer(int capacity) {
    this.capacity = capacity;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == capacity;
  }

  /** Copies as much of {@code chunk} as fits; the rest stays in {@code chunk}. */
  void fill(ByteBuffer chunk) {
    while (chunk.hasRemaining() && size < capacity) {
      int index = size / BLOCK;
      if (index == blocks.size()) {
        blocks.add(new byte[Math.min(BLOCK, capacity - index * BLOCK)]);
      }
      byte[] block = blocks.get(index);
      int offset = size % BLOCK;
      int n = Math.min(chunk.remaining(), block.length - offset);
      chunk.get(block, offset, n);
      size += n;
    }
  }

  /** A stream over the bytes held; each call starts from the first byte. */
  InputStream newStream() {
    List<InputStream> parts = new ArrayList<>();
    for (int i = 0, left = size; left > 0; i++) {
      int n = Math.min(left, blocks.get(i).length);
      parts.add(new ByteArrayInputStream(blocks.get(i), 0, n));
      left -= n;
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /** Empties the buffer, keeping its blocks. */
  void clear() {
    size = 0;
  }
}
