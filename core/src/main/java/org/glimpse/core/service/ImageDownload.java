package org.glimpse.core.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.port.Notifier;

/**
 * An image whose data the caller may read; {@link #open} streams any part of it, and closing that
 * stream tells the notifier how much of it was read ({@code image.send}).
 */
public final class ImageDownload {
  private final Image image;
  private final DataReader reader;
  private final RequestContext ctx;
  private final Notifier notifier;

  ImageDownload(Image image, DataReader reader, RequestContext ctx, Notifier notifier) {
    this.image = image;
    this.reader = reader;
    this.ctx = ctx;
    this.notifier = notifier;
  }

  public Image image() {
    return image;
  }

  /** False when the image has no data yet (Glance answers 204 then). */
  public boolean hasData() {
    return image.getLocation() != null;
  }

  /** Bytes of data the image holds. */
  public long size() {
    return image.getSize() == null ? 0 : image.getSize();
  }

  /**
   * Streams {@code length} bytes from {@code offset} ({@code -1}: to the end). The caller reads
   * what it sends and closes the stream once the answer is written or failed.
   */
  public InputStream open(long offset, long length) throws IOException {
    long expected = length >= 0 ? length : Math.max(0, size() - offset);
    InputStream data = reader.open(image, offset, length);
    // keep the channel face of a file's stream, through which the bytes can bypass the heap
    return data instanceof ReadableByteChannel channel
        ? new CountingChannel(data, channel, expected) : new Counting(data, expected);
  }

  /** Counts the bytes read; the first close reports them. */
  private class Counting extends FilterInputStream {
    private final long expected;
    private final AtomicBoolean closed = new AtomicBoolean();
    long read;

    Counting(InputStream in, long expected) {
      super(in);
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        read++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        read += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return super.skip(n); // skipped bytes were not sent
    }

    @Override
    public void close() throws IOException {
      if (closed.compareAndSet(false, true)) {
        try {
          super.close();
        } finally {
          notifier.imageSent(ctx, image, read, expected);
        }
      }
    }
  }

  /** A {@link Counting} stream that is also the channel of the stream it counts. */
  private final class CountingChannel extends Counting implements ReadableByteChannel {
    private final ReadableByteChannel channel;

    CountingChannel(InputStream in, ReadableByteChannel channel, long expected) {
      super(in, expected);
      this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int n = channel.read(dst);
      if (n > 0) {
        read += n;
      }
      return n;
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }
  }
}
