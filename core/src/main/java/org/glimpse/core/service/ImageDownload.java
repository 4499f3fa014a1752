package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import org.glimpse.core.image.Image;
import org.glimpse.core.port.ImageStore;

/** An image whose data the caller may read; {@link #open} streams any part of it. */
public final class ImageDownload {
  private final Image image;
  private final ImageStore store;

  ImageDownload(Image image, ImageStore store) {
    this.image = image;
    this.store = store;
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
    return store.open(image.getLocation(), offset, length);
  }
}
