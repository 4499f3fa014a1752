package org.glimpse.stores.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads at most {@code length} bytes of a channel starting at {@code offset}, with positional reads
 * (no seeking through the file), and closes the channel when closed.
 */
final class RangeInputStream extends InputStream {
  private final FileChannel channel;
  private long position;
  private long remaining;

  /** {@code length} -1 means to the end of the file. */
  RangeInputStream(FileChannel channel, long offset, long length) {
    this.channel = channel;
    this.position = offset;
    this.remaining = length < 0 ? Long.MAX_VALUE : length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    int wanted = (int) Math.min(len, remaining);
    int n = channel.read(ByteBuffer.wrap(buffer, off, wanted), position);
    if (n < 0) {
      remaining = 0;
      return -1;
    }
    position += n;
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long available = Math.max(0, Math.min(remaining, channel.size() - position));
    long skipped = Math.max(0, Math.min(n, available));
    position += skipped;
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    long left = Math.min(remaining, channel.size() - position);
    return (int) Math.max(0, Math.min(left, Integer.MAX_VALUE));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
