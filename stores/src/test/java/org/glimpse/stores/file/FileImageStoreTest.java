package org.glimpse.stores.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.ImageStore.StagedData;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.glimpse.stores.ImageStoreContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileImageStoreTest extends ImageStoreContractTest {

  @TempDir Path tmp;

  private Path root() {
    return tmp.resolve("images");
  }

  private FileImageStore fileStore() {
    return (FileImageStore) store;
  }

  @Override
  protected ImageStore createStore() {
    return new FileImageStore(root());
  }

  @Override
  protected List<String> rawObjects() throws IOException {
    try (Stream<Path> files = Files.list(root())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void createsRootAndWritesGlanceStyleLocationsOneFilePerUpload() throws Exception {
    String id = newId();
    String upload = newUpload();
    String location = put(id, upload, bytes(5));
    Path real = root().toRealPath();
    assertThat(location).isEqualTo("file://" + real.resolve(id + "~" + upload)).startsWith("file:///");
    assertThat(Files.readAllBytes(real.resolve(id + "~" + upload))).isEqualTo(bytes(5));
    assertThat(rawObjects()).containsExactly(id + "~" + upload);
  }

  @Test
  void dataWrittenBeforeUploadsWereNamedIsStillRead() throws Exception {
    String id = newId();
    Files.write(root().resolve(id), bytes(7));
    String location = "file://" + root().toRealPath().resolve(id);
    assertThat(store.handles(location)).isTrue();
    assertThat(read(location, 0, -1)).isEqualTo(bytes(7));
    store.discardUpload(id, null);
    assertThat(rawObjects()).isEmpty();
  }

  @Test
  void aNewUploadNeverCollidesWithWhatAnEarlierOneLeft() throws Exception {
    String id = newId();
    Files.write(root().resolve(id), bytes(1));
    Files.write(root().resolve(id + "~" + newUpload()), bytes(2));
    Files.write(root().resolve("." + id + "~" + newUpload() + ".tmp"), bytes(3));
    String location = put(id, bytes(4));
    assertThat(read(location, 0, -1)).isEqualTo(bytes(4));
    assertThat(rawObjects()).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a~b", "a.b", "a-b", "../x",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void rejectsInvalidUploadIds(String upload) {
    assertThatThrownBy(() -> store.stage(newId(), upload, new ByteArrayInputStream(bytes(1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.discardUpload(newId(), upload)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rootThatIsAFileFailsClearly() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    assertThatThrownBy(() -> new FileImageStore(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../etc/passwd",
        "..",
        ".",
        "a/b",
        "/etc/passwd",
        "a\\b",
        "a\0b",
        "",
        ".hidden",
        "-x-..-y",
        "a b"
      })
  void rejectsUnsafeIds(String id) {
    assertThatThrownBy(() -> store.stage(id, newUpload(), new ByteArrayInputStream(bytes(1))))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> store.discardUpload(id, newUpload())).isInstanceOf(BadRequestException.class);
    assertThat(tmp.resolve("etc")).doesNotExist();
  }

  @Test
  void rejectsTooLongId() {
    String id = "a".repeat(65);
    assertThatThrownBy(() -> store.stage(id, newUpload(), new ByteArrayInputStream(bytes(1))))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void acceptsUuidAndPlainIds() throws Exception {
    for (String id :
        List.of("0B5A4E5C-91A3-4C87-9E4B-3C3C7F1F6C2D", "image_1.raw", "a".repeat(64))) {
      assertThat(read(put(id, bytes(3)), 0, -1)).isEqualTo(bytes(3));
    }
  }

  @Test
  void refusesLocationsOutsideRoot() throws Exception {
    Path real = root().toRealPath();
    String id = newId();
    String upload = newUpload();
    put(id, upload, bytes(3));
    String name = id + "~" + upload;
    List<String> outside =
        List.of(
            "file:///etc/passwd",
            "file://" + real + "/../../../etc/passwd",
            "file://" + real + "/./" + name,
            "file://" + real + "/sub/" + name,
            "file://" + real,
            "file://" + real + "/",
            "file://etc/passwd",
            "file://" + real + "/" + name + "\0",
            "file://" + real + "/." + name + ".tmp",
            "file://" + real + "/" + name + "~x",
            "filesystem://" + real + "/" + name,
            "FILE://" + real + "/" + name,
            "file:" + real + "/" + name);
    for (String location : outside) {
      assertThat(store.handles(location)).as(location).isFalse();
      assertThatThrownBy(() -> store.open(location, 0, -1))
          .as(location)
          .isInstanceOf(BadRequestException.class);
      assertThatThrownBy(() -> store.delete(location))
          .as(location)
          .isInstanceOf(BadRequestException.class);
    }
    assertThat(Files.exists(Path.of("/etc/passwd"))).isTrue();
    assertThat(read("file://" + real + "/" + name, 0, -1)).isEqualTo(bytes(3));
  }

  @Test
  void symlinkInRootIsNotFollowed() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret"), "top secret", StandardCharsets.UTF_8);
    String id = newId();
    Files.createSymbolicLink(root().resolve(id), secret);
    String location = fileStore().locationOf(id);
    assertThatThrownBy(() -> store.open(location, 0, -1)).isInstanceOf(NotFoundException.class);
    store.delete(location);
    assertThat(secret).exists().hasContent("top secret");
  }

  @Test
  void symlinkedDirectoryInRootDoesNotLeadOut() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("x"), "data");
    Files.createSymbolicLink(root().resolve("sub"), outside);
    String location = "file://" + root().toRealPath() + "/sub/x";
    assertThat(store.handles(location)).isFalse();
    assertThatThrownBy(() -> store.open(location, 0, -1)).isInstanceOf(BadRequestException.class);
  }

  @Test
  void rootGivenThroughSymlinkStillWorks() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectories(root()));
    FileImageStore viaLink = new FileImageStore(link);
    String id = newId();
    String upload = newUpload();
    String location;
    try (StagedData staged = viaLink.stage(id, upload, new ByteArrayInputStream(bytes(4)))) {
      location = staged.commit();
    }
    assertThat(location).isEqualTo("file://" + root().toRealPath().resolve(id + "~" + upload));
    assertThat(viaLink.handles("file://" + link + "/" + id + "~" + upload)).isTrue();
  }

  @Test
  void tempFileIsRemovedAfterFailureMidway() throws Exception {
    IOException failure = new IOException("connection reset");
    String id = newId();
    assertThatThrownBy(() -> store.stage(id, newUpload(), failingAfter(5_000_000, failure))).isSameAs(failure);
    assertThat(rawObjects()).isEmpty();
  }

  @Test
  void stagedDataIsAHiddenTempFileUntilCommit() throws Exception {
    String id = newId();
    String upload = newUpload();
    try (StagedData staged = store.stage(id, upload, new ByteArrayInputStream(bytes(10)))) {
      assertThat(rawObjects()).containsExactly("." + id + "~" + upload + ".tmp");
      staged.commit();
      assertThat(rawObjects()).containsExactly(id + "~" + upload);
      assertThatThrownBy(staged::commit).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void listsOnlyFilesItNamedIncludingThoseOfEarlierVersions() throws Exception {
    String id = newId();
    String upload = newUpload();
    String location = put(id, upload, bytes(1));
    Files.write(root().resolve(id), bytes(2));                             // unnamed data
    Files.write(root().resolve("." + id + ".8230489234.tmp"), bytes(3));   // an earlier temp file
    Files.write(root().resolve("." + id + "~" + upload + "x.tmp"), bytes(4));
    Instant old = Instant.parse("2020-01-01T00:00:00Z");
    Files.setLastModifiedTime(root().resolve(id), FileTime.from(old));
    Files.writeString(root().resolve("notes txt"), "foreign");
    Files.writeString(root().resolve(".hidden"), "foreign");
    Files.writeString(root().resolve("a~b~c"), "foreign");
    Files.createDirectories(root().resolve("sub-dir"));
    Files.createSymbolicLink(root().resolve(newId()), tmp);

    assertThat(listed()).extracting(o -> o.name() + " " + o.imageId() + " " + o.uploadId() + " " + o.temporary())
        .containsExactlyInAnyOrder(
            id + "~" + upload + " " + id + " " + upload + " false",
            id + " " + id + " null false",
            "." + id + ".8230489234.tmp " + id + " null true",
            "." + id + "~" + upload + "x.tmp " + id + " " + upload + "x true");
    assertThat(listed()).filteredOn(o -> o.name().equals(id)).singleElement().satisfies(o -> {
      assertThat(o.lastModified()).isEqualTo(old);
      assertThat(o.location()).isEqualTo("file://" + root().toRealPath().resolve(id));
    });
    assertThat(listed()).filteredOn(o -> o.uploadId() != null && o.uploadId().equals(upload)).singleElement()
        .satisfies(o -> assertThat(o.location()).isEqualTo(location));
  }

  @Test
  void removesNothingItDidNotName() throws Exception {
    Files.writeString(root().resolve("notes txt"), "foreign");
    for (String name : List.of("notes txt", "../images/notes txt", "sub/x", "")) {
      assertThatThrownBy(() -> store.remove(new StoredObject(name, null, null, true, null, Instant.now())))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(rawObjects()).containsExactly("notes txt");
  }

  @Test
  void rejectsNegativeOffsetOrLength() throws Exception {
    String location = put(newId(), bytes(10));
    assertThatThrownBy(() -> store.open(location, -1, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.open(location, 0, -2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rangeStreamSupportsSingleByteReadsAndSkip() throws Exception {
    String location = put(newId(), bytes(100));
    try (InputStream in = store.open(location, 10, 20)) {
      assertThat(in.read()).isEqualTo(bytes(100)[10] & 0xff);
      assertThat(in.skip(9)).isEqualTo(9);
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes(100), 20, 30));
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  /** 50 MB through stage and open: the bytes round-trip, and allocation stays far below 50 MB. */
  @Test
  void largeImageStreamsWithFlatMemory() throws Exception {
    long size = 50L * 1024 * 1024;
    String id = newId();
    long before = allocatedBytes();
    String location;
    byte[] written;
    try (GeneratedStream source = new GeneratedStream(size);
        StagedData staged = store.stage(id, newUpload(), source)) {
      assertThat(staged.size()).isEqualTo(size);
      location = staged.commit();
      written = source.digest();
    }
    MessageDigest readBack = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = store.open(location, 0, -1)) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        readBack.update(buffer, 0, n);
      }
    }
    long allocated = allocatedBytes() - before;
    assertThat(readBack.digest()).isEqualTo(written);
    assertThat(Files.size(Path.of(location.substring("file://".length())))).isEqualTo(size);
    if (before >= 0) {
      assertThat(allocated).as("bytes allocated while copying").isLessThan(size / 5);
    }
  }

  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported()) {
      return bean.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }

  /** Pseudo-random bytes made on the fly (never held whole), hashed as they are served. */
  private static final class GeneratedStream extends InputStream {
    private final MessageDigest digest;
    private long remaining;
    private long state = 0x9E3779B97F4A7C15L;

    GeneratedStream(long size) throws Exception {
      this.remaining = size;
      this.digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("bulk reads only");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        b[off + i] = (byte) state;
      }
      digest.update(b, off, n);
      remaining -= n;
      return n;
    }

    byte[] digest() {
      return digest.digest();
    }
  }
}
