package org.glimpse.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestingChunksTest {
  private static final int CHUNK = DigestingChunks.CHUNK_SIZE;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4095, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 12345, 13 * CHUNK})
  void chunksCarryTheDataAndBothDigestsMatchTheJdk(int size) throws IOException {
    byte[] data = random(size);
    for (long hint : new long[] {-1, size}) {
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      DigestingChunks.Digests digests;
      try (DigestingChunks chunks = new DigestingChunks(new Trickle(data), HashAlgorithm.SHA512, hint)) {
        for (ByteBuffer b = chunks.next(); b != null; b = chunks.next()) {
          assertThat(b.remaining()).isPositive().isLessThanOrEqualTo(CHUNK);
          byte[] copy = new byte[b.remaining()];
          b.get(copy);
          seen.writeBytes(copy);
        }
        assertThat(chunks.next()).isNull();
        digests = chunks.finish();
      }
      assertThat(seen.toByteArray()).isEqualTo(data);
      assertThat(digests.size()).isEqualTo(size);
      assertThat(digests.md5Hex()).isEqualTo(hex("MD5", data));
      assertThat(digests.multihashHex()).isEqualTo(hex("SHA-512", data));
      assertThat(digests.algorithm().glanceName()).isEqualTo("sha512");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256", "SHA384", "sha3_512", "sha1", "md5"})
  void theMultihashIsTheConfiguredAlgorithm(String name) throws IOException {
    byte[] data = random(3 * CHUNK + 7);
    HashAlgorithm algorithm = HashAlgorithm.of(name);
    try (DigestingChunks chunks = new DigestingChunks(new ByteArrayInputStream(data), algorithm, -1)) {
      while (chunks.next() != null) {
        // the store would write them
      }
      DigestingChunks.Digests digests = chunks.finish();
      assertThat(digests.multihashHex()).isEqualTo(hex(algorithm.javaName(), data));
      assertThat(digests.algorithm().glanceName()).isEqualTo(name.toLowerCase());
    }
  }

  @Test
  void hashlibNamesWithoutAJavaDigestAreRefusedByName() {
    assertThatThrownBy(() -> HashAlgorithm.of("blake2b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'blake2b'").hasMessageContaining("sha512").hasMessageContaining("sha3_256");
    assertThat(HashAlgorithm.of("sha3_256").javaName()).isEqualTo("SHA3-256");
  }

  @Test
  void aFailedReadPropagatesAndTheDigestThreadsStop() throws IOException {
    IOException failure = new IOException("client went away");
    byte[] data = random(6 * CHUNK);
    InputStream failing = new InputStream() {
      private final InputStream in = new ByteArrayInputStream(data);
      private int read;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read > 4 * CHUNK) {
          throw failure;
        }
        int n = in.read(b, off, Math.min(len, 100_000));
        read += n;
        return n;
      }
    };
    DigestingChunks chunks = new DigestingChunks(failing, HashAlgorithm.SHA512, -1);
    assertThatThrownBy(() -> {
      while (chunks.next() != null) {
        // keep reading
      }
    }).isSameAs(failure);
    assertThatThrownBy(chunks::finish).isInstanceOf(IllegalStateException.class);
    chunks.close();
    assertThat(chunks.next()).isNull();
  }

  @Test
  void finishingBeforeTheEndIsRefused() throws IOException {
    try (DigestingChunks chunks = new DigestingChunks(new ByteArrayInputStream(random(3 * CHUNK)),
        HashAlgorithm.SHA512, -1)) {
      chunks.next();
      assertThatThrownBy(chunks::finish).isInstanceOf(IllegalStateException.class);
    }
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  private static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Returns reads of uneven, mostly small sizes, as a socket does. */
  private static final class Trickle extends InputStream {
    private final byte[] data;
    private final Random random = new Random(7);
    private int pos;

    Trickle(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(70_000));
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
