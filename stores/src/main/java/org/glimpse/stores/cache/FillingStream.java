package org.glimpse.stores.cache;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.glimpse.core.port.ImageCache.Expected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a whole image read from the store through unchanged while writing it to an incomplete
 * copy, hashing it (md5, the image's multihash, and SHA-256 per block for the index). Once the
 * image's size has been read (or the stream ended) the copy is handed to {@link Publisher#publish}
 * only if its size and hashes are the image's; anything else — the stream closed early, a read error, a mismatch, a write error
 * (disk full) — discards the copy, and the reader never notices (bytes keep passing through).
 */
final class FillingStream extends FilterInputStream {
  private static final Logger LOG = LoggerFactory.getLogger(FillingStream.class);

  /** Makes a finished copy readable, or discards it. */
  interface Publisher {
    void publish(EntryIndex index);

    void discard(String why);
  }

  private final String imageId;
  private final Expected expected;
  private final Publisher publisher;
  private FileChannel out; // null once the copy is published or discarded
  private final MessageDigest md5 = EntryDigests.md5();
  private final MessageDigest hash;
  private MessageDigest block = EntryDigests.sha256();
  private int inBlock;
  private final List<String> blocks = new ArrayList<>();
  private long count;

  FillingStream(String imageId, Expected expected, InputStream source, FileChannel out, Publisher publisher) {
    super(source);
    this.imageId = imageId;
    this.expected = expected;
    this.out = out;
    this.publisher = publisher;
    this.hash = EntryDigests.forHashAlgo(expected.hashAlgo());
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(buf, off, len);
    } catch (IOException | RuntimeException e) {
      stop("reading from the store failed: " + e);
      throw e;
    }
    if (out == null) {
      return n;
    }
    if (n < 0) {
      finish();
    } else if (n > 0) {
      write(buf, off, n);
      if (out != null && count >= expected.size()) {
        // published before the last bytes are handed on: a reader that stops as soon as it has
        // them all (an HTTP response of known length) still leaves a published copy
        finish();
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    stop("the reader skipped bytes");
    return in.skip(n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    stop("the reader stopped before the end");
    in.close();
  }

  private void write(byte[] buf, int off, int n) {
    try {
      ByteBuffer b = ByteBuffer.wrap(buf, off, n);
      while (b.hasRemaining()) {
        out.write(b);
      }
    } catch (IOException e) {
      stop("writing the copy failed: " + e);
      return;
    }
    md5.update(buf, off, n);
    if (hash != null) {
      hash.update(buf, off, n);
    }
    count += n;
    int at = off;
    int left = n;
    while (left > 0) {
      int take = Math.min(left, EntryIndex.BLOCK - inBlock);
      block.update(buf, at, take);
      inBlock += take;
      at += take;
      left -= take;
      if (inBlock == EntryIndex.BLOCK) {
        endBlock();
      }
    }
  }

  private void endBlock() {
    blocks.add(HexFormat.of().formatHex(block.digest()));
    block = EntryDigests.sha256();
    inBlock = 0;
  }

  private void finish() {
    if (inBlock > 0) {
      endBlock();
    }
    String problem = mismatch();
    if (problem != null) {
      LOG.warn("image cache: not caching image {}: {}", imageId, problem);
      stop(problem);
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      stop("closing the copy failed: " + e);
      return;
    }
    out = null;
    publisher.publish(new EntryIndex(count, expected.checksum(), expected.hashAlgo(), expected.hashValue(), blocks));
  }

  private String mismatch() {
    if (count != expected.size()) {
      return "read " + count + " bytes of " + expected.size();
    }
    if (expected.checksum() != null && !expected.checksum().equals(HexFormat.of().formatHex(md5.digest()))) {
      return "the data does not match its checksum";
    }
    if (hash != null && expected.hashValue() != null
        && !expected.hashValue().equals(HexFormat.of().formatHex(hash.digest()))) {
      return "the data does not match its " + expected.hashAlgo() + " hash";
    }
    return null;
  }

  private void stop(String why) {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException ignored) {
      // the copy is discarded anyway
    }
    out = null;
    publisher.discard(why);
  }
}
