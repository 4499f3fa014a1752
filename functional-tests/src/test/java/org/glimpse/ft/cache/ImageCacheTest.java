package org.glimpse.ft.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.CountingStore;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The image cache over HTTP, with Glance's cache middleware on ({@code [paste_deploy] flavor =
 * cachemanagement}, noauth) and a store that counts its reads: downloads fill the cache and are
 * then served from it, damaged copies are caught and read again from the store, and the cache API
 * (/v2/cache) is admin-only and behaves as Glance's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageCacheTest {
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
  private Path cacheDir;
  private CountingStore store;
  private GlimpseTestServer server;
  private Client admin;
  private Client member;

  @BeforeAll
  void start() throws IOException {
    cacheDir = Files.createTempDirectory("glimpse-ft-cache-");
    server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_PASTE_DEPLOY__FLAVOR", "cachemanagement",
        "GLIMPSE_DEFAULT__IMAGE_CACHE_DIR", cacheDir.toString()), s -> store = new CountingStore(s));
    admin = server.as("projAdmin", "admin");
    member = server.as("projA", "member,reader");
  }

  @AfterAll
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    deleteTree(cacheDir);
  }

  @BeforeEach
  void emptyCache() {
    admin.delete("/v2/cache").assertStatus(204);
  }

  @Test
  void aSecondDownloadIsServedFromTheCacheAndSoAreRanges() {
    byte[] data = bytes(5000, 1);
    String id = activeImage(member, data);
    int before = store.opens();

    assertThat(member.get("/v2/images/" + id + "/file").assertStatus(200).bytes()).isEqualTo(data);
    assertThat(store.opens()).isEqualTo(before + 1);
    assertThat(cached()).containsKey(id);
    assertThat(cached().get(id).get("size").asLong()).isEqualTo(data.length);
    assertThat(cached().get(id).get("hits").asLong()).isZero();

    Response again = member.get("/v2/images/" + id + "/file").assertStatus(200);
    assertThat(again.bytes()).isEqualTo(data);
    assertThat(again.header("Content-MD5")).isNotNull();
    Response range = member.get("/v2/images/" + id + "/file", "Range", "bytes=100-199").assertStatus(206);
    assertThat(range.bytes()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
    assertThat(range.header("Content-Range")).isEqualTo("bytes 100-199/5000");
    assertThat(store.opens()).as("served from the cache: no store read").isEqualTo(before + 1);
    assertThat(cached().get(id).get("hits").asLong()).isEqualTo(2);
  }

  @Test
  void aRangeRequestDoesNotFillTheCache() {
    byte[] data = bytes(3000, 2);
    String id = activeImage(member, data);
    member.get("/v2/images/" + id + "/file", "Range", "bytes=0-9").assertStatus(206);
    assertThat(cached()).doesNotContainKey(id);
  }

  @Test
  void aCopyDamagedInItsFirstBlockIsReadFromTheStoreAndCachedAgain() throws IOException {
    byte[] data = bytes(4000, 3);
    String id = activeImage(member, data);
    member.get("/v2/images/" + id + "/file").assertStatus(200);
    corrupt(cacheDir.resolve(id), 17);
    int before = store.opens();

    assertThat(member.get("/v2/images/" + id + "/file").assertStatus(200).bytes()).isEqualTo(data);
    assertThat(store.opens()).as("refetched from the store").isEqualTo(before + 1);
    assertThat(Files.readAllBytes(cacheDir.resolve(id))).as("cached again, whole").isEqualTo(data);
    assertThat(member.get("/v2/images/" + id + "/file").assertStatus(200).bytes()).isEqualTo(data);
    assertThat(store.opens()).isEqualTo(before + 1);
  }

  @Test
  void aCopyDamagedFurtherOnCutsThatDownloadAndTheNextIsRefetched() throws IOException {
    byte[] data = bytes(3 * 1024 * 1024, 4);
    String id = activeImage(member, data);
    member.get("/v2/images/" + id + "/file").assertStatus(200);
    corrupt(cacheDir.resolve(id), 2 * 1024 * 1024 + 5);
    int before = store.opens();

    assertThatThrownBy(() -> member.get("/v2/images/" + id + "/file"))
        .as("the client sees a short body, never the damaged bytes").isInstanceOf(UncheckedIOException.class);
    assertThat(cached()).as("evicted").doesNotContainKey(id);
    assertThat(member.get("/v2/images/" + id + "/file").assertStatus(200).bytes()).isEqualTo(data);
    assertThat(store.opens()).isEqualTo(before + 1);
    assertThat(cached()).containsKey(id);
  }

  @Test
  void queuedImagesAreFetchedInTheBackgroundThenListedAsCached() throws InterruptedException {
    byte[] data = bytes(2000, 5);
    String id = activeImage(member, data);
    int before = store.opens();
    admin.put("/v2/cache/" + id).assertStatus(202);

    waitForCached(id);
    // a listing taken while the copy is published may show it in both lists (never in neither);
    // once published, it leaves the queue
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (names(admin.get("/v2/cache").json().get("queued_images")).contains(id) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(names(admin.get("/v2/cache").json().get("queued_images"))).doesNotContain(id);
    assertThat(store.opens()).isEqualTo(before + 1);
    assertThat(member.get("/v2/images/" + id + "/file").assertStatus(200).bytes()).isEqualTo(data);
    assertThat(store.opens()).isEqualTo(before + 1);
  }

  @Test
  void theCacheApiIsForAdminsOnly() {
    String id = activeImage(member, bytes(10, 6));
    member.get("/v2/cache").assertStatus(403);
    member.delete("/v2/cache").assertStatus(403);
    member.put("/v2/cache/" + id).assertStatus(403);
    member.delete("/v2/cache/" + id).assertStatus(403);
    member.post("/v2/cache/clean").assertStatus(403);
    member.post("/v2/cache/prune").assertStatus(403);
    assertThat(admin.get("/v2/cache").assertStatus(200).json().get("queued_images")).isEmpty();
  }

  @Test
  void imagesThatAreNotThereOrNotActiveCannotBeQueued() {
    admin.put("/v2/cache/non-existing-image-id").assertError(404, "Image non-existing-image-id not found.");
    admin.delete("/v2/cache/" + UUID.randomUUID()).assertStatus(404);
    String queued = member.createImage(FORMATS);
    admin.put("/v2/cache/" + queued).assertError(400, "Only images with status active can be targeted for queueing");
    String hidden = server.as("projB", "member,reader").createImage(
        "{\"disk_format\":\"raw\",\"container_format\":\"bare\",\"visibility\":\"private\"}");
    member.put("/v2/cache/" + hidden).assertStatus(404);
  }

  @Test
  void clearTargetsTheCacheTheQueueOrBoth() throws IOException {
    String id = activeImage(member, bytes(100, 7));
    member.get("/v2/images/" + id + "/file").assertStatus(200);
    String waiting = UUID.randomUUID().toString();
    Files.createFile(cacheDir.resolve("queue").resolve(waiting)); // queued, not (yet) fetched

    admin.delete("/v2/cache", "x-image-cache-clear-target", "bogus")
        .assertError(400, "If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or empty string.");
    admin.delete("/v2/cache", "x-image-cache-clear-target", "Queue").assertStatus(204);
    JsonNode state = admin.get("/v2/cache").json();
    assertThat(state.get("queued_images")).isEmpty();
    assertThat(cached()).containsKey(id);

    Files.createFile(cacheDir.resolve("queue").resolve(waiting));
    admin.delete("/v2/cache", "x-image-cache-clear-target", "cache").assertStatus(204);
    assertThat(cached()).isEmpty();
    assertThat(names(admin.get("/v2/cache").json().get("queued_images"))).containsExactly(waiting);

    member.get("/v2/images/" + id + "/file").assertStatus(200);
    admin.delete("/v2/cache").assertStatus(204);
    state = admin.get("/v2/cache").json();
    assertThat(state.get("queued_images")).isEmpty();
    assertThat(state.get("cached_images")).isEmpty();
  }

  @Test
  void deleteRemovesOneImageFromCacheAndQueueEvenOnceTheImageIsGone() throws IOException {
    String id = activeImage(member, bytes(100, 8));
    member.get("/v2/images/" + id + "/file").assertStatus(200);
    admin.delete("/v2/cache/" + id).assertStatus(204);
    assertThat(cached()).doesNotContainKey(id);

    String gone = UUID.randomUUID().toString();
    Files.createFile(cacheDir.resolve("queue").resolve(gone));
    admin.delete("/v2/cache/" + gone).assertStatus(204);
    assertThat(admin.get("/v2/cache").json().get("queued_images")).isEmpty();
  }

  @Test
  void deletedImagesLeaveTheCacheAndDeactivatedOnesAreNotServedFromIt() {
    byte[] data = bytes(300, 9);
    String id = activeImage(member, data);
    member.get("/v2/images/" + id + "/file").assertStatus(200);
    admin.post("/v2/images/" + id + "/actions/deactivate").assertStatus(204);
    member.get("/v2/images/" + id + "/file").assertStatus(403);
    int before = store.opens();
    assertThat(admin.get("/v2/images/" + id + "/file").assertStatus(200).bytes()).isEqualTo(data);
    assertThat(store.opens()).as("read from the store").isEqualTo(before + 1);

    admin.post("/v2/images/" + id + "/actions/reactivate").assertStatus(204);
    member.delete("/v2/images/" + id).assertStatus(204);
    assertThat(cached()).doesNotContainKey(id);
    member.get("/v2/images/" + id + "/file").assertStatus(404);
  }

  @Test
  void cleanAndPruneAnswerAsGlance() throws IOException {
    Path stalled = cacheDir.resolve("incomplete").resolve(UUID.randomUUID().toString());
    Files.write(stalled, new byte[5]);
    Files.setLastModifiedTime(stalled, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    Response clean = admin.post("/v2/cache/clean").assertStatus(200);
    assertThat(clean.bytes()).isEmpty();
    assertThat(stalled).doesNotExist();
    JsonNode pruned = admin.post("/v2/cache/prune").assertStatus(200).json();
    assertThat(pruned.get("total_files_pruned").asInt()).isZero();
    assertThat(pruned.get("total_bytes_pruned").asLong()).isZero();
  }

  @Test
  void theOlderCacheManagementApiAnswersAsGlance25() throws InterruptedException {
    byte[] data = bytes(700, 10);
    String id = activeImage(member, data);
    member.get("/v2/cached_images").assertStatus(403);
    member.put("/v2/queued_images/" + id).assertStatus(403);

    Response queued = admin.put("/v2/queued_images/" + id).assertStatus(200);
    assertThat(queued.body()).isEqualTo("null");
    waitForCached(id);
    JsonNode cachedImages = admin.get("/v2/cached_images").assertStatus(200).json().get("cached_images");
    assertThat(cachedImages).hasSize(1);
    assertThat(cachedImages.get(0).get("image_id").asText()).isEqualTo(id);
    assertThat(admin.get("/v2/queued_images").assertStatus(200).json().get("queued_images")).isEmpty();

    admin.put("/v2/queued_images/not-an-image").assertStatus(200);
    assertThat(admin.delete("/v2/queued_images").assertStatus(200).json().get("num_deleted").asInt()).isEqualTo(1);
    assertThat(admin.delete("/v2/cached_images/" + id).assertStatus(200).body()).isEqualTo("null");
    assertThat(admin.delete("/v2/cached_images").assertStatus(200).json().get("num_deleted").asInt()).isZero();
  }

  @Test
  void v1DownloadsUseTheCacheToo() {
    byte[] data = bytes(900, 11);
    String id = activeImage(member, data);
    member.get("/v2/images/" + id + "/file").assertStatus(200);
    int before = store.opens();
    Response v1 = member.get("/v1/images/" + id).assertStatus(200);
    assertThat(v1.bytes()).isEqualTo(data);
    assertThat(store.opens()).isEqualTo(before);
  }

  @Test
  void versionsListTheCacheApi() {
    JsonNode versions = admin.get("/versions").assertStatus(200).json().get("versions");
    List<String> ids = new ArrayList<>();
    versions.forEach(v -> ids.add(v.get("id").asText() + " " + v.get("status").asText()));
    assertThat(ids).startsWith("v2.18 CURRENT", "v2.17 SUPPORTED", "v2.16 SUPPORTED", "v2.15 SUPPORTED",
        "v2.14 SUPPORTED", "v2.9 SUPPORTED", "v2.7 SUPPORTED");
  }

  private JsonNode waitForCached(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode state = admin.get("/v2/cache").assertStatus(200).json();
      for (JsonNode c : state.get("cached_images")) {
        if (c.get("image_id").asText().equals(id)) {
          return state;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("image " + id + " not cached within 20 s");
  }

  private Map<String, JsonNode> cached() {
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    admin.get("/v2/cache").assertStatus(200).json().get("cached_images")
        .forEach(c -> byId.put(c.get("image_id").asText(), c));
    return byId;
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  static String activeImage(Client client, byte[] data) {
    String id = client.createImage(FORMATS);
    client.putData("/v2/images/" + id + "/file", data).assertStatus(204);
    return id;
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void corrupt(Path file, int at) throws IOException {
    byte[] all = Files.readAllBytes(file);
    all[at] ^= 0x5a;
    Files.write(file, all);
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
