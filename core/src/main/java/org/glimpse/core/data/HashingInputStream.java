package org.glimpse.core.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts the bytes that pass through and computes their md5 (Glance's {@code checksum}) and
 * sha512 ({@code os_hash_value}) side by side, in one pass.
 */
public final class HashingInputStream extends FilterInputStream {
  public static final String HASH_ALGO = "sha512";

  private final MessageDigest md5 = digest("MD5");
  private final MessageDigest sha512 = digest("SHA-512");
  private long count;

  public HashingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      md5.update((byte) b);
      sha512.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0) {
      md5.update(buf, off, n);
      sha512.update(buf, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skipping would leave bytes out of the hash");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  public long count() {
    return count;
  }

  /** Hex md5 of what was read; call once, after the stream is consumed. */
  public String md5Hex() {
    return HexFormat.of().formatHex(md5.digest());
  }

  /** Hex sha512 of what was read; call once, after the stream is consumed. */
  public String sha512Hex() {
    return HexFormat.of().formatHex(sha512.digest());
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is part of every Java runtime", e);
    }
  }
}
