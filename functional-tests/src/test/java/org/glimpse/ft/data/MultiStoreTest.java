package org.glimpse.ft.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Glance's multi-store over HTTP with two file backends ({@code fast}, the default, and {@code
 * slow}): uploads go where X-Image-Meta-Store says, images show the backend holding them in {@code
 * stores}, the discovery calls list the backends (details for admins only), data is never removed
 * from its only store, and deleting and sweeping leave both directories clean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiStoreTest {
  private static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  private Path root;
  private Path fast;
  private Path slow;
  private GlimpseTestServer server;
  private Client owner;
  private Client admin;

  @BeforeAll
  void start() throws IOException {
    root = Files.createTempDirectory("glimpse-multi-");
    fast = root.resolve("fast");
    slow = root.resolve("slow");
    server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__ENABLED_BACKENDS", "fast:file, slow:file",
        "GLIMPSE_GLANCE_STORE__DEFAULT_BACKEND", "fast",
        "GLIMPSE_FAST__FILESYSTEM_STORE_DATADIR", fast.toString(),
        "GLIMPSE_FAST__STORE_DESCRIPTION", "Fast disks",
        "GLIMPSE_SLOW__FILESYSTEM_STORE_DATADIR", slow.toString(),
        "GLIMPSE_SLOW__WEIGHT", "50",
        "GLIMPSE_DEFAULT__UPLOAD_STALL_TIME", "1"));
    owner = server.as("multi-owner", "member,reader");
    admin = server.as("multi-admin", "admin,member,reader");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String file(String id) {
    return "/v2/images/" + id + "/file";
  }

  private List<String> files(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".probe")).toList();
    }
  }

  @Test
  void uploadsGoToTheNamedBackendOrTheDefaultOne() throws IOException {
    var created = owner.postJson("/v2/images", FORMATS).assertStatus(201);
    assertThat(created.header("OpenStack-image-store-ids")).isEqualTo("fast,slow");
    assertThat(created.json().has("stores")).isFalse();
    String inFast = created.json().get("id").asText();
    owner.putData(file(inFast), "fast data".getBytes(StandardCharsets.UTF_8)).assertStatus(204);
    String inSlow = owner.createImage(FORMATS);
    owner.putData(file(inSlow), "slow data".getBytes(StandardCharsets.UTF_8), "X-Image-Meta-Store", "slow")
        .assertStatus(204);

    assertThat(owner.get("/v2/images/" + inFast).json().get("stores").asText()).isEqualTo("fast");
    assertThat(owner.get("/v2/images/" + inSlow).json().get("stores").asText()).isEqualTo("slow");
    assertThat(files(fast)).anyMatch(n -> n.startsWith(inFast)).noneMatch(n -> n.startsWith(inSlow));
    assertThat(files(slow)).anyMatch(n -> n.startsWith(inSlow)).noneMatch(n -> n.startsWith(inFast));
    assertThat(owner.get(file(inFast)).body()).isEqualTo("fast data");
    assertThat(owner.get(file(inSlow)).body()).isEqualTo("slow data");

    owner.delete("/v2/images/" + inFast).assertStatus(204);
    owner.delete("/v2/images/" + inSlow).assertStatus(204);
    assertThat(files(fast)).noneMatch(n -> n.startsWith(inFast));
    assertThat(files(slow)).noneMatch(n -> n.startsWith(inSlow));
  }

  @Test
  void anUnknownOrReadOnlyStoreIsRefusedAndTheImageStaysQueued() {
    String id = owner.createImage(FORMATS);
    owner.putData(file(id), new byte[] {1, 2}, "X-Image-Meta-Store", "nowhere")
        .assertError(400, "Unknown scheme 'nowhere' found in URI");
    assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    owner.putData(file(id), new byte[] {1, 2}, "X-Image-Meta-Store", "slow").assertStatus(204);
  }

  @Test
  void infoStoresListsTheBackendsAndTheDetailIsForAdmins() {
    JsonNode stores = owner.get("/v2/info/stores").assertStatus(200).json().get("stores");
    assertThat(stores).hasSize(2);
    assertThat(stores.get(0).get("id").asText()).isEqualTo("fast");
    assertThat(stores.get(0).get("description").asText()).isEqualTo("Fast disks");
    assertThat(stores.get(0).get("default").asText()).isEqualTo("true");
    assertThat(stores.get(1).get("id").asText()).isEqualTo("slow");
    assertThat(stores.get(1).has("default")).isFalse();
    assertThat(stores.get(1).has("description")).isFalse();
    assertThat(stores.get(0).has("type")).isFalse();

    owner.get("/v2/info/stores/detail").assertError(403, "");
    JsonNode detail = admin.get("/v2/info/stores/detail").assertStatus(200).json().get("stores");
    assertThat(detail.get(1).get("type").asText()).isEqualTo("file");
    assertThat(detail.get(1).get("weight").asInt()).isEqualTo(50);
    assertThat(detail.get(0).get("weight").asInt()).isZero();
    assertThat(detail.get(1).get("properties").get("data_dir").asText()).isEqualTo(slow.toString());
    assertThat(detail.get(1).get("properties").get("chunk_size").asInt()).isEqualTo(65536);
    assertThat(detail.get(1).get("properties").get("thin_provisioning").asBoolean()).isFalse();
  }

  @Test
  void dataIsNeverRemovedFromItsOnlyStore() {
    String queued = owner.createImage(FORMATS);
    admin.delete("/v2/stores/nowhere/" + queued).assertError(409, "The selected store nowhere is not available on this node.");
    admin.delete("/v2/stores/slow/" + queued)
        .assertError(409, "It's not allowed to remove image data from store if image status is not 'active'");
    admin.delete("/v2/stores/slow/00000000-0000-0000-0000-000000000000").assertError(404, "Failed to find image");
    owner.putData(file(queued), "only copy".getBytes(StandardCharsets.UTF_8), "X-Image-Meta-Store", "slow")
        .assertStatus(204);
    owner.delete("/v2/stores/slow/" + queued).assertError(403, "");
    admin.delete("/v2/stores/slow/" + queued)
        .assertError(403, "Cannot delete image data from the only store containing it.");
    assertThat(owner.get(file(queued)).body()).isEqualTo("only copy");
  }

  @Test
  void anImportGoesToTheStoreItNames() throws Exception {
    String id = owner.createImage(FORMATS);
    String imp = "/v2/images/" + id + "/import";
    owner.postJson(imp, "{\"method\":{\"name\":\"glance-direct\"},\"stores\":[\"nowhere\"]}")
        .assertError(409, "Unknown scheme 'nowhere' found in URI");
    owner.postJson(imp, "{\"method\":{\"name\":\"glance-direct\"},\"all_stores\":true,\"stores\":[\"fast\"]}")
        .assertError(400, "All_stores parameter can't be used with x-image-meta-store header or stores parameter");
    owner.send("POST", imp, HttpRequest.BodyPublishers.ofString(
        "{\"method\":{\"name\":\"glance-direct\"},\"stores\":[\"fast\"]}"),
        "Content-Type", "application/json", "X-Image-Meta-Store", "fast")
        .assertError(400, "Stores parameter and x-image-meta-store header can't be both specified");

    // staged in the default backend, imported into the other one
    owner.putData("/v2/images/" + id + "/stage", "staged".getBytes(StandardCharsets.UTF_8)).assertStatus(204);
    assertThat(files(fast)).anyMatch(n -> n.startsWith(id));
    owner.postJson(imp, "{\"method\":{\"name\":\"glance-direct\"},\"stores\":[\"slow\"],"
        + "\"all_stores_must_succeed\":false}").assertStatus(202);
    JsonNode image = awaitActive(id);
    assertThat(image.get("stores").asText()).isEqualTo("slow");
    assertThat(owner.get(file(id)).body()).isEqualTo("staged");
    assertThat(files(slow)).anyMatch(n -> n.startsWith(id));
    assertThat(files(fast)).noneMatch(n -> n.startsWith(id));

    // no store named: the default one, where the data was staged
    String other = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + other + "/stage", "here".getBytes(StandardCharsets.UTF_8)).assertStatus(204);
    owner.postJson("/v2/images/" + other + "/import", "{\"method\":{\"name\":\"glance-direct\"}}")
        .assertStatus(202);
    assertThat(awaitActive(other).get("stores").asText()).isEqualTo("fast");
    assertThat(owner.get(file(other)).body()).isEqualTo("here");
  }

  private JsonNode awaitActive(String id) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    JsonNode image = owner.get("/v2/images/" + id).json();
    while (!image.get("status").asText().equals("active") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      image = owner.get("/v2/images/" + id).json();
    }
    assertThat(image.get("status").asText()).isEqualTo("active");
    return image;
  }

  @Test
  void withASingleStoreNothingOfThisIsOn() {
    try (GlimpseTestServer single = GlimpseTestServer.start()) {
      Client client = single.as("single-owner", "member,reader");
      Client singleAdmin = single.as("single-admin", "admin,member,reader");
      client.get("/v2/info/stores").assertError(404, "Multi backend is not supported at this site.");
      singleAdmin.get("/v2/info/stores/detail").assertError(404, "Multi backend is not supported at this site.");
      var created = client.postJson("/v2/images", FORMATS).assertStatus(201);
      assertThat(created.header("OpenStack-image-store-ids")).isNull();
      String id = created.json().get("id").asText();
      // Glance reads the header only with enabled_backends
      client.putData(file(id), "one".getBytes(StandardCharsets.UTF_8), "X-Image-Meta-Store", "nowhere")
          .assertStatus(204);
      assertThat(client.get("/v2/images/" + id).json().has("stores")).isFalse();
      singleAdmin.delete("/v2/stores/nowhere/" + id).assertStatus(404);
      JsonNode versions = client.get("/versions").json().get("versions");
      List<String> ids = new java.util.ArrayList<>();
      versions.forEach(v -> ids.add(v.get("id").asText()));
      assertThat(ids).contains("v2.9").doesNotContain("v2.8", "v2.13");
    }
  }

  @Test
  void versionDiscoveryListsTheMultiStoreVersionsAsGlance() {
    JsonNode versions = owner.get("/versions").assertStatus(200).json().get("versions");
    List<String> ids = new java.util.ArrayList<>();
    versions.forEach(v -> ids.add(v.get("id").asText() + " " + v.get("status").asText()));
    assertThat(ids).startsWith("v2.15 SUPPORTED", "v2.13 SUPPORTED", "v2.12 SUPPORTED", "v2.11 SUPPORTED",
        "v2.10 SUPPORTED", "v2.9 SUPPORTED", "v2.8 SUPPORTED", "v2.17 CURRENT", "v2.7 SUPPORTED");
  }

  @Test
  void theSweepCleansEveryBackend() throws Exception {
    String id = owner.createImage(FORMATS);
    Path leftInFast = fast.resolve("." + id + "~dead0000000000000000000000000001.tmp");
    Path leftInSlow = slow.resolve("." + id + "~dead0000000000000000000000000002.tmp");
    for (Path left : List.of(leftInFast, leftInSlow)) {
      Files.writeString(left, "left by a crash");
      Files.setLastModifiedTime(left, FileTime.from(Instant.now().minusSeconds(3600)));
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    while ((Files.exists(leftInFast) || Files.exists(leftInSlow)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(leftInFast).doesNotExist();
    assertThat(leftInSlow).doesNotExist();
  }
}
