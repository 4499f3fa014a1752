package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import org.glimpse.core.image.Image;

/** An image whose data the caller may read; {@link #open} streams any part of it. */
public final class ImageDownload {
  private final Image image;
  private final DataReader reader;

  ImageDownload(Image image, DataReader reader) {
    this.image = image;
    this.reader = reader;
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

  /** Streams {@code length} bytes from {@code offset} ({@code -1}: to the end). */
  public InputStream open(long offset, long length) throws IOException {
    return reader.open(image, offset, length);
  }
}
