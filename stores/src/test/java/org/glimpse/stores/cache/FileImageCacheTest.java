package org.glimpse.stores.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.glimpse.core.port.ImageCache.CachedImage;
import org.glimpse.core.port.ImageCache.Expected;
import org.glimpse.core.port.ImageCache.Pruned;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileImageCacheTest {
  private static final int MIB = 1 << 20;
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private FileImageCache cache;

  @BeforeEach
  void open() {
    cache = new FileImageCache(dir, 10L * MIB, Duration.ofHours(1), clock);
  }

  @Test
  void fillPublishesOnlyOnceTheWholeVerifiedImageWasRead() throws Exception {
    byte[] data = bytes(MIB + 5, 1);
    InputStream in = cache.fill("img", expected(data), new ByteArrayInputStream(data));
    byte[] half = in.readNBytes(data.length / 2);
    assertThat(half).isEqualTo(Arrays.copyOf(data, data.length / 2));
    assertThat(cache.isCached("img")).isFalse();
    assertThat(dir.resolve("incomplete/img")).exists();

    byte[] rest = in.readAllBytes();
    in.close();
    assertThat(rest.length).isEqualTo(data.length - half.length);
    assertThat(cache.isCached("img")).isTrue();
    assertThat(dir.resolve("incomplete/img")).doesNotExist();
    assertThat(Files.readAllBytes(dir.resolve("img"))).isEqualTo(data);
    assertThat(cache.cachedImages()).singleElement().satisfies(c -> {
      assertThat(c.imageId()).isEqualTo("img");
      assertThat(c.size()).isEqualTo(data.length);
      assertThat(c.hits()).isZero();
    });

    try (InputStream cached = cache.open("img", expected(data), 0, -1)) {
      assertThat(cached.readAllBytes()).isEqualTo(data);
    }
    assertThat(cache.cachedImages().get(0).hits()).isEqualTo(1);
  }

  @Test
  void aReaderStoppingEarlyLeavesNothing() throws Exception {
    byte[] data = bytes(1000, 2);
    try (InputStream in = cache.fill("img", expected(data), new ByteArrayInputStream(data))) {
      in.readNBytes(10);
    }
    assertThat(cache.isCached("img")).isFalse();
    assertThat(dir.resolve("incomplete/img")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"size", "checksum", "hash"})
  void dataThatIsNotTheImagesIsPassedOnButNotCached(String wrong) throws Exception {
    byte[] data = bytes(3000, 3);
    Expected good = expected(data);
    Expected bad = switch (wrong) {
      case "size" -> new Expected(data.length + 1, good.checksum(), good.hashAlgo(), good.hashValue());
      case "checksum" -> new Expected(data.length, "0".repeat(32), good.hashAlgo(), good.hashValue());
      default -> new Expected(data.length, good.checksum(), "sha512", "ab".repeat(64));
    };
    try (InputStream in = cache.fill("img", bad, new ByteArrayInputStream(data))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(cache.isCached("img")).isFalse();
    assertThat(dir.resolve("incomplete/img")).doesNotExist();
  }

  @Test
  void aSecondFillWhileTheFirstRunsJustReadsTheSource() throws Exception {
    byte[] data = bytes(100, 4);
    InputStream first = cache.fill("img", expected(data), new ByteArrayInputStream(data));
    InputStream source = new ByteArrayInputStream(data);
    assertThat(cache.fill("img", expected(data), source)).isSameAs(source);
    first.transferTo(OutputStream.nullOutputStream());
    assertThat(cache.isCached("img")).isTrue();
    InputStream again = new ByteArrayInputStream(data);
    assertThat(cache.fill("img", expected(data), again)).isSameAs(again);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "0, 1048576", "1048575, 2", "1048576, 1048576", "1000, 2000000", "2621439, 1",
      "2000000, -1", "0, -1"})
  void rangesAreReadFromTheCopy(long offset, long length) throws Exception {
    byte[] data = bytes(5 * MIB / 2, 5);
    fill("img", data);
    try (InputStream in = cache.open("img", expected(data), offset, length)) {
      int end = (int) (length < 0 ? data.length : offset + length);
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, (int) offset, end));
    }
  }

  @Test
  void aDamagedBlockIsNeverHandedOutAndEvictsTheCopy() throws Exception {
    byte[] data = bytes(3 * MIB, 6);
    fill("img", data);
    corrupt(dir.resolve("img"), 2 * MIB + 7);

    InputStream in = cache.open("img", expected(data), 0, -1);
    assertThat(in).as("the first block is sound").isNotNull();
    byte[] got = new byte[data.length];
    int n = 0;
    IOException failure = null;
    try {
      for (int r; (r = in.read(got, n, got.length - n)) > 0; ) {
        n += r;
      }
    } catch (IOException e) {
      failure = e;
    }
    assertThat(failure).hasMessageContaining("damaged");
    assertThat(n).as("only the sound blocks before the damage").isEqualTo(2 * MIB);
    assertThat(Arrays.copyOf(got, n)).isEqualTo(Arrays.copyOf(data, n));
    assertThat(cache.isCached("img")).isFalse();
    assertThat(dir.resolve("index/img")).doesNotExist();
  }

  @Test
  void damageInTheFirstBlockReadIsFoundBeforeAnythingIsReturned() throws Exception {
    byte[] data = bytes(2 * MIB, 7);
    fill("img", data);
    corrupt(dir.resolve("img"), MIB + 3);
    assertThat(cache.open("img", expected(data), MIB + 1, 10)).isNull();
    assertThat(cache.isCached("img")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncated", "no index", "other image data", "garbage index"})
  void aCopyThatDoesNotStandForTheImageIsEvicted(String damage) throws Exception {
    byte[] data = bytes(4000, 8);
    fill("img", data);
    Expected expected = expected(data);
    switch (damage) {
      case "truncated" -> Files.write(dir.resolve("img"), Arrays.copyOf(data, 3999));
      case "no index" -> Files.delete(dir.resolve("index/img"));
      case "garbage index" -> Files.writeString(dir.resolve("index/img"), "nonsense");
      default -> expected = expected(bytes(4000, 9));
    }
    assertThat(cache.open("img", expected, 0, -1)).isNull();
    assertThat(cache.isCached("img")).isFalse();
  }

  @Test
  void pruneRemovesTheLeastRecentlyUsedUntilTheCacheFits() throws Exception {
    cache = new FileImageCache(dir, 3000, Duration.ofHours(1), clock);
    fill("a", bytes(1000, 10));
    clock.advance(10);
    fill("b", bytes(1000, 11));
    clock.advance(10);
    fill("c", bytes(1000, 12));
    clock.advance(10);
    cache.open("a", expected(bytes(1000, 10)), 0, -1).close(); // a is now the most recent
    clock.advance(10);
    fill("d", bytes(1000, 13)); // 4000 > 3000: the fill prunes b

    assertThat(cache.cachedImages()).extracting(CachedImage::imageId).containsExactlyInAnyOrder("a", "c", "d");
    assertThat(cache.prune()).isEqualTo(new Pruned(0, 0));

    FileImageCache smaller = new FileImageCache(dir, 1500, Duration.ofHours(1), clock);
    assertThat(smaller.prune()).isEqualTo(new Pruned(2, 2000));
    assertThat(smaller.cachedImages()).extracting(CachedImage::imageId).containsExactly("d");
  }

  @Test
  void cleanRemovesStalledIncompleteCopiesAndInvalidOnes() throws Exception {
    Path stalled = dir.resolve("incomplete/old");
    Path fresh = dir.resolve("incomplete/new");
    Files.write(stalled, new byte[10]);
    Files.write(fresh, new byte[10]);
    Files.write(dir.resolve("invalid/bad"), new byte[10]);
    Files.setLastModifiedTime(stalled, FileTime.from(clock.instant().minus(Duration.ofMinutes(61))));
    Files.setLastModifiedTime(fresh, FileTime.from(clock.instant().minus(Duration.ofMinutes(59))));

    assertThat(cache.clean()).isEqualTo(2);
    assertThat(stalled).doesNotExist();
    assertThat(dir.resolve("invalid/bad")).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void theQueueKeepsItsOrderAndRefusesWhatIsCachedOrQueued() throws Exception {
    assertThat(cache.queue("q2")).isTrue();
    Files.setLastModifiedTime(dir.resolve("queue/q2"), FileTime.from(clock.instant().plusSeconds(5)));
    assertThat(cache.queue("q1")).isTrue();
    Files.setLastModifiedTime(dir.resolve("queue/q1"), FileTime.from(clock.instant()));
    assertThat(cache.queue("q1")).isFalse();
    assertThat(cache.queuedImages()).containsExactly("q1", "q2");

    fill("q1", bytes(10, 14));
    assertThat(cache.queuedImages()).as("a published copy leaves the queue").containsExactly("q2");
    assertThat(cache.queue("q1")).isFalse();
    assertThat(cache.deleteAllQueued()).isEqualTo(1);
    assertThat(cache.queuedImages()).isEmpty();
    assertThat(cache.deleteAllCached()).isEqualTo(1);
    assertThat(cache.cachedImages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape", "a/b", ".hidden", "", "queue", "index", "x.hits", "x.index"})
  void namesThatAreNoImageIdNeverReachTheFileSystem(String id) throws Exception {
    assertThat(cache.queue(id)).isFalse();
    assertThat(cache.isCached(id)).isFalse();
    assertThat(cache.open(id, new Expected(1, null, null, null), 0, -1)).isNull();
    InputStream source = new ByteArrayInputStream(new byte[1]);
    assertThat(cache.fill(id, new Expected(1, null, null, null), source)).isSameAs(source);
    cache.deleteCached(id);
    assertThat(dir.resolve("queue")).isDirectory();
  }

  @Test
  void anEmptyImageIsCachedToo() throws Exception {
    fill("empty", new byte[0]);
    assertThat(cache.isCached("empty")).isTrue();
    try (InputStream in = cache.open("empty", expected(new byte[0]), 0, -1)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void aDamagedCopyFoundMidReadFailsTheRead() throws Exception {
    byte[] data = bytes(2 * MIB, 15);
    fill("img", data);
    InputStream in = cache.open("img", expected(data), 0, -1);
    corrupt(dir.resolve("img"), MIB + 1); // damaged after the read began
    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    assertThat(cache.isCached("img")).isFalse();
  }

  private void fill(String id, byte[] data) throws IOException {
    try (InputStream in = cache.fill(id, expected(data), new ByteArrayInputStream(data))) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(cache.isCached(id)).isTrue();
  }

  private static void corrupt(Path file, long at) throws IOException {
    byte[] all = Files.readAllBytes(file);
    all[(int) at] ^= 0x55;
    Files.write(file, all);
  }

  static Expected expected(byte[] data) {
    return new Expected(data.length, hex("MD5", data), "sha512", hex("SHA-512", data));
  }

  private static String hex(String algo, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(long seconds) {
      now = now.plusSeconds(seconds);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
