package org.glimpse.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.ImageStore.StagedData;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@link ImageStore} contract, written once. A backend's test subclasses this and supplies a
 * fresh, empty store plus a raw listing of everything the backend holds (temporary objects
 * included), so "a failed write leaves nothing behind" can be checked.
 */
public abstract class ImageStoreContractTest {

  protected ImageStore store;

  /** A new store over empty storage; called before each test. */
  protected abstract ImageStore createStore() throws Exception;

  /** Names of every object the backend holds, including temporary ones. */
  protected abstract List<String> rawObjects() throws Exception;

  @BeforeEach
  void setUpStore() throws Exception {
    store = createStore();
  }

  protected static String newId() {
    return UUID.randomUUID().toString();
  }

  /** A fresh upload id, as the uploader makes them. */
  protected static String newUpload() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  protected static byte[] bytes(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return data;
  }

  protected String put(String id, byte[] data) throws IOException {
    return put(id, newUpload(), data);
  }

  protected String put(String id, String upload, byte[] data) throws IOException {
    try (StagedData staged = store.stage(id, upload, new ByteArrayInputStream(data))) {
      return staged.commit();
    }
  }

  protected List<StoredObject> listed() throws IOException {
    try (Stream<StoredObject> objects = store.list()) {
      return objects.toList();
    }
  }

  protected byte[] read(String location, long offset, long length) throws IOException {
    try (InputStream in = store.open(location, offset, length)) {
      return in.readAllBytes();
    }
  }

  @Test
  void storesAndReadsBackBytes() throws Exception {
    byte[] data = bytes(200_000);
    String id = newId();
    try (StagedData staged = store.stage(id, newUpload(), new ByteArrayInputStream(data))) {
      assertThat(staged.size()).isEqualTo(data.length);
      String location = staged.commit();
      assertThat(location).startsWith(store.scheme() + "://").contains(id);
      assertThat(store.handles(location)).isTrue();
      assertThat(read(location, 0, -1)).isEqualTo(data);
    }
  }

  @Test
  void storesEmptyImage() throws Exception {
    String location = put(newId(), new byte[0]);
    assertThat(read(location, 0, -1)).isEmpty();
  }

  @ParameterizedTest(name = "offset {0}, length {1} of 1000 bytes")
  @CsvSource({
    "0, -1, 0, 1000",
    "0, 0, 0, 0",
    "0, 1, 0, 1",
    "0, 10, 0, 10",
    "5, 10, 5, 15",
    "500, -1, 500, 1000",
    "999, -1, 999, 1000",
    "999, 5, 999, 1000",
    "1000, -1, 1000, 1000",
    "1000, 10, 1000, 1000",
    "0, 5000, 0, 1000",
    "2000, -1, 1000, 1000"
  })
  void readsRanges(long offset, long length, int from, int to) throws Exception {
    byte[] data = bytes(1000);
    String location = put(newId(), data);
    assertThat(read(location, offset, length)).isEqualTo(Arrays.copyOfRange(data, from, to));
  }

  @Test
  void openingMissingDataIsNotFound() throws Exception {
    String location = put(newId(), bytes(10));
    store.delete(location);
    assertThatThrownBy(() -> store.open(location, 0, -1)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void deletingTwiceIsFine() throws Exception {
    String location = put(newId(), bytes(10));
    store.delete(location);
    store.delete(location);
    assertThat(rawObjects()).isEmpty();
  }

  @Test
  void closingWithoutCommitLeavesNothing() throws Exception {
    String id = newId();
    try (StagedData staged = store.stage(id, newUpload(), new ByteArrayInputStream(bytes(1000)))) {
      assertThat(staged.size()).isEqualTo(1000);
    }
    assertThat(rawObjects()).isEmpty();
    String location = put(id, bytes(3));
    assertThat(read(location, 0, -1)).isEqualTo(bytes(3));
  }

  @Test
  void closingAfterCommitKeepsData() throws Exception {
    String id = newId();
    StagedData staged = store.stage(id, newUpload(), new ByteArrayInputStream(bytes(100)));
    String location = staged.commit();
    staged.close();
    staged.close();
    assertThat(read(location, 0, -1)).isEqualTo(bytes(100));
  }

  @Test
  void ioFailureWhileReadingPropagatesUnchangedAndLeavesNothing() throws Exception {
    IOException failure = new IOException("client went away");
    assertThatThrownBy(() -> store.stage(newId(), newUpload(), failingAfter(300_000, failure)))
        .isSameAs(failure);
    assertThat(rawObjects()).isEmpty();
  }

  @Test
  void runtimeFailureWhileReadingPropagatesUnchangedAndLeavesNothing() throws Exception {
    RuntimeException failure = new IllegalStateException("size cap exceeded");
    assertThatThrownBy(() -> store.stage(newId(), newUpload(), failingAfter(300_000, failure)))
        .isSameAs(failure);
    assertThat(rawObjects()).isEmpty();
  }

  @Test
  void eachUploadHasObjectsOfItsOwn() throws Exception {
    String id = newId();
    StagedData first = store.stage(id, newUpload(), new ByteArrayInputStream(bytes(10)));
    StagedData second = store.stage(id, newUpload(), new ByteArrayInputStream(bytes(20)));
    String firstLocation = first.commit();
    String secondLocation = second.commit();
    second.close();
    first.close();
    assertThat(firstLocation).isNotEqualTo(secondLocation);
    assertThat(read(firstLocation, 0, -1)).isEqualTo(bytes(10));
    assertThat(read(secondLocation, 0, -1)).isEqualTo(bytes(20));
    assertThat(rawObjects()).hasSize(2);
  }

  @Test
  void anUploadIsNeverCommittedTwice() throws Exception {
    String id = newId();
    String upload = newUpload();
    String location = put(id, upload, bytes(10));
    assertThatThrownBy(() -> put(id, upload, bytes(20))).isInstanceOfAny(IOException.class, ConflictException.class);
    assertThat(read(location, 0, -1)).isEqualTo(bytes(10));
    assertThat(rawObjects()).hasSize(1);
  }

  @Test
  void listsDataAndTemporaryObjectsWithTheirImageAndUpload() throws Exception {
    Instant before = Instant.now().minusSeconds(5);
    String id = newId();
    String done = newUpload();
    String location = put(id, done, bytes(10));
    String pending = newUpload();
    try (StagedData staged = store.stage(id, pending, new ByteArrayInputStream(bytes(5)))) {
      List<StoredObject> objects = listed();
      assertThat(objects).hasSize(2);
      StoredObject data = objects.stream().filter(o -> !o.temporary()).findFirst().orElseThrow();
      assertThat(data.imageId()).isEqualTo(id);
      assertThat(data.uploadId()).isEqualTo(done);
      assertThat(data.location()).isEqualTo(location);
      // object stores keep whole seconds, and S3 listings round up to the next one
      assertThat(data.lastModified()).isAfter(before).isBeforeOrEqualTo(Instant.now().plusSeconds(1));
      StoredObject temp = objects.stream().filter(StoredObject::temporary).findFirst().orElseThrow();
      assertThat(temp.imageId()).isEqualTo(id);
      assertThat(temp.uploadId()).isEqualTo(pending);
      assertThat(temp.location()).isNull();
      assertThat(temp.name()).isNotEqualTo(data.name());
      staged.commit();
    }
    assertThat(listed()).hasSize(2).noneMatch(StoredObject::temporary);
  }

  @Test
  void removesListedObjectsTemporaryOrNot() throws Exception {
    String location = put(newId(), bytes(10));
    StagedData staged = store.stage(newId(), newUpload(), new ByteArrayInputStream(bytes(5)));
    for (StoredObject object : listed()) {
      store.remove(object);
      store.remove(object);
    }
    assertThat(rawObjects()).isEmpty();
    assertThatThrownBy(() -> store.open(location, 0, -1)).isInstanceOf(NotFoundException.class);
    staged.close();
  }

  @Test
  void discardingAnUploadRemovesWhatItLeftAndNothingElse() throws Exception {
    String id = newId();
    String kept = put(id, bytes(3));
    String dead = newUpload();
    put(id, dead, bytes(4));
    String crashed = newUpload();
    StagedData staged = store.stage(id, crashed, new ByteArrayInputStream(bytes(5)));

    store.discardUpload(id, dead);
    store.discardUpload(id, crashed);
    store.discardUpload(id, crashed);
    store.discardUpload(newId(), newUpload());

    assertThat(listed()).singleElement().satisfies(o -> assertThat(o.location()).isEqualTo(kept));
    staged.close();
  }

  @Test
  void doesNotHandleForeignLocations() {
    assertThat(store.handles("http://example.com/image")).isFalse();
    assertThat(store.handles("")).isFalse();
    assertThat(store.handles(null)).isFalse();
    assertThat(store.handles("not a uri at all")).isFalse();
  }

  @Test
  void concurrentWritesOfDifferentImagesStayApart() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> locations = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int size = 10_000 + i;
        locations.add(pool.submit(() -> put(newId(), bytes(size))));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(read(locations.get(i).get(), 0, -1)).isEqualTo(bytes(10_000 + i));
      }
      assertThat(rawObjects()).hasSize(8);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A stream of {@code good} bytes that then throws {@code failure}. */
  protected static InputStream failingAfter(int good, Throwable failure) {
    return new InputStream() {
      private int served;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (served >= good) {
          if (failure instanceof IOException io) {
            throw io;
          }
          throw (RuntimeException) failure;
        }
        int n = Math.min(len, good - served);
        served += n;
        return n;
      }
    };
  }
}
