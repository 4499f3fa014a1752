package org.glimpse.ft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * No image stays saving for ever and nothing is left in the store (issue 8), over HTTP: an upload
 * whose client stalls or whose process died loses its image after upload_stall_time (1 s here) and
 * the image can be uploaded again; data files left behind by crashes never block an upload and are
 * swept. What a dead process would have left is written into the database and the store directory
 * directly. One server per class, on the database {@link #database()} names (a subclass per database).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class UploadRecoverySuite {
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
  /** Store objects untouched for longer than this are past the sweep's bound (2 × 1 s). */
  static final Instant LONG_AGO = Instant.now().minusSeconds(3600);

  private final TestDatabase database = database();
  private GlimpseTestServer server;
  private Client owner;
  private String skipReason;

  TestDatabase database() {
    return TestDatabase.h2();
  }

  @BeforeAll
  void startServer() {
    String connection;
    try {
      connection = database.create();
    } catch (TestAbortedException e) {
      skipReason = e.getMessage();
      System.err.println(getClass().getSimpleName() + ": " + skipReason);
      return;
    }
    server = GlimpseTestServer.start(connection, Map.of("GLIMPSE_DEFAULT__UPLOAD_STALL_TIME", "1"));
    owner = server.as("projRecovery", "member,reader");
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    database.drop();
  }

  @BeforeEach
  void requireDatabase() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
  }

  @Test
  void aStalledUploadLosesItsImageWhichCanThenBeUploadedAgain() throws Exception {
    String id = owner.createImage(FORMATS);
    RawHttp.Upload stalled = RawHttp.startUpload(server.baseUrl(), file(id), owner.identity(), 600, new byte[100]);
    awaitStatus(id, "saving");
    // no byte for longer than upload_stall_time: any process may take the image back
    awaitStatus(id, "queued");
    // recovery claims the image first and removes what the upload left just after
    awaitNoFile(id);

    owner.putData(file(id), "second try".getBytes(StandardCharsets.UTF_8)).assertStatus(204);
    assertThat(owner.get(file(id)).body()).isEqualTo("second try");

    Response late = stalled.finish(new byte[500]);
    late.assertError(409, "was released while its data was being uploaded");
    assertThat(status(id)).isEqualTo("active");
    assertThat(owner.get(file(id)).body()).isEqualTo("second try");
    assertThat(filesOf(id)).singleElement().satisfies(name -> assertThat(name).startsWith(id + "~"));
  }

  @Test
  void anImageLeftSavingByADeadProcessIsTakenBackWithWhatItsUploadLeft() throws Exception {
    String id = owner.createImage(FORMATS);
    String upload = "dead0000000000000000000000000001";
    leaveSaving(id, upload, "queued");
    write(id + "~" + upload, "committed, record not changed", Instant.now());
    write("." + id + "~" + upload + ".tmp", "half written", Instant.now());

    awaitStatus(id, "queued");
    awaitNoFile(id);
    var image = owner.get("/v2/images/" + id).json();
    assertThat(image.get("size").isNull()).isTrue();
    assertThat(image.get("checksum").isNull()).isTrue();
    owner.putData(file(id), "again".getBytes(StandardCharsets.UTF_8)).assertStatus(204);
    assertThat(owner.get(file(id)).body()).isEqualTo("again");
  }

  @Test
  void aV1UploadLeftByADeadProcessEndsKilledAsV1Leaves() throws Exception {
    String id = owner.createImage(FORMATS);
    leaveSaving(id, "dead0000000000000000000000000002", "killed");
    awaitStatus(id, "killed");
    Response head = owner.send("HEAD", "/v1/images/" + id, BodyPublishers.noBody());
    assertThat(head.header("x-image-meta-status")).isEqualTo("killed");
  }

  @Test
  void dataLeftFromAnEarlierAttemptNeverBlocksAnUploadAndIsSwept() throws Exception {
    String id = owner.createImage(FORMATS);
    // an earlier version named an image's data after the image, a crash left an attempt's data and temp
    write(id, "left by an earlier version", LONG_AGO);
    write(id + "~0123456789abcdef0123456789abcdef", "left by a crash", LONG_AGO);
    write("." + id + ".8231923123.tmp", "half written", LONG_AGO);
    write("notes txt", "not Glimpse's", LONG_AGO);

    owner.putData(file(id), "the real data".getBytes(StandardCharsets.UTF_8)).assertStatus(204);
    assertThat(owner.get(file(id)).body()).isEqualTo("the real data");

    awaitFiles(() -> filesOf(id).size() == 1);
    assertThat(filesOf(id)).containsExactly(server.dataFile(id).getFileName().toString());
    assertThat(server.storeFiles()).contains("notes txt");
    assertThat(owner.get(file(id)).body()).isEqualTo("the real data");
  }

  @Test
  void dataOfADeletedImageThatADeleteLeftBehindIsSwept() throws Exception {
    String id = owner.createActiveImage(FORMATS, "deleted, data left");
    Path data = server.dataFile(id);
    // the process crashed after the record was deleted and before the data was removed
    try (Connection c = server.openDatabase();
        PreparedStatement s = c.prepareStatement(
            "UPDATE images SET status = 'deleted', deleted = TRUE, deleted_at = updated_at WHERE id = ?")) {
      s.setString(1, id);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    Files.setLastModifiedTime(data, FileTime.from(LONG_AGO));
    awaitNoFile(id);
  }

  @Test
  void dataOfImagesThisDatabaseDoesNotHaveIsLeftAlone() throws Exception {
    String stranger = "00000000-1111-2222-3333-444444444444";
    write(stranger + "~0123456789abcdef0123456789abcdef", "another deployment's", LONG_AGO);
    String id = owner.createImage(FORMATS);
    write(id + "~0123456789abcdef0123456789abcdef", "an orphan", LONG_AGO);
    awaitNoFile(id);
    assertThat(server.storeFiles()).contains(stranger + "~0123456789abcdef0123456789abcdef");
  }

  /** Writes the lease of an upload whose process died a while ago, as that process left it. */
  private void leaveSaving(String id, String upload, String fallback) throws SQLException {
    try (Connection c = server.openDatabase();
        PreparedStatement s = c.prepareStatement("UPDATE images SET status = 'saving', upload_id = ?,"
            + " upload_owner = 'dead-host:4242 req-gone', upload_expires_at = ?, upload_fallback = ?"
            + " WHERE id = ?")) {
      s.setString(1, upload);
      s.setObject(2, LocalDateTime.now(ZoneOffset.UTC).minusSeconds(5));
      s.setString(3, fallback);
      s.setString(4, id);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    // not read back as saving: the lease has expired, so recovery may take it at once
  }

  private void write(String name, String content, Instant modified) throws IOException {
    Path file = server.imageDir().resolve(name);
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }

  private java.util.List<String> filesOf(String id) {
    return server.storeFiles().stream().filter(name -> name.contains(id)).toList();
  }

  private static String file(String id) {
    return "/v2/images/" + id + "/file";
  }

  private String status(String id) {
    return owner.get("/v2/images/" + id).json().get("status").asText();
  }

  private void awaitStatus(String id, String wanted) throws InterruptedException {
    String status = null;
    for (int i = 0; i < 400 && !wanted.equals(status); i++) {
      status = status(id);
      if (!wanted.equals(status)) {
        Thread.sleep(25);
      }
    }
    assertThat(status).as("status of %s", id).isEqualTo(wanted);
  }

  private void awaitNoFile(String id) throws InterruptedException {
    awaitFiles(() -> server.storeFiles().stream().noneMatch(name -> name.contains(id)));
    assertThat(server.storeFiles()).noneMatch(name -> name.contains(id));
  }

  private static void awaitFiles(Supplier<Boolean> done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!done.get() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }
}
