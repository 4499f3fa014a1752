package org.glimpse.stores.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Reads a range of a cached copy one block at a time, and hands out the bytes of a block only
 * after its SHA-256 matched the index. A block that does not match calls {@code onDamage} (which
 * evicts the copy) and fails the read with an IOException, so damaged bytes never leave the cache.
 */
final class VerifiedRead extends InputStream {
  private final FileChannel channel;
  private final EntryIndex index;
  private final Runnable onDamage;
  private final String imageId;
  private final ByteBuffer block;
  private long next; // the block to load next
  private long remaining; // bytes still to hand out
  private int skipInFirst; // bytes of the first block before the range

  VerifiedRead(String imageId, FileChannel channel, EntryIndex index, long offset, long length, Runnable onDamage) {
    this.imageId = imageId;
    this.channel = channel;
    this.index = index;
    this.onDamage = onDamage;
    this.block = ByteBuffer.allocate((int) Math.min(EntryIndex.BLOCK, Math.max(1, index.size())));
    this.block.limit(0);
    this.next = offset / EntryIndex.BLOCK;
    this.remaining = length;
    this.skipInFirst = (int) (offset % EntryIndex.BLOCK);
  }

  /** Loads and checks the first block now, so a damaged start is known before anything is sent. */
  VerifiedRead verifyFirst() throws IOException {
    if (remaining > 0) {
      load();
    }
    return this;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining <= 0) {
      return -1;
    }
    if (!block.hasRemaining()) {
      load();
    }
    int n = (int) Math.min(Math.min(len, block.remaining()), remaining);
    block.get(buf, off, n);
    remaining -= n;
    return n;
  }

  private void load() throws IOException {
    long start = next * EntryIndex.BLOCK;
    int size = (int) Math.min(EntryIndex.BLOCK, index.size() - start);
    if (size <= 0) {
      throw damaged("it ends before its recorded size");
    }
    block.clear();
    block.limit(size);
    while (block.hasRemaining()) {
      if (channel.read(block, start + block.position()) < 0) {
        throw damaged("it is shorter than its recorded size");
      }
    }
    MessageDigest sha = EntryDigests.sha256();
    sha.update(block.array(), 0, size);
    if (!HexFormat.of().formatHex(sha.digest()).equals(index.blocks().get((int) next))) {
      throw damaged("block " + next + " does not match its digest");
    }
    block.flip();
    block.position(skipInFirst);
    skipInFirst = 0;
    next++;
  }

  private IOException damaged(String why) {
    onDamage.run();
    return new IOException("cached copy of image " + imageId + " is damaged (" + why + "); evicted");
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
