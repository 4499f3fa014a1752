package org.glimpse.stores.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.ImageStore.StagedData;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.glimpse.stores.ImageStoreContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store contract against the Swift of scripts/swift-up.sh, plus what segments add to it. */
class SwiftImageStoreTest extends ImageStoreContractTest {
  private static final int MIB = 1024 * 1024;

  private SwiftSettings settings;

  @Override
  protected ImageStore createStore() {
    settings = SwiftTestService.settings(5120L * MIB, 200L * MIB);
    return new SwiftImageStore(settings);
  }

  @Override
  protected List<String> rawObjects() throws IOException {
    return SwiftTestService.rawObjects(settings);
  }

  @AfterEach
  void dropContainers() throws IOException {
    if (settings != null) {
      SwiftTestService.dropContainers(settings);
    }
  }

  /** A store over the same containers writing 1 MiB segments above 2 MiB. */
  private SwiftImageStore segmentingStore() {
    return new SwiftImageStore(new SwiftSettings(settings.reference(), settings.authAddress(),
        settings.project(), settings.user(), settings.key(), settings.userDomainId(),
        settings.projectDomainId(), settings.container(), true, 2L * MIB, MIB, Optional.empty(),
        Optional.empty(), "public", "object-store", false, Optional.empty(), Duration.ofSeconds(30)));
  }

  @Test
  void largeDataIsSegmentedAndReadsBackExactlyWithRanges() throws Exception {
    SwiftImageStore segmenting = segmentingStore();
    byte[] data = bytes(5 * MIB + 123);
    String location;
    try (StagedData staged = segmenting.stage(newId(), newUpload(), new ByteArrayInputStream(data))) {
      assertThat(staged.size()).isEqualTo(data.length);
      location = staged.commit();
    }
    // first segment 2 MiB, then 1 MiB each: 2 + 1 + 1 + 1 + a tail, plus the manifest
    assertThat(rawObjects()).hasSize(6);
    try (InputStream in = segmenting.open(location, 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    long from = 2L * MIB - 10;
    try (InputStream in = segmenting.open(location, from, MIB + 20)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, (int) from, (int) from + MIB + 20));
    }
    try (InputStream in = segmenting.open(location, data.length - 5, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, data.length - 5, data.length));
    }
    assertThat(listed()).singleElement().satisfies(o -> assertThat(o.temporary()).isFalse());

    segmenting.delete(location);
    assertThat(rawObjects()).isEmpty();
    assertThatThrownBy(() -> segmenting.open(location, 0, -1)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aStreamFailingAfterSeveralSegmentsLeavesNoSegment() throws Exception {
    IOException failure = new IOException("client went away");
    SwiftImageStore segmenting = segmentingStore();
    assertThatThrownBy(() -> segmenting.stage(newId(), newUpload(), failingAfter(4 * MIB + 5, failure)))
        .isSameAs(failure);
    assertThat(rawObjects()).isEmpty();
  }

  @Test
  void uncommittedSegmentsAreListedAsTemporaryAndRemovable() throws Exception {
    SwiftImageStore segmenting = segmentingStore();
    String id = newId();
    String upload = newUpload();
    StagedData staged = segmenting.stage(id, upload, new ByteArrayInputStream(bytes(3 * MIB)));
    List<StoredObject> objects = listed();
    assertThat(objects).hasSize(2).allSatisfy(o -> {
      assertThat(o.temporary()).isTrue();
      assertThat(o.imageId()).isEqualTo(id);
      assertThat(o.uploadId()).isEqualTo(upload);
    });
    for (StoredObject object : objects) {
      store.remove(object);
    }
    assertThat(rawObjects()).isEmpty();
    staged.close();
  }

  @Test
  void aSegmentedUploadIsNeverCommittedOverExistingData() throws Exception {
    SwiftImageStore segmenting = segmentingStore();
    String id = newId();
    String upload = newUpload();
    String location = put(id, upload, bytes(10));
    try (StagedData staged = segmenting.stage(id, upload, new ByteArrayInputStream(bytes(3 * MIB)))) {
      assertThatThrownBy(staged::commit).isInstanceOf(ConflictException.class);
    }
    assertThat(read(location, 0, -1)).isEqualTo(bytes(10));
    assertThat(rawObjects()).hasSize(1);
  }

  @Test
  void anUnreachableSwiftIsUnavailableQuickly() {
    SwiftSettings down = new SwiftSettings("ref1", settings.authAddress(), settings.project(),
        settings.user(), settings.key(), "default", "default", settings.container(), true, MIB, MIB,
        Optional.of(URI.create("http://127.0.0.1:9/v1/AUTH_nowhere")), Optional.empty(), "public",
        "object-store", false, Optional.empty(), Duration.ofSeconds(5));
    SwiftImageStore unreachable = new SwiftImageStore(down);
    long start = System.nanoTime();
    assertThatThrownBy(() -> unreachable.stage(newId(), newUpload(), new ByteArrayInputStream(bytes(10))))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("Swift");
    assertThatThrownBy(() -> unreachable.open(SwiftImageStore.SCHEME + "://ref1/" + settings.container() + "/"
            + newId() + "~" + newUpload(), 0, -1))
        .isInstanceOf(UnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void wrongCredentialsAreUnavailableNamingKeystone() {
    SwiftSettings wrong = new SwiftSettings("ref1", settings.authAddress(), settings.project(),
        settings.user(), "not-the-password", "default", "default", settings.container(), true, MIB, MIB,
        Optional.empty(), Optional.empty(), "public", "object-store", false, Optional.empty(), Duration.ofSeconds(5));
    assertThatThrownBy(() -> new SwiftImageStore(wrong).stage(newId(), newUpload(), new ByteArrayInputStream(bytes(1))))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("Keystone")
        .hasMessageContaining("refused");
  }

  @Test
  void anExpiredTokenIsRenewedWhenSwiftRefusesIt() throws Exception {
    // the short-token twin of keystone-up.sh issues tokens that live 5 seconds
    URI shortLived = URI.create(settings.authAddress().toString().replace(":5000/", ":5001/"));
    assumeTrue(!shortLived.equals(settings.authAddress()), "Keystone is not on port 5000; no short-token twin");
    SwiftImageStore renewing = new SwiftImageStore(new SwiftSettings("ref1", shortLived, settings.project(),
        settings.user(), settings.key(), "default", "default", settings.container(), true, MIB, MIB,
        Optional.empty(), Optional.empty(), "public", "object-store", false, Optional.empty(), Duration.ofSeconds(30)));
    String location;
    try (StagedData staged = renewing.stage(newId(), newUpload(), new ByteArrayInputStream(bytes(10)))) {
      location = staged.commit();
    }
    int before = renewing.client().authentications();
    Thread.sleep(7_000);
    try (InputStream in = renewing.open(location, 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes(10));
    }
    assertThat(renewing.client().authentications()).isEqualTo(before + 1);
  }

  @Test
  void locationsNameTheReferenceAndContainerOnly() throws Exception {
    String location = put(newId(), bytes(3));
    assertThat(location).startsWith("swift+config://ref1/" + settings.container() + "/")
        .doesNotContain(settings.key());
    assertThat(store.handles(location.replace("ref1", "ref2"))).isFalse();
    assertThat(store.handles("swift+config://ref1/other/" + newId())).isFalse();
    assertThat(store.handles(location + "/../x")).isFalse();
  }
}
