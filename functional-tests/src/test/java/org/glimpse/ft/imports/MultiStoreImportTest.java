package org.glimpse.ft.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Imports into several stores and copy-image over HTTP, with three file backends ({@code store1},
 * the default, {@code store2}, {@code store3}) as Glance's multi-store functional tests set up: all
 * stores, named stores, a store that fails with and without all_stores_must_succeed, copy-image
 * (who may, stores already holding the image, a failed copy reverted), the import lock, and no
 * object left in any store that no image references. A store "fails" by having its directory
 * replaced by a plain file, which refuses writes even to root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiStoreImportTest {
  private static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
  private static final List<String> STORES = List.of("store1", "store2", "store3");

  private final WebFixture web = new WebFixture();
  private Path root;
  private GlimpseTestServer server;
  private Client owner;
  private Client admin;

  @BeforeAll
  void start() throws IOException {
    root = Files.createTempDirectory("glimpse-multi-import-");
    server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__ENABLED_BACKENDS", "store1:file, store2:file, store3:file",
        "GLIMPSE_GLANCE_STORE__DEFAULT_BACKEND", "store1",
        "GLIMPSE_STORE1__FILESYSTEM_STORE_DATADIR", dir("store1").toString(),
        "GLIMPSE_STORE2__FILESYSTEM_STORE_DATADIR", dir("store2").toString(),
        "GLIMPSE_STORE3__FILESYSTEM_STORE_DATADIR", dir("store3").toString(),
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", String.valueOf(web.port()),
        "GLIMPSE_DEFAULT__UPLOAD_STALL_TIME", "2"));
    owner = server.as("mi-owner", "member,reader");
    admin = server.as("mi-admin", "admin,member,reader");
  }

  @AfterAll
  void stop() {
    web.close();
    if (server != null) {
      server.close();
    }
  }

  private Path dir(String store) {
    return root.resolve(store);
  }

  /** The objects of image {@code id} in a store's directory, temporary ones included. */
  private List<String> filesOf(String store, String id) throws IOException {
    try (Stream<Path> entries = Files.list(dir(store))) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(id) || n.startsWith("." + id))
          .toList();
    }
  }

  private static Set<String> stores(JsonNode image) {
    String shown = image.path("stores").asText("");
    return shown.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(shown.split(",")));
  }

  private static Response importImage(Client c, String id, String body) {
    return c.postJson("/v2/images/" + id + "/import", body);
  }

  private String webImage(String path, byte[] body) {
    web.serve(path, body);
    return "{\"name\": \"web-download\", \"uri\": \"" + web.url(path) + "\"}";
  }

  /** Waits for the image's latest import task to finish; the task. */
  private JsonNode lastTask(String id, int count) throws InterruptedException {
    Instant end = Instant.now().plusSeconds(30);
    JsonNode all;
    do {
      all = admin.get("/v2/images/" + id + "/tasks").assertStatus(200).json().get("tasks");
      if (all.size() >= count) {
        JsonNode latest = all.get(0);
        String status = latest.get("status").asText();
        JsonNode image = admin.get("/v2/images/" + id).json();
        if ((status.equals("success") || status.equals("failure")) && !image.has("os_glance_import_task")) {
          return latest;
        }
      }
      Thread.sleep(50);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("import task of " + id + " not finished: " + all);
  }

  private JsonNode image(String id) {
    return admin.get("/v2/images/" + id).assertStatus(200).json();
  }

  /** Runs {@code body} while {@code store}'s directory is a plain file (every write fails). */
  private void withBroken(String store, Callable<Void> body) throws Exception {
    Path dir = dir(store);
    Path aside = root.resolve(store + ".aside");
    Files.move(dir, aside);
    Files.writeString(dir, "not a directory");
    try {
      body.call();
    } finally {
      Files.delete(dir);
      Files.move(aside, dir);
    }
  }

  private byte[] data(int n, int seed) {
    return ImportTest.data(n, seed);
  }

  @Test
  void webDownloadToAllStoresWritesEachAndTheTaskSucceeds() throws Exception {
    byte[] body = data(70_000, 1);
    String id = owner.createImage(FORMATS);
    importImage(owner, id, "{\"method\": " + webImage("/all.raw", body) + ", \"all_stores\": true}").assertStatus(202);
    JsonNode task = lastTask(id, 1);
    assertThat(task.get("status").asText()).isEqualTo("success");
    assertThat(task.get("result").get("image_id").asText()).isEqualTo(id);
    assertThat(task.get("input").get("backend").toString()).isEqualTo("[\"store1\",\"store2\",\"store3\"]");
    JsonNode image = image(id);
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isEqualTo(70_000);
    assertThat(stores(image)).containsExactlyInAnyOrderElementsOf(STORES);
    assertThat(image.get("os_glance_importing_to_stores").asText()).isEmpty();
    assertThat(image.get("os_glance_failed_import").asText()).isEmpty();
    for (String store : STORES) {
      assertThat(filesOf(store, id)).as(store).hasSize(1).noneMatch(n -> n.endsWith(".tmp"));
    }
    assertThat(owner.get("/v2/images/" + id + "/file").bytes()).isEqualTo(body);

    // each copy is a real one: with the first two stores' data gone, the third still serves it
    admin.delete("/v2/stores/store1/" + id).assertStatus(204);
    admin.delete("/v2/stores/store2/" + id).assertStatus(204);
    assertThat(stores(image(id))).containsExactly("store3");
    assertThat(owner.get("/v2/images/" + id + "/file").bytes()).isEqualTo(body);
    // (removing a store's location leaves its data to the store sweep; deleting the image removes what it names)
    owner.delete("/v2/images/" + id).assertStatus(204);
    assertThat(filesOf("store3", id)).isEmpty();
  }

  @Test
  void glanceDirectGoesToTheNamedStoresAndTheStagedObjectGoes() throws Exception {
    byte[] body = data(5_000, 2);
    String id = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + id + "/stage", body).assertStatus(204);
    assertThat(filesOf("store1", id)).hasSize(1);
    importImage(owner, id, "{\"method\": {\"name\": \"glance-direct\"}, \"stores\": [\"store3\", \"store2\"]}")
        .assertStatus(202);
    assertThat(lastTask(id, 1).get("status").asText()).isEqualTo("success");
    JsonNode image = image(id);
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(stores(image)).containsExactly("store2", "store3");
    assertThat(filesOf("store1", id)).isEmpty();
    assertThat(filesOf("store2", id)).hasSize(1);
    assertThat(filesOf("store3", id)).hasSize(1);
    assertThat(owner.get("/v2/images/" + id + "/file").bytes()).isEqualTo(body);

    // staged in the default store and imported there and elsewhere: the staged object stays as that store's copy
    String two = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + two + "/stage", body).assertStatus(204);
    importImage(owner, two, "{\"method\": {\"name\": \"glance-direct\"}, \"stores\": [\"store2\", \"store1\"]}")
        .assertStatus(202);
    assertThat(lastTask(two, 1).get("status").asText()).isEqualTo("success");
    assertThat(stores(image(two))).containsExactly("store1", "store2");
    assertThat(filesOf("store1", two)).hasSize(1);
    assertThat(filesOf("store2", two)).hasSize(1);
    assertThat(filesOf("store3", two)).isEmpty();

    // X-Image-Meta-Store names the one store when the body names none
    String three = owner.createImage(FORMATS);
    owner.send("POST", "/v2/images/" + three + "/import", java.net.http.HttpRequest.BodyPublishers.ofString(
        "{\"method\": " + webImage("/header.raw", body) + "}"), "Content-Type", "application/json",
        "X-Image-Meta-Store", "store3").assertStatus(202);
    assertThat(lastTask(three, 1).get("input").get("backend").toString()).isEqualTo("[\"store3\"]");
    assertThat(stores(image(three))).containsExactly("store3");
    assertThat(filesOf("store1", three)).isEmpty();
  }

  @Test
  void badStoreRequestsAreRefusedAndTheImageStaysQueued() {
    String id = owner.createImage(FORMATS);
    String method = webImage("/x.raw", new byte[10]);
    importImage(owner, id, "{\"method\": " + method + ", \"stores\": [\"store1\", \"nowhere\"]}")
        .assertError(409, "Unknown scheme 'nowhere' found in URI");
    importImage(owner, id, "{\"method\": " + method + ", \"all_stores\": true, \"stores\": [\"store1\"]}")
        .assertError(400, "All_stores parameter can't be used with x-image-meta-store header or stores parameter");
    importImage(owner, id, "{\"method\": " + method + ", \"stores\": \"store1\"}")
        .assertError(400, "'stores' must be a list of store ids");
    importImage(owner, id, "{\"method\": {\"name\": \"copy-image\"}, \"all_stores\": true}")
        .assertError(409, "Only images with status active can be targeted for copying");
    JsonNode image = image(id);
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.has("os_glance_import_task")).isFalse();
  }

  @Test
  void aFailingStoreRevertsTheWholeImportWhenAllMustSucceed() throws Exception {
    String id = owner.createImage(FORMATS);
    String method = webImage("/strict.raw", data(30_000, 3));
    withBroken("store3", () -> {
      importImage(owner, id, "{\"method\": " + method + ", \"all_stores\": true}").assertStatus(202);
      JsonNode task = lastTask(id, 1);
      assertThat(task.get("status").asText()).isEqualTo("failure");
      assertThat(task.get("message").asText()).isNotEmpty();
      return null;
    });
    JsonNode image = image(id);
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.get("size").isNull()).isTrue();
    assertThat(stores(image)).isEmpty();
    assertThat(image.get("os_glance_failed_import").asText()).isEqualTo("store3");
    assertThat(image.get("os_glance_importing_to_stores").asText()).isEmpty();
    for (String store : STORES) {
      assertThat(filesOf(store, id)).as(store).isEmpty();
    }

    // a new import may follow, and it takes store3 off the failed list
    importImage(owner, id, "{\"method\": " + method + ", \"all_stores\": true}").assertStatus(202);
    assertThat(lastTask(id, 2).get("status").asText()).isEqualTo("success");
    assertThat(image(id).get("os_glance_failed_import").asText()).isEmpty();
    assertThat(stores(image(id))).containsExactlyInAnyOrderElementsOf(STORES);
  }

  @Test
  void aSourceThatCannotBeReadFailsEveryTargetStoreWhateverMustSucceedSays() throws Exception {
    for (boolean mustSucceed : new boolean[] {true, false}) {
      String id = owner.createImage(FORMATS);
      // nothing is served there: the web server answers 404
      String method = "{\"name\": \"web-download\", \"uri\": \"" + web.url("/missing-" + mustSucceed) + "\"}";
      importImage(owner, id, "{\"method\": " + method + ", \"stores\": [\"store2\", \"store3\"],"
          + " \"all_stores_must_succeed\": " + mustSucceed + "}").assertStatus(202);
      JsonNode task = lastTask(id, 1);
      assertThat(task.get("status").asText()).isEqualTo("failure");
      assertThat(task.get("message").asText()).contains("404");
      JsonNode image = image(id);
      assertThat(image.get("status").asText()).isEqualTo("queued");
      assertThat(image.get("os_glance_failed_import").asText()).isEqualTo("store2,store3");
      assertThat(image.get("os_glance_importing_to_stores").asText()).isEmpty();
      for (String store : STORES) {
        assertThat(filesOf(store, id)).as(store).isEmpty();
      }
    }
  }

  @Test
  void aFailingStoreIsOnlyListedWhenNotAllMustSucceed() throws Exception {
    byte[] body = data(30_000, 4);
    String id = owner.createImage(FORMATS);
    String method = webImage("/lenient.raw", body);
    withBroken("store2", () -> {
      importImage(owner, id, "{\"method\": " + method + ", \"all_stores\": true, \"all_stores_must_succeed\": false}")
          .assertStatus(202);
      assertThat(lastTask(id, 1).get("status").asText()).isEqualTo("success");
      return null;
    });
    JsonNode image = image(id);
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(stores(image)).containsExactly("store1", "store3");
    assertThat(image.get("os_glance_failed_import").asText()).isEqualTo("store2");
    assertThat(image.get("os_glance_importing_to_stores").asText()).isEmpty();
    assertThat(filesOf("store2", id)).isEmpty();
    assertThat(owner.get("/v2/images/" + id + "/file").bytes()).isEqualTo(body);

    // no store at all: the image goes back to queued and the task fails
    String none = owner.createImage(FORMATS);
    withBroken("store2", () -> {
      importImage(owner, none, "{\"method\": " + method + ", \"stores\": [\"store2\"],"
          + " \"all_stores_must_succeed\": false}").assertStatus(202);
      JsonNode task = lastTask(none, 1);
      assertThat(task.get("status").asText()).isEqualTo("failure");
      assertThat(task.get("message").asText()).isEqualTo("None of the uploads finished!");
      return null;
    });
    assertThat(image(none).get("status").asText()).isEqualTo("queued");
    assertThat(image(none).get("os_glance_failed_import").asText()).isEqualTo("store2");
  }

  @Test
  void copyImageAddsAStorePerCopyAndTheImageStaysActive() throws Exception {
    byte[] body = data(40_000, 5);
    String id = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + id + "/file", body).assertStatus(204);
    JsonNode before = image(id);
    assertThat(stores(before)).containsExactly("store1");

    importImage(owner, id, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"store2\"]}").assertError(403, "");
    importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"store1\"]}")
        .assertError(400, "Image is already present at store 'store1'");
    importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"nowhere\"]}")
        .assertError(409, "Unknown scheme 'nowhere' found in URI");

    importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"store2\"]}").assertStatus(202);
    JsonNode task = lastTask(id, 1);
    assertThat(task.get("status").asText()).isEqualTo("success");
    assertThat(task.get("owner").asText()).isEqualTo("mi-admin");
    JsonNode copied = image(id);
    assertThat(copied.get("status").asText()).isEqualTo("active");
    assertThat(stores(copied)).containsExactly("store1", "store2");
    assertThat(copied.get("checksum").asText()).isEqualTo(before.get("checksum").asText());
    assertThat(copied.get("updated_at").asText()).isNotNull();
    assertThat(filesOf("store2", id)).hasSize(1);

    // all_stores copies only where the image is not yet
    importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"all_stores\": true}").assertStatus(202);
    JsonNode second = lastTask(id, 2);
    assertThat(second.get("input").get("backend").toString()).isEqualTo("[\"store3\"]");
    assertThat(stores(image(id))).containsExactlyInAnyOrderElementsOf(STORES);
    // ... and with nothing left to copy, answers 202 and starts no task
    importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"all_stores\": true}").assertStatus(202);
    assertThat(admin.get("/v2/images/" + id + "/tasks").json().get("tasks")).hasSize(2);

    admin.delete("/v2/stores/store1/" + id).assertStatus(204);
    admin.delete("/v2/stores/store2/" + id).assertStatus(204);
    assertThat(owner.get("/v2/images/" + id + "/file").bytes()).isEqualTo(body);
  }

  @Test
  void aFailedCopyRemovesWhatItCopiedAndLeavesTheImageAsItWas() throws Exception {
    String id = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + id + "/file", data(20_000, 6)).assertStatus(204);
    withBroken("store3", () -> {
      importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"store2\", \"store3\"]}")
          .assertStatus(202);
      assertThat(lastTask(id, 1).get("status").asText()).isEqualTo("failure");
      JsonNode image = image(id);
      assertThat(image.get("status").asText()).isEqualTo("active");
      assertThat(stores(image)).containsExactly("store1");
      assertThat(image.get("os_glance_failed_import").asText()).isEqualTo("store3");
      assertThat(image.get("os_glance_importing_to_stores").asText()).isEmpty();
      assertThat(filesOf("store2", id)).isEmpty();

      importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"store2\", \"store3\"],"
          + " \"all_stores_must_succeed\": false}").assertStatus(202);
      assertThat(lastTask(id, 2).get("status").asText()).isEqualTo("success");
      return null;
    });
    JsonNode image = image(id);
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(stores(image)).containsExactly("store1", "store2");
    assertThat(image.get("os_glance_failed_import").asText()).isEqualTo("store3");
    assertThat(filesOf("store3", id)).isEmpty();
  }

  @Test
  void copyImageTakesTheImportLock() throws Exception {
    String id = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + id + "/file", data(10_000, 7)).assertStatus(204);
    String holder = UUID.randomUUID().toString();
    LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    try (Connection db = server.openDatabase()) {
      try (PreparedStatement s = db.prepareStatement("INSERT INTO tasks (id, type, status, owner, input, message,"
          + " created_at, updated_at, image_id, deleted) VALUES (?, 'api_image_import', 'processing', 'mi-admin', '{}',"
          + " '', ?, ?, ?, FALSE)")) {
        s.setString(1, holder);
        s.setObject(2, now);
        s.setObject(3, now);
        s.setString(4, id);
        s.executeUpdate();
      }
      try (PreparedStatement s = db.prepareStatement("INSERT INTO image_properties (image_id, name, \"VALUE\")"
          + " VALUES (?, 'os_glance_import_task', ?)")) {
        s.setString(1, id);
        s.setString(2, holder);
        s.executeUpdate();
      }
      // the property went in behind the row's copy of its children: no copy, so it is read
      try (PreparedStatement s = db.prepareStatement("UPDATE images SET children = NULL WHERE id = ?")) {
        s.setString(1, id);
        s.executeUpdate();
      }
    }
    // a live lock: refused
    importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"store2\"]}")
        .assertError(409, "Image has active task");
    // the holder went silent past the lease (upload_stall_time 2 s): its lock is taken over
    try (Connection db = server.openDatabase();
        PreparedStatement s = db.prepareStatement("UPDATE tasks SET updated_at = ? WHERE id = ?")) {
      s.setObject(1, LocalDateTime.ofInstant(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC));
      s.setString(2, holder);
      s.executeUpdate();
    }
    importImage(admin, id, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"store2\"]}").assertStatus(202);
    assertThat(lastTask(id, 2).get("status").asText()).isEqualTo("success");
    assertThat(admin.get("/v2/tasks/" + holder).json().get("status").asText()).isEqualTo("failure");
    assertThat(image(id).get("status").asText()).isEqualTo("active");
    assertThat(stores(image(id))).containsExactly("store1", "store2");
  }

  @Test
  void concurrentCopiesNeverBothRun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        String id = owner.createImage(FORMATS);
        owner.putData("/v2/images/" + id + "/file", data(2_000_000, 8 + round)).assertStatus(204);
        String copy = "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"store2\", \"store3\"]}";
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          answers.add(pool.submit(() -> importImage(admin, id, copy)));
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Response> f : answers) {
          codes.add(f.get().status());
        }
        // together: one runs, the other meets its lock (409); one after the other: the second finds
        // the image already in those stores (400); never two copies
        assertThat(codes).containsOnlyOnce(202);
        assertThat(codes).containsAnyOf(409, 400);
        assertThat(lastTask(id, 1).get("status").asText()).isEqualTo("success");
        assertThat(admin.get("/v2/images/" + id + "/tasks").json().get("tasks")).hasSize(1);
        assertThat(stores(image(id))).containsExactlyInAnyOrderElementsOf(STORES);
        assertThat(filesOf("store2", id)).hasSize(1);
        assertThat(filesOf("store3", id)).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
