package org.glimpse.ft.keystone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Keystone;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * glance-download behind the real Keystone (scripts/keystone-up.sh). The test registers an image
 * service of its own with endpoints in regions of its own (never RegionOne's, which the interop
 * run owns): one region whose public endpoint is the test server itself (the "other" Glance of
 * tempest's test), one whose endpoint is a fake Glance that serves chosen records and data and
 * records the token it is called with, and one whose endpoint the import filter refuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlanceDownloadTest {
  private static final String RAW = "{\"disk_format\": \"raw\", \"container_format\": \"bare\"}";

  private Keystone keystone;
  private GlimpseTestServer server;
  private HttpServer fake;
  private final Map<String, byte[]> fakeBodies = new ConcurrentHashMap<>();
  private final List<String> fakeTokens = new java.util.concurrent.CopyOnWriteArrayList<>();
  private String selfRegion;
  private String fakeRegion;
  private String filteredRegion;
  private String token;
  private Client me;

  @BeforeAll
  void start() throws IOException {
    keystone = Keystone.require();
    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.createContext("/", exchange -> {
      try (exchange) {
        fakeTokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Auth-Token")));
        byte[] body = fakeBodies.get(exchange.getRequestURI().getPath());
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    fake.start();

    Map<String, String> settings = new HashMap<>(keystone.glimpseSettings());
    settings.put("GLIMPSE_DEFAULT__ENABLED_IMPORT_METHODS", "[glance-direct, web-download, 'glance-download']");
    settings.put("GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1");
    // the test server's port is random: every port is allowed for this suite
    settings.put("GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", "");
    server = GlimpseTestServer.start(null, settings);

    String service = keystone.service("image");
    selfRegion = keystone.region("gdl-self");
    keystone.endpoint(service, selfRegion, "public", server.baseUrl());
    keystone.endpoint(service, selfRegion, "internal", server.baseUrl() + "/");
    fakeRegion = keystone.region("gdl-fake");
    keystone.endpoint(service, fakeRegion, "public", "http://127.0.0.1:" + fake.getAddress().getPort());
    filteredRegion = keystone.region("gdl-filtered");
    keystone.endpoint(service, filteredRegion, "public", "http://192.0.2.1:9292");

    String project = keystone.project("gdl");
    Keystone.User user = keystone.user("gdl", project, "member", "reader");
    token = keystone.token(user);
    me = Client.withToken(server.baseUrl(), token);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (fake != null) {
      fake.stop(0);
    }
    if (keystone != null) {
      keystone.close();
    }
  }

  private Response importFrom(String image, String remoteId, String region, String iface) {
    String method = "{\"name\": \"glance-download\", \"glance_image_id\": \"" + remoteId + "\""
        + (region == null ? "" : ", \"glance_region\": \"" + region + "\"")
        + (iface == null ? "" : ", \"glance_service_interface\": \"" + iface + "\"") + "}";
    return me.postJson("/v2/images/" + image + "/import", "{\"method\": " + method + "}");
  }

  private JsonNode finished(String image) throws InterruptedException {
    Instant end = Instant.now().plusSeconds(30);
    JsonNode tasks;
    do {
      tasks = me.get("/v2/images/" + image + "/tasks").assertStatus(200).json().path("tasks");
      if (tasks.size() == 1 && List.of("success", "failure").contains(tasks.get(0).path("status").asText())) {
        return tasks.get(0);
      }
      Thread.sleep(50);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("the import of " + image + " did not finish: " + tasks);
  }

  private JsonNode show(String image) {
    return me.get("/v2/images/" + image).assertStatus(200).json();
  }

  /** A queued target image with formats and properties of its own. */
  private String target() {
    String id = me.createImage("{\"disk_format\": \"iso\", \"container_format\": \"ovf\"}");
    me.patch("/v2/images/" + id, "[{\"op\": \"add\", \"path\": \"/hw_cpu_cores\", \"value\": \"1\"},"
        + " {\"op\": \"add\", \"path\": \"/os_distro\", \"value\": \"windows\"},"
        + " {\"op\": \"add\", \"path\": \"/mine\", \"value\": \"kept\"}]").assertStatus(200);
    return id;
  }

  private void assertUntouched(String id) {
    JsonNode image = show(id);
    assertThat(image.path("status").asText()).isEqualTo("queued");
    assertThat(image.path("disk_format").asText()).isEqualTo("iso");
    assertThat(image.path("container_format").asText()).isEqualTo("ovf");
    assertThat(image.path("hw_cpu_cores").asText()).isEqualTo("1");
    assertThat(image.path("os_distro").asText()).isEqualTo("windows");
    assertThat(image.path("mine").asText()).isEqualTo("kept");
    assertThat(image.has("os_glance_import_task")).isFalse();
    assertThat(image.path("size").isNull()).isTrue();
    assertThat(me.get("/v2/images/" + id + "/file").status()).isEqualTo(204);
  }

  @Test
  void theDataFormatsAndOnlyTheAllowedPropertiesOfTheRemoteImageAreCopied() throws InterruptedException {
    String src = me.createActiveImage(RAW, "the remote image's data");
    me.patch("/v2/images/" + src, "[{\"op\": \"add\", \"path\": \"/hw_cpu_cores\", \"value\": \"5\"},"
        + " {\"op\": \"add\", \"path\": \"/trait:STORAGE_DISK_SSD\", \"value\": \"required\"},"
        + " {\"op\": \"add\", \"path\": \"/os_distro\", \"value\": \"rhel\"},"
        + " {\"op\": \"add\", \"path\": \"/speed\", \"value\": \"88mph\"}]").assertStatus(200);
    JsonNode source = show(src);
    String dst = target();

    importFrom(dst, src, selfRegion.toUpperCase(java.util.Locale.ROOT), "public").assertStatus(202);
    JsonNode task = finished(dst);
    assertThat(task.path("status").asText()).as("%s", task).isEqualTo("success");
    assertThat(task.at("/input/import_req/method/glance_region").asText()).isEqualTo(selfRegion.toUpperCase(
        java.util.Locale.ROOT));

    JsonNode image = show(dst);
    assertThat(image.path("status").asText()).isEqualTo("active");
    assertThat(image.path("disk_format").asText()).isEqualTo("raw");
    assertThat(image.path("container_format").asText()).isEqualTo("bare");
    assertThat(image.path("hw_cpu_cores").asText()).isEqualTo("5");
    assertThat(image.path("trait:STORAGE_DISK_SSD").asText()).isEqualTo("required");
    assertThat(image.path("os_distro").asText()).isEqualTo("rhel");
    assertThat(image.path("mine").asText()).isEqualTo("kept");
    assertThat(image.has("speed")).isFalse();
    assertThat(image.path("size").asLong()).isEqualTo(source.path("size").asLong());
    assertThat(image.path("checksum").asText()).isEqualTo(source.path("checksum").asText());
    assertThat(image.path("os_hash_value").asText()).isEqualTo(source.path("os_hash_value").asText());
    assertThat(me.get("/v2/images/" + dst + "/file").body()).isEqualTo("the remote image's data");
  }

  @Test
  void theInternalInterfaceIsFoundWhenAsked() throws InterruptedException {
    String src = me.createActiveImage(RAW, "internal");
    String dst = target();
    importFrom(dst, src, selfRegion, "internal").assertStatus(202);
    assertThat(finished(dst).path("status").asText()).isEqualTo("success");
    assertThat(show(dst).path("size").asLong()).isEqualTo(8);
  }

  @Test
  void aRemoteIdThatIsNotAUuidIsRefusedWithGlancesWords() {
    String dst = target();
    importFrom(dst, "foo", selfRegion, "public").assertError(400, "Remote image id does not look like a UUID: foo");
    importFrom(dst, UUID.randomUUID().toString(), null, "public")
        .assertError(400, "'glance_region' needs to be set for glance-download import method");
    me.postJson("/v2/images/" + dst + "/import", "{\"method\": {\"name\": \"glance-download\", \"glance_region\": \""
        + selfRegion + "\"}}").assertError(400, "'glance_image_id' needs to be set for glance-download import method");
    assertUntouched(dst);
    assertThat(me.get("/v2/images/" + dst + "/tasks").json().path("tasks")).isEmpty();
  }

  @Test
  void anUnknownRegionOrInterfaceFailsTheTaskAndLeavesTheImageQueuedWithItsProperties()
      throws InterruptedException {
    String badRegion = target();
    importFrom(badRegion, UUID.randomUUID().toString(), "not a region", "public").assertStatus(202);
    assertThat(finished(badRegion).path("status").asText()).isEqualTo("failure");
    assertThat(finished(badRegion).path("message").asText())
        .isEqualTo("public glance endpoint not found for region not a region");
    assertUntouched(badRegion);

    String badInterface = target();
    importFrom(badInterface, UUID.randomUUID().toString(), selfRegion, "not an interface").assertStatus(202);
    assertThat(finished(badInterface).path("message").asText())
        .isEqualTo("not an interface glance endpoint not found for region " + selfRegion);
    assertUntouched(badInterface);
  }

  @Test
  void aMissingOrInactiveRemoteImageFailsTheTaskAndLeavesTheImageQueued() throws InterruptedException {
    String missing = target();
    String nobody = UUID.randomUUID().toString();
    importFrom(missing, nobody, selfRegion, null).assertStatus(202);
    JsonNode task = finished(missing);
    assertThat(task.path("status").asText()).isEqualTo("failure");
    assertThat(task.path("message").asText()).contains("/v2/images/" + nobody + " answered 404");
    assertThat(task.at("/input/import_req/method/glance_service_interface").asText()).isEqualTo("public");
    assertUntouched(missing);

    String queuedSource = me.createImage(RAW);
    String dst = target();
    importFrom(dst, queuedSource, selfRegion, "public").assertStatus(202);
    assertThat(finished(dst).path("message").asText())
        .isEqualTo("Source image status should be active instead of queued");
    assertUntouched(dst);
  }

  /** The fake Glance answers the record and the data of {@code id}. */
  private void fakeImage(String id, String diskFormat, long size, byte[] data) {
    fakeBodies.put("/v2/images/" + id, ("{\"id\": \"" + id + "\", \"status\": \"active\", \"disk_format\": \""
        + diskFormat + "\", \"container_format\": \"bare\", \"size\": " + size
        + ", \"hw_disk_bus\": \"scsi\", \"os_glance_import_task\": \"x\", \"os_hidden\": false}")
        .getBytes(StandardCharsets.UTF_8));
    fakeBodies.put("/v2/images/" + id + "/file", data);
  }

  @Test
  void remoteDataGoesThroughTheFormatChecksAndTheCallersTokenIsWhatTheRemoteSees()
      throws InterruptedException {
    String good = UUID.randomUUID().toString();
    byte[] raw = "plain raw bytes".getBytes(StandardCharsets.UTF_8);
    fakeImage(good, "raw", raw.length, raw);
    String ok = target();
    fakeTokens.clear();
    importFrom(ok, good, fakeRegion, "public").assertStatus(202);
    assertThat(finished(ok).path("status").asText()).isEqualTo("success");
    assertThat(fakeTokens).containsExactly(token, token);
    JsonNode image = show(ok);
    assertThat(image.path("hw_disk_bus").asText()).isEqualTo("scsi");
    assertThat(image.has("os_glance_import_task")).isFalse();
    assertThat(image.path("os_hidden").asBoolean()).isFalse();

    String mislabelled = UUID.randomUUID().toString();
    fakeImage(mislabelled, "qcow2", raw.length, raw);
    String dst = target();
    importFrom(dst, mislabelled, fakeRegion, "public").assertStatus(202);
    JsonNode task = finished(dst);
    assertThat(task.path("status").asText()).isEqualTo("failure");
    assertThat(task.path("message").asText()).isEqualTo("Image disk_format qcow2 does not match stream data raw");
    assertUntouched(dst);
  }

  @Test
  void remoteDataOfAnotherSizeThanItsRecordFailsTheTask() throws InterruptedException {
    byte[] raw = "twenty bytes of data".getBytes(StandardCharsets.UTF_8);
    String longer = UUID.randomUUID().toString();
    fakeImage(longer, "raw", 10, raw);
    String shorter = UUID.randomUUID().toString();
    fakeImage(shorter, "raw", 30, raw);
    for (String[] c : new String[][] {{longer, "downloaded data is larger than the expected size 10"},
        {shorter, "downloaded data size 20 is different from expected 30"}}) {
      String dst = target();
      importFrom(dst, c[0], fakeRegion, "public").assertStatus(202);
      JsonNode task = finished(dst);
      assertThat(task.path("status").asText()).isEqualTo("failure");
      assertThat(task.path("message").asText()).isEqualTo(c[1]);
      assertUntouched(dst);
    }
  }

  @Test
  void anEndpointTheImportFilterRefusesIsNeverContacted() throws InterruptedException {
    String dst = target();
    importFrom(dst, UUID.randomUUID().toString(), filteredRegion, "public").assertStatus(202);
    JsonNode task = finished(dst);
    assertThat(task.path("status").asText()).isEqualTo("failure");
    assertThat(task.path("message").asText())
        .startsWith("Processed URI for glance-download does not pass filtering: http://192.0.2.1:9292/v2/images/");
    assertUntouched(dst);
  }

  @Test
  void theMethodIsListedWhenEnabled() {
    assertThat(me.get("/v2/info/import").json().at("/import-methods/value").toString())
        .isEqualTo("[\"glance-direct\",\"web-download\",\"glance-download\"]");
  }
}
