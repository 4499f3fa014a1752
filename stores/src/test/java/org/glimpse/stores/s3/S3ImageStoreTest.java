package org.glimpse.stores.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.ImageStore.StagedData;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.glimpse.stores.ImageStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The store contract and the S3 store's own promises against a real S3 endpoint (Swift's s3api,
 * see {@link SwiftS3}), in a bucket of this class's own, emptied before each test.
 */
class S3ImageStoreTest extends ImageStoreContractTest {
  private static final int MIB = 1024 * 1024;

  private static SwiftS3 s3;
  private static String bucketName;
  private static S3Client raw;
  private final List<S3ImageStore> opened = new ArrayList<>();

  @BeforeAll
  static void createBucket() {
    s3 = SwiftS3.require();
    bucketName = "glimpse-test-" + UUID.randomUUID().toString().substring(0, 8);
    raw = S3Clients.build(s3.settings(bucketName, false));
    raw.createBucket(b -> b.bucket(bucketName));
  }

  @AfterAll
  static void deleteBucket() {
    if (raw != null) {
      empty(bucketName);
      raw.deleteBucket(b -> b.bucket(bucketName));
      raw.close();
    }
  }

  @AfterEach
  void closeStores() {
    opened.forEach(S3ImageStore::close);
  }

  @Override
  protected ImageStore createStore() {
    empty(bucketName);
    return open(s3.settings(bucketName, false));
  }

  private S3ImageStore open(S3Settings settings) {
    S3ImageStore store = new S3ImageStore(settings);
    opened.add(store);
    return store;
  }

  /** Objects by key, multipart uploads in progress as {@code key (upload)}. */
  @Override
  protected List<String> rawObjects() {
    List<String> names = new ArrayList<>();
    raw.listObjectsV2Paginator(b -> b.bucket(bucketName)).contents().forEach(o -> names.add(o.key()));
    raw.listMultipartUploadsPaginator(b -> b.bucket(bucketName)).uploads()
        .forEach(u -> names.add(u.key() + " (upload " + u.uploadId() + ")"));
    return names;
  }

  private static void empty(String bucket) {
    for (MultipartUpload u : raw.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()) {
      raw.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
    }
    for (S3Object o : raw.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      raw.deleteObject(b -> b.bucket(bucket).key(o.key()));
    }
  }

  @Test
  void writesLocationsWithoutCredentials() throws Exception {
    String id = newId();
    String upload = newUpload();
    String location = put(id, upload, bytes(5));
    String host = s3.endpoint().replaceFirst("^https?://", "").replaceAll("/+$", "");
    assertThat(location).isEqualTo("s3://" + host + "/" + bucketName + "/" + id + "~" + upload)
        .doesNotContain(s3.accessKey()).doesNotContain(s3.secretKey());
    assertThat(rawObjects()).containsExactly(id + "~" + upload);
  }

  @Test
  void readsGlanceStoreLocationsWithCredentialsAndUnnamedData() throws Exception {
    String id = newId();
    raw.putObject(b -> b.bucket(bucketName).key(id), RequestBody.fromBytes(bytes(7)));
    String host = s3.endpoint().replaceFirst("^https?://", "");
    String glance = "s3://" + s3.accessKey() + ":se/cr:et@" + host + "/" + bucketName + "/" + id;
    assertThat(store.handles(glance)).isTrue();
    assertThat(store.handles("s3://" + host + "/other-bucket/" + id)).isFalse();
    assertThat(store.handles("s3://elsewhere:8080/" + bucketName + "/" + id)).isFalse();
    assertThat(read(glance, 2, 3)).isEqualTo(Arrays.copyOfRange(bytes(7), 2, 5));
    assertThat(listed()).singleElement().satisfies(o -> {
      assertThat(o.imageId()).isEqualTo(id);
      assertThat(o.uploadId()).isNull();
      assertThat(o.temporary()).isFalse();
    });
    store.discardUpload(id, null);
    assertThat(rawObjects()).isEmpty();
  }

  @Test
  void thirtyMibInFiveMibPartsReadsBackWholeAndInRanges() throws Exception {
    byte[] data = bytes(30 * MIB + 12_345);
    String location = put(newId(), data);
    try (InputStream in = store.open(location, 0, -1)) {
      assertThat(sha256(in)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }
    long[][] ranges = {{5 * MIB - 10, 20}, {0, 5 * MIB + 1}, {25 * MIB, -1}, {30 * MIB + 12_000, 1_000}};
    for (long[] r : ranges) {
      int from = (int) r[0];
      int to = r[1] < 0 ? data.length : (int) Math.min(data.length, r[0] + r[1]);
      assertThat(read(location, r[0], r[1])).as("range %d+%d", r[0], r[1])
          .isEqualTo(Arrays.copyOfRange(data, from, to));
    }
    assertThat(listed()).singleElement().satisfies(o -> assertThat(o.temporary()).isFalse());
  }

  @Test
  void stagedDataIsAnUploadInProgressUntilCommitted() throws Exception {
    String id = newId();
    String upload = newUpload();
    try (StagedData staged = store.stage(id, upload, new ByteArrayInputStream(bytes(6 * MIB)))) {
      assertThat(staged.size()).isEqualTo(6 * MIB);
      assertThat(raw.listObjectsV2(b -> b.bucket(bucketName)).contents()).isEmpty();
      StoredObject temp = listed().get(0);
      assertThat(temp.temporary()).isTrue();
      assertThat(temp.imageId()).isEqualTo(id);
      assertThat(temp.uploadId()).isEqualTo(upload);
      assertThat(temp.lastModified()).isAfter(Instant.now().minusSeconds(60));
      String location = staged.commit();
      assertThat(read(location, 0, -1)).isEqualTo(bytes(6 * MIB));
    }
    assertThat(rawObjects()).containsExactly(id + "~" + upload);
  }

  @Test
  void aStreamFailingAfterTwoPartsLeavesNoUploadBehind() {
    IOException failure = new IOException("client went away");
    assertThatThrownBy(() -> store.stage(newId(), newUpload(), failingAfter(11 * MIB, failure)))
        .isSameAs(failure);
    assertThat(rawObjects()).isEmpty();
  }

  @Test
  void aDownloadClosedEarlyDoesNotReadTheRest() throws Exception {
    String location = put(newId(), bytes(12 * MIB));
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      try (InputStream in = store.open(location, 0, -1)) {
        assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(bytes(12 * MIB), 10));
      }
    }
    assertThat(read(location, 0, 4)).isEqualTo(Arrays.copyOf(bytes(12 * MIB), 4));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aMissingBucketIsCreatedOnlyWhenAllowed() throws Exception {
    String other = "glimpse-test-" + UUID.randomUUID().toString().substring(0, 8);
    S3ImageStore refusing = open(s3.settings(other, false));
    assertThat(refusing.list()).isEmpty();
    assertThatThrownBy(() -> refusing.stage(newId(), newUpload(), new ByteArrayInputStream(bytes(3))))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining(other).hasMessageContaining("s3_store_create_bucket_on_put");
    S3ImageStore creating = open(s3.settings(other, true));
    try {
      String location;
      try (StagedData staged = creating.stage(newId(), newUpload(), new ByteArrayInputStream(bytes(3)))) {
        location = staged.commit();
      }
      assertThat(creating.open(location, 0, -1).readAllBytes()).isEqualTo(bytes(3));
      creating.delete(location);
    } finally {
      empty(other);
      raw.deleteBucket(b -> b.bucket(other));
    }
  }

  @Test
  void anEndpointNobodyListensOnIsUnavailableQuickly() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    S3ImageStore nowhere = open(new S3Settings("http://127.0.0.1:" + port, "a", "b", bucketName, false, "path",
        "", 5, 1, Optional.empty()));
    long start = System.nanoTime();
    assertThatThrownBy(() -> nowhere.stage(newId(), newUpload(), new ByteArrayInputStream(bytes(3))))
        .isInstanceOf(UnavailableException.class).hasMessageContaining("S3").hasMessageContaining("unreachable");
    String location = "s3://127.0.0.1:" + port + "/" + bucketName + "/" + newId();
    assertThatThrownBy(() -> nowhere.open(location, 0, -1)).isInstanceOf(UnavailableException.class);
    assertThatThrownBy(() -> {
      try (Stream<StoredObject> objects = nowhere.list()) {
        objects.count();
      }
    }).isInstanceOf(UnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void readingAMissingKeyIsNotFound() {
    String host = s3.endpoint().replaceFirst("^https?://", "");
    String location = "s3://" + host + "/" + bucketName + "/" + newId() + "~" + newUpload();
    assertThatThrownBy(() -> store.open(location, 10, 5)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.open(location, 0, 0)).isInstanceOf(NotFoundException.class);
  }

  private static byte[] sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
    }
    return digest.digest();
  }
}
