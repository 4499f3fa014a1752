package org.glimpse.ft.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.glimpse.ft.support.Client;
import org.glimpse.core.data.format.QemuImg;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image import through the real server: glance-direct (stage, then import), web-download from a
 * local web server (allowed for this suite by allowed_hosts and allowed_ports), their failure
 * paths, the import lock, and a dead import's lock taken over.
 */
class ImportTest extends ServerTest {
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
  static final int CAP = 200_000;
  private final WebFixture WEB = new WebFixture();

  @Override
  protected Map<String, String> overrides() {
    return Map.of(
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", String.valueOf(WEB.port()),
        "GLIMPSE_DEFAULT__IMAGE_SIZE_CAP", String.valueOf(CAP),
        "GLIMPSE_DEFAULT__UPLOAD_STALL_TIME", "2");
  }

  @AfterAll
  void stopWeb() {
    WEB.close();
  }

  static byte[] data(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  static String hex(String algo, byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(b));
  }

  static JsonNode waitFor(Client c, String id, String status) throws InterruptedException {
    Instant end = Instant.now().plusSeconds(30);
    JsonNode image;
    do {
      image = c.get("/v2/images/" + id).assertStatus(200).json();
      if (image.get("status").asText().equals(status) && !image.has("os_glance_import_task")) {
        return image;
      }
      Thread.sleep(50);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("image " + id + " not " + status + ": " + image);
  }

  private Response stage(Client c, String id, byte[] body) {
    return c.putData("/v2/images/" + id + "/stage", body);
  }

  private Response importImage(Client c, String id, String methodJson) {
    return c.postJson("/v2/images/" + id + "/import", "{\"method\": " + methodJson + "}");
  }

  private List<String> storeFilesOf(String id) {
    return server.storeFiles().stream().filter(f -> f.startsWith(id) || f.startsWith("." + id)).toList();
  }

  @Test
  void discoveryListsTheMethodsAndCreateAnnouncesThem() {
    JsonNode info = a.get("/v2/info/import").assertStatus(200).json();
    assertThat(info.at("/import-methods/value").toString())
        .isEqualTo("[\"glance-direct\",\"web-download\",\"copy-image\"]");
    Response created = a.postJson("/v2/images", FORMATS).assertStatus(201);
    assertThat(created.header("OpenStack-image-import-methods")).isEqualTo("glance-direct,web-download,copy-image");
  }

  @Test
  void glanceDirectStagesInTheStoreAndImports() throws Exception {
    byte[] body = data(50_000, 1);
    String id = a.createImage(FORMATS);
    stage(a, id, body).assertStatus(204);
    JsonNode staged = a.get("/v2/images/" + id).json();
    assertThat(staged.get("status").asText()).isEqualTo("uploading");
    assertThat(staged.get("size").asLong()).isEqualTo(50_000);
    assertThat(storeFilesOf(id)).hasSize(1);
    assertThat(a.get("/v2/images/" + id + "/file").status()).isEqualTo(204);
    stage(a, id, body).assertError(409, "transition from uploading to uploading");

    importImage(a, id, "{\"name\": \"glance-direct\"}").assertStatus(202);
    JsonNode active = waitFor(a, id, "active");
    assertThat(active.get("checksum").asText()).isEqualTo(hex("MD5", body));
    assertThat(active.get("os_hash_value").asText()).isEqualTo(hex("SHA-512", body));
    assertThat(active.get("os_glance_importing_to_stores").asText()).isEmpty();
    assertThat(a.get("/v2/images/" + id + "/file").assertStatus(200).bytes()).isEqualTo(body);
    JsonNode tasks = a.get("/v2/images/" + id + "/tasks").assertStatus(200).json().get("tasks");
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("status").asText()).isEqualTo("success");
    assertThat(tasks.get(0).get("type").asText()).isEqualTo("api_image_import");
    assertThat(tasks.get(0).at("/input/import_req/method/name").asText()).isEqualTo("glance-direct");
    // Glance shows its task rows here: every column, naive times, its progress message, no links
    assertThat(tasks.get(0).get("message").asText()).isEqualTo("Copied 0 MiB");
    assertThat(tasks.get(0).get("deleted").asBoolean(true)).isFalse();
    assertThat(tasks.get(0).has("deleted_at")).isTrue();
    assertThat(tasks.get(0).get("deleted_at").isNull()).isTrue();
    assertThat(tasks.get(0).has("user_id")).isTrue();
    assertThat(tasks.get(0).get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
    assertThat(tasks.get(0).has("self")).isFalse();
    assertThat(storeFilesOf(id)).hasSize(1);
    importImage(a, id, "{\"name\": \"glance-direct\"}")
        .assertError(409, "Image with status active cannot be target for import");
  }

  @Test
  void requestsGlanceRefusesAreRefused() {
    String id = a.createImage(FORMATS);
    importImage(a, id, "{\"name\": \"glance-direct\"}")
        .assertError(409, "Image needs to be staged before 'glance-direct' method can be used");
    importImage(a, id, "{\"name\": \"no-such\"}").assertError(400, "Unknown import method name 'no-such'.");
    a.postJson("/v2/images/" + id + "/import", "{}").assertError(400, "Import request requires a 'method' field.");
    a.postJson("/v2/images/" + id + "/import", "{\"method\": {}}")
        .assertError(400, "Import request requires a 'name' field.");
    a.postJson("/v2/images/" + id + "/import",
        "{\"method\": {\"name\": \"web-download\", \"uri\": \"" + WEB.url("/x") + "\"}, \"all_stores\": 1}")
        .assertError(400, "'all_stores' must be boolean value only");
    a.postJson("/v2/images/" + id + "/import",
        "{\"method\": {\"name\": \"web-download\", \"uri\": \"" + WEB.url("/x") + "\"}, \"all_stores_must_succeed\": false}")
        .assertError(400, "All_stores_must_succeed can only be set with enabled_backends");
    importImage(a, id, "{\"name\": \"copy-image\"}")
        .assertError(409, "Only images with status active can be targeted for copying");
    String active = a.createActiveImage(FORMATS, "data");
    importImage(a, active, "{\"name\": \"copy-image\"}").assertError(409, "single store");
    String noFormats = a.createImage("{}");
    importImage(a, noFormats, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/x") + "\"}")
        .assertError(409, "'container_format' needs to be set before import");
    // another project's image is not found; a reader of a shared one may not import into it
    importImage(b, id, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/x") + "\"}").assertStatus(404);
    stage(b, id, new byte[10]).assertStatus(404);
    assertThat(a.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
  }

  @Test
  void webDownloadImportsAndChecksTheGivenHash() throws Exception {
    byte[] body = data(80_000, 2);
    WEB.serve("/good.raw", body);
    String id = a.createImage(FORMATS);
    importImage(a, id, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/good.raw") + "\","
        + " \"validation_data\": {\"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + hex("SHA-512", body) + "\"}}")
        .assertStatus(202);
    JsonNode active = waitFor(a, id, "active");
    assertThat(active.get("size").asLong()).isEqualTo(80_000);
    assertThat(a.get("/v2/images/" + id + "/file").bytes()).isEqualTo(body);

    String bad = a.createImage(FORMATS);
    importImage(a, bad, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/good.raw") + "\","
        + " \"validation_data\": {\"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + "0".repeat(128) + "\"}}")
        .assertStatus(202);
    waitFor(a, bad, "queued");
    assertThat(taskOf(a, bad).get("status").asText()).isEqualTo("failure");
    assertThat(taskOf(a, bad).get("message").asText()).contains("os_hash_value");
    assertThat(storeFilesOf(bad)).isEmpty();
  }

  @Test
  void importsPassTheUploadsFormatChecks(@TempDir Path dir) throws Exception {
    QemuImg.require();
    Path base = QemuImg.create(dir, "base.qcow2", "qcow2", null, "1M");
    byte[] backed = Files.readAllBytes(QemuImg.create(dir, "top.qcow2", "qcow2",
        "backing_file=" + base + ",backing_fmt=qcow2", "1M"));
    String qcow2 = "{\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}";
    WEB.serve("/backed.qcow2", backed);
    WEB.serve("/base.qcow2", Files.readAllBytes(base));

    String web = a.createImage(qcow2);
    importImage(a, web, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/backed.qcow2") + "\"}")
        .assertStatus(202);
    String direct = a.createImage(qcow2);
    stage(a, direct, backed).assertStatus(204);
    importImage(a, direct, "{\"name\": \"glance-direct\"}").assertStatus(202);
    for (String id : List.of(web, direct)) {
      JsonNode queued = waitFor(a, id, "queued");
      assertThat(queued.get("size").isNull()).as("size of %s", id).isTrue();
      assertThat(queued.get("checksum").isNull()).isTrue();
      assertThat(taskOf(a, id).get("status").asText()).isEqualTo("failure");
      assertThat(taskOf(a, id).get("message").asText()).isEqualTo("Image failed safety checks");
      assertThat(storeFilesOf(id)).isEmpty();
      assertThat(a.get("/v2/images/" + id + "/file").status()).isEqualTo(204);
    }

    String mismatch = a.createImage(FORMATS.replace("raw", "vmdk"));
    importImage(a, mismatch, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/base.qcow2") + "\"}")
        .assertStatus(202);
    waitFor(a, mismatch, "queued");
    assertThat(taskOf(a, mismatch).get("message").asText())
        .isEqualTo("Image disk_format vmdk does not match stream data qcow2");

    String good = a.createImage(qcow2);
    importImage(a, good, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/base.qcow2") + "\"}")
        .assertStatus(202);
    JsonNode active = waitFor(a, good, "active");
    assertThat(active.get("virtual_size").asLong()).isEqualTo(QemuImg.virtualSize(base, "qcow2"));
    assertThat(active.get("os_hash_algo").asText()).isEqualTo("sha512");
  }

  private static JsonNode taskOf(Client c, String id) throws InterruptedException {
    Instant end = Instant.now().plusSeconds(30);
    JsonNode task;
    do {
      task = c.get("/v2/images/" + id + "/tasks").assertStatus(200).json().get("tasks").get(0);
      if (task.get("status").asText().equals("success") || task.get("status").asText().equals("failure")) {
        return task;
      }
      Thread.sleep(50);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("task of " + id + " not finished: " + task);
  }

  @Test
  void failedDownloadsRevertTheImage() throws Exception {
    WEB.serve("/big.raw", data(CAP + 1, 3));
    String[][] cases = {
        {WEB.url("/missing"), "answered 404"},
        {WEB.url("/big.raw"), "too large"},
    };
    for (String[] c : cases) {
      String id = a.createImage(FORMATS);
      importImage(a, id, "{\"name\": \"web-download\", \"uri\": \"" + c[0] + "\"}").assertStatus(202);
      waitFor(a, id, "queued");
      JsonNode task = taskOf(a, id);
      assertThat(task.get("status").asText()).isEqualTo("failure");
      assertThat(task.get("message").asText()).containsIgnoringCase(c[1]);
      assertThat(storeFilesOf(id)).isEmpty();
      JsonNode image = a.get("/v2/images/" + id).json();
      assertThat(image.get("size").isNull()).isTrue();
      assertThat(image.has("os_glance_import_task")).isFalse();
    }
  }

  @Test
  void redirectsAreCheckedAgainAtEveryHop() throws Exception {
    byte[] body = data(1000, 4);
    WEB.serve("/target.raw", body);
    WEB.redirect("/ok", WEB.url("/target.raw"));
    String id = a.createImage(FORMATS);
    importImage(a, id, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/ok") + "\"}").assertStatus(202);
    waitFor(a, id, "active");
    String[] refused = {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1:" + WEB.port() + "/x",
        "http://localhost:" + WEB.port() + "/target.raw", "http://[::1]:" + WEB.port() + "/target.raw",
        "http://127.0.0.1:22/", "file:///etc/passwd", "http://2130706433:" + WEB.port() + "/target.raw"};
    for (int i = 0; i < refused.length; i++) {
      WEB.redirect("/r" + i, refused[i]);
      String img = a.createImage(FORMATS);
      importImage(a, img, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/r" + i) + "\"}").assertStatus(202);
      waitFor(a, img, "queued");
      assertThat(taskOf(a, img).get("message").asText()).as(refused[i]).contains("does not pass filtering");
    }
  }

  @Test
  void oneImportPerImageAtATime() throws Exception {
    String id = a.createImage(FORMATS);
    stage(a, id, data(1000, 5)).assertStatus(204);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<Integer> call = () -> importImage(a, id, "{\"name\": \"glance-direct\"}").status();
        answers.add(pool.submit(call));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : answers) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsOnly(202, 409);
      assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    waitFor(a, id, "active");
    assertThat(a.get("/v2/images/" + id + "/tasks").json().get("tasks")).hasSize(1);
  }

  @Test
  void aRunningImportHoldsTheLock() throws Exception {
    String id = a.createImage(FORMATS);
    importImage(a, id, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/stall") + "\"}").assertStatus(202);
    Instant end = Instant.now().plusSeconds(10);
    while (!a.get("/v2/images/" + id).json().has("os_glance_import_task") && Instant.now().isBefore(end)) {
      Thread.sleep(20);
    }
    JsonNode importing = a.get("/v2/images/" + id).json();
    assertThat(importing.get("status").asText()).isEqualTo("importing");
    importImage(a, id, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/x") + "\"}")
        .assertError(409, "Image has active task");
    // an import that makes no progress for upload_stall_time (2 s here) loses its lock to the next one
    Thread.sleep(2500);
    importImage(a, id, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/x") + "\"}").assertStatus(202);
    waitFor(a, id, "queued");
  }

  @Test
  void aDeadImportsLockIsTakenOver() throws Exception {
    byte[] body = data(3000, 6);
    WEB.serve("/after.raw", body);
    String id = a.createImage(FORMATS);
    String deadTask = UUID.randomUUID().toString();
    LocalDateTime long_ago = LocalDateTime.ofInstant(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
    // what a process killed in the middle of an import leaves: the lock, the image importing, the task processing
    try (Connection db = server.openDatabase()) {
      try (PreparedStatement s = db.prepareStatement("INSERT INTO tasks (id, type, status, owner, input, message,"
          + " created_at, updated_at, image_id, deleted) VALUES (?, 'api_image_import', 'processing', 'projA', '{}', '',"
          + " ?, ?, ?, FALSE)")) {
        s.setString(1, deadTask);
        s.setObject(2, long_ago);
        s.setObject(3, long_ago);
        s.setString(4, id);
        s.executeUpdate();
      }
      String value = db.getMetaData().getDatabaseProductName().contains("H2") ? "\"VALUE\"" : "value";
      try (PreparedStatement s = db.prepareStatement("INSERT INTO image_properties (image_id, name, " + value + ")"
          + " VALUES (?, 'os_glance_import_task', ?)")) {
        s.setString(1, id);
        s.setString(2, deadTask);
        s.executeUpdate();
      }
      // the property went in behind the row's copy of its children: no copy, so it is read
      try (PreparedStatement s = db.prepareStatement(
          "UPDATE images SET status = 'importing', children = NULL WHERE id = ?")) {
        s.setString(1, id);
        s.executeUpdate();
      }
    }
    importImage(a, id, "{\"name\": \"web-download\", \"uri\": \"" + WEB.url("/after.raw") + "\"}").assertStatus(202);
    JsonNode active = waitFor(a, id, "active");
    assertThat(active.get("size").asLong()).isEqualTo(3000);
    JsonNode old = admin.get("/v2/tasks/" + deadTask).assertStatus(200).json();
    assertThat(old.get("status").asText()).isEqualTo("failure");
    assertThat(old.get("message").asText()).isEqualTo("Expired lock preempted");
  }

  @Test
  void deletingAStagedImageRemovesItsStagedData() {
    String id = a.createImage(FORMATS);
    stage(a, id, data(2000, 7)).assertStatus(204);
    assertThat(storeFilesOf(id)).hasSize(1);
    a.delete("/v2/images/" + id).assertStatus(204);
    assertThat(storeFilesOf(id)).isEmpty();
  }

  @Test
  void stagingBeyondTheCapIsRefusedAndReverted() {
    String id = a.createImage(FORMATS);
    stage(a, id, new byte[CAP + 1]).assertError(413, "too large");
    assertThat(a.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    assertThat(storeFilesOf(id)).isEmpty();
    stage(a, id, "ok".getBytes(StandardCharsets.UTF_8)).assertStatus(204);
  }
}
