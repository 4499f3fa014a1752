package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.TaskRepository;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskQuery;
import org.glimpse.core.task.TaskStatus;
import org.glimpse.core.time.ImageClock;
import org.junit.jupiter.api.Test;

/**
 * The location_import task's rules that need a store failing on purpose: reading is tried
 * http_retries times; an image being verified goes back to queued without hashes (an http location
 * stays, any other goes); an image activated before hashing stays active without them.
 */
class LocationImportRunnerTest {
  private static final byte[] DATA = "bytes at a location".getBytes(StandardCharsets.US_ASCII);
  private static final String HTTP = "http://images.example.com/image";
  private static final RequestContext CTX = new RequestContext("p1", "u1", java.util.Set.of("member"), true, "r");

  private final InMemoryImages images = new InMemoryImages();
  private final Tasks tasks = new Tasks();
  private final ImageClock clock = new ImageClock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final FlakyStore store = new FlakyStore();

  private LocationImportRunner runner(boolean secure, int retries) {
    return new LocationImportRunner(new ImageUpdater(images, ImageRules.glanceDefaults(), clock), store, tasks,
        Notifier.NONE, clock, new LocationImportRunner.Settings(secure, retries, HashAlgorithm.SHA512,
            Duration.ofSeconds(60), Duration.ofHours(48)), url -> Optional.empty(), Executors.newSingleThreadExecutor());
  }

  private Task lockedImage(String url) {
    Image image = new Image();
    image.setId("i1");
    image.setOwner("p1");
    image.setVisibility(Visibility.PRIVATE);
    image.setStatus(ImageStatus.QUEUED);
    image.setDiskFormat("raw");
    image.setContainerFormat("bare");
    image.setCreatedAt(clock.now());
    image.setUpdatedAt(clock.now());
    image.getProperties().put(ImportService.LOCK, "t1");
    images.create(image);
    Task task = new Task("t1", LocationImportService.TASK_TYPE, TaskStatus.PENDING, "p1", "{}", null, "", null,
        clock.now(), clock.now(), "i1", "r", "u1");
    tasks.add(task);
    store.url = url;
    return task;
  }

  private static String hex(String algo) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(DATA));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void readingIsTriedHttpRetriesTimes() {
    Task task = lockedImage(HTTP);
    store.failures = 2;
    runner(true, 3).run(CTX, task, new AddLocationRequest(HTTP, "sha256", hex("SHA-256")));
    Image image = images.find("i1").orElseThrow();
    assertThat(store.opens).isEqualTo(3);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(image.getChecksum()).isEqualTo(hex("MD5"));
    assertThat(image.getOsHashValue()).isEqualTo(hex("SHA-256"));
    assertThat(image.getSize()).isEqualTo(DATA.length);
    assertThat(image.getProperties()).doesNotContainKey(ImportService.LOCK);
    assertThat(tasks.find("t1").orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
  }

  @Test
  void dataThatCannotBeReadPutsAVerifiedImageBackToQueued() {
    Task task = lockedImage(HTTP);
    store.failures = 3;
    runner(true, 3).run(CTX, task, new AddLocationRequest(HTTP, "sha256", hex("SHA-256")));
    Image image = images.find("i1").orElseThrow();
    assertThat(store.opens).isEqualTo(3);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(image.getOsHashAlgo()).isNull();
    assertThat(image.getChecksum()).isNull();
    assertThat(image.getLocation()).isEqualTo(HTTP);
    assertThat(image.getProperties()).doesNotContainKey(ImportService.LOCK);
    Task failed = tasks.find("t1").orElseThrow();
    assertThat(failed.status()).isEqualTo(TaskStatus.FAILURE);
    assertThat(failed.message()).contains("Hash calculation failed");
  }

  @Test
  void aMismatchRemovesALocationOtherThanHttp() {
    String other = "rbd://pool/image";
    Task task = lockedImage(other);
    runner(true, 3).run(CTX, task, new AddLocationRequest(other, "sha512", "ab".repeat(64)));
    Image image = images.find("i1").orElseThrow();
    assertThat(image.getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(image.getLocations()).isEmpty();
    assertThat(tasks.find("t1").orElseThrow().message()).contains("not matched");
  }

  @Test
  void anImageActivatedBeforeHashingStaysActiveWhenReadingFails() {
    Task task = lockedImage(HTTP);
    store.failures = 5;
    runner(true, 2).run(CTX, task, new AddLocationRequest(HTTP, null, null));
    Image image = images.find("i1").orElseThrow();
    assertThat(store.opens).isEqualTo(2);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(image.getOsHashAlgo()).isEqualTo("sha512");
    assertThat(image.getOsHashValue()).isNull();
    assertThat(tasks.find("t1").orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
  }

  @Test
  void withoutSecureHashNothingIsRead() {
    Task task = lockedImage(HTTP);
    runner(false, 3).run(CTX, task, new AddLocationRequest(HTTP, "sha256", "00".repeat(32)));
    Image image = images.find("i1").orElseThrow();
    assertThat(store.opens).isZero();
    assertThat(image.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(image.getOsHashValue()).isEqualTo("00".repeat(32));
    assertThat(image.getChecksum()).isNull();
  }

  @Test
  void aLocationWithoutSizeFailsAndLeavesTheImageQueued() {
    Task task = lockedImage(HTTP);
    store.size = 0;
    runner(true, 3).run(CTX, task, new AddLocationRequest(HTTP, null, null));
    Image image = images.find("i1").orElseThrow();
    assertThat(image.getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(image.getLocations()).isEmpty();
    assertThat(image.getProperties()).doesNotContainKey(ImportService.LOCK);
    assertThat(tasks.find("t1").orElseThrow().message()).contains("Invalid location");
  }

  /** One location whose reads fail the first {@code failures} times. */
  private static final class FlakyStore implements ImageStore {
    String url;
    long size = DATA.length;
    int failures;
    int opens;

    @Override
    public String scheme() {
      return "flaky";
    }

    @Override
    public boolean handles(String location) {
      return location.equals(url);
    }

    @Override
    public long size(String location) {
      return size;
    }

    @Override
    public InputStream open(String location, long offset, long length) throws IOException {
      opens++;
      if (opens <= failures) {
        throw new IOException("connection reset");
      }
      return new ByteArrayInputStream(DATA);
    }

    @Override
    public StagedData stage(String imageId, String uploadId, DataChunks data) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String location) {}

    @Override
    public void discardUpload(String imageId, String uploadId) {}

    @Override
    public Stream<StoredObject> list() {
      return Stream.empty();
    }

    @Override
    public void remove(StoredObject object) {}
  }

  private static final class Tasks implements TaskRepository {
    final Map<String, Task> rows = new LinkedHashMap<>();

    @Override
    public void add(Task task) {
      rows.put(task.id(), task);
    }

    @Override
    public Optional<Task> find(String id) {
      return Optional.ofNullable(rows.get(id));
    }

    @Override
    public List<Task> list(TaskQuery query) {
      return List.copyOf(rows.values());
    }

    @Override
    public List<Task> listForImage(String imageId) {
      return rows.values().stream().filter(t -> imageId.equals(t.imageId())).toList();
    }

    @Override
    public void remove(String id) {
      rows.remove(id);
    }

    @Override
    public void save(Task task) {
      rows.put(task.id(), task);
    }

    @Override
    public boolean touch(String id, Instant now) {
      return rows.containsKey(id);
    }

    @Override
    public int deleteExpired(Instant now) {
      return 0;
    }
  }
}
