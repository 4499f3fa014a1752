package org.glimpse.core.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.TooLargeException;

/**
 * The v1 checks on an upload body, made while it streams: past the size cap the read fails (413);
 * at the end the byte count must equal the size the client or the record announced (400); a
 * body that breaks off is the client's fault (400). Each failure is a domain error thrown from
 * {@code read}, so the store discards its temporary object and the uploader kills the image.
 */
final class V1UploadStream extends FilterInputStream {
  private final Long expectedSize;
  private final long cap;
  private long count;

  /** @param expectedSize bytes the upload must have, or null when nobody said */
  V1UploadStream(InputStream in, Long expectedSize, long cap) {
    super(in);
    this.expectedSize = expectedSize;
    this.cap = cap;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(buf, off, len);
    } catch (IOException e) {
      throw new BadRequestException("Client disconnected before sending all data to backend", e);
    }
    if (n < 0) {
      if (expectedSize != null && expectedSize != count) {
        throw new BadRequestException("Supplied size (" + expectedSize + ") and size generated from uploaded image ("
            + count + ") did not match. Setting image status to 'killed'.");
      }
      return n;
    }
    count += n;
    if (count > cap) {
      throw tooLarge(cap);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported on an upload stream");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  static TooLargeException tooLarge(long cap) {
    return new TooLargeException(tooLargeMessage(cap));
  }

  static String tooLargeMessage(long cap) {
    return "Denying attempt to upload image larger than " + cap + " bytes.";
  }
}
