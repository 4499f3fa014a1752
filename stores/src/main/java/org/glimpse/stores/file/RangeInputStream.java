package org.glimpse.stores.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads at most {@code length} bytes of a channel starting at {@code offset}, with positional reads
 * (no seeking through the file), and closes the channel when closed. It is a stream and a channel
 * over the same bytes: {@link #read(ByteBuffer)} into a direct buffer moves data from the file
 * without a copy through the Java heap (what a download uses to send it).
 */
final class RangeInputStream extends InputStream implements ReadableByteChannel {
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
    return read(ByteBuffer.wrap(buffer, off, len));
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    ByteBuffer target = dst;
    if (dst.remaining() > remaining) {
      target = dst.slice();
      target.limit((int) remaining);
    }
    int n = channel.read(target, position);
    if (n < 0) {
      remaining = 0;
      return -1;
    }
    if (target != dst) {
      dst.position(dst.position() + n);
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
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
