package org.glimpse.ft.locations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The location API (v2.17) against a web server of the test's own, allowed by host and port, with
 * the http store beside the file store and Glance's default do_secure_hash (true): what tempest's
 * LocationImportTest expects (202, a location_import task, active with both hashes or queued
 * again without them), the synchronous refusals (400, 403, 404, 409) and GET for the service role.
 */
class LocationApiTest {
  static final byte[] DATA = "data behind the location API".getBytes(StandardCharsets.US_ASCII);
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  static RemoteData remote;
  static GlimpseTestServer server;

  @BeforeAll
  static void start() throws IOException {
    remote = new RemoteData(DATA);
    server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_GLANCE_STORE__STORES", "file,http",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", Integer.toString(remote.port())));
  }

  @AfterAll
  static void stop() {
    server.close();
    remote.close();
  }

  static String project() {
    return "p-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String hex(String algo, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String body(String url, String algo, String value) {
    return "{\"url\":\"" + url + "\",\"validation_data\":{\"os_hash_algo\":\"" + algo + "\",\"os_hash_value\":\""
        + value + "\"}}";
  }

  /** Waits for the image's one task to end in {@code status}; returns the image then. */
  static JsonNode awaitTask(Client c, String id, String status) throws InterruptedException {
    Instant end = Instant.now().plusSeconds(30);
    JsonNode tasks;
    do {
      tasks = c.get("/v2/images/" + id + "/tasks").assertStatus(200).json().get("tasks");
      if (tasks.size() == 1 && !tasks.get(0).get("status").asText().matches("pending|processing")) {
        assertThat(tasks.get(0).get("type").asText()).isEqualTo("location_import");
        assertThat(tasks.get(0).get("status").asText()).as(tasks.toString()).isEqualTo(status);
        return c.get("/v2/images/" + id).assertStatus(200).json();
      }
      Thread.sleep(50);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("task of image " + id + " not finished: " + tasks);
  }

  @Test
  void withValidationDataTheImageBecomesActiveWithBothHashes() throws InterruptedException {
    Client owner = server.as(project(), "member,reader");
    String id = owner.createImage(FORMATS);
    owner.postJson("/v2/images/" + id + "/locations", body(remote.url(), "sha256", hex("SHA-256", DATA)))
        .assertStatus(202);
    JsonNode image = awaitTask(owner, id, "success");
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("os_hash_algo").asText()).isEqualTo("sha256");
    assertThat(image.get("os_hash_value").asText()).isEqualTo(hex("SHA-256", DATA));
    assertThat(image.get("checksum").asText()).isEqualTo(hex("MD5", DATA));
    assertThat(image.get("size").asLong()).isEqualTo(DATA.length);
    assertThat(image.has("os_glance_import_task")).isFalse();
    assertThat(owner.get("/v2/images/" + id + "/file").body()).isEqualTo(new String(DATA, StandardCharsets.US_ASCII));
    // the image is active now: no second location through this API
    owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + remote.url() + "\"}")
        .assertError(409, "It's not allowed to add locations if image status is active.");
  }

  @Test
  void withoutValidationDataTheHashesAreComputedWithTheConfiguredAlgorithm() throws InterruptedException {
    Client owner = server.as(project(), "member,reader");
    String id = owner.createImage(FORMATS);
    owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + remote.url() + "\"}").assertStatus(202);
    JsonNode image = awaitTask(owner, id, "success");
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("os_hash_algo").asText()).isEqualTo("sha512");
    assertThat(image.get("os_hash_value").asText()).isEqualTo(hex("SHA-512", DATA));
    assertThat(image.get("checksum").asText()).isEqualTo(hex("MD5", DATA));
  }

  @Test
  void aHashMismatchPutsTheImageBackToQueuedWithoutHashes() throws InterruptedException {
    String project = project();
    Client owner = server.as(project, "member,reader");
    String id = owner.createImage(FORMATS);
    owner.postJson("/v2/images/" + id + "/locations", body(remote.url(), "sha512", "beefdead".repeat(16)))
        .assertStatus(202);
    JsonNode image = awaitTask(owner, id, "failure");
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.get("os_hash_algo").isNull()).isTrue();
    assertThat(image.get("os_hash_value").isNull()).isTrue();
    assertThat(image.get("checksum").isNull()).isTrue();
    JsonNode task = owner.get("/v2/images/" + id + "/tasks").json().get("tasks").get(0);
    assertThat(task.get("message").asText()).contains("not matched");
    // as Glance, the http location stays on the queued image (the http store cannot delete)
    JsonNode locations = server.as(project, "service").get("/v2/images/" + id + "/locations").assertStatus(200)
        .json();
    assertThat(locations).hasSize(1);
    assertThat(locations.get(0).get("url").asText()).isEqualTo(remote.url());
  }

  @Test
  void aLocationWithoutDataFailsTheTaskAndLeavesTheImageAsItWas() throws InterruptedException {
    String project = project();
    Client owner = server.as(project, "member,reader");
    String id = owner.createImage(FORMATS);
    owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + remote.base() + "/missing\"}")
        .assertStatus(202);
    JsonNode image = awaitTask(owner, id, "failure");
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.get("size").isNull()).isTrue();
    assertThat(server.as(project, "service").get("/v2/images/" + id + "/locations").assertStatus(200).json())
        .isEmpty();
    // the lock went with the task: the image takes a good location now
    owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + remote.url() + "\"}").assertStatus(202);
    Instant end = Instant.now().plusSeconds(30);
    while (!owner.get("/v2/images/" + id).json().get("status").asText().equals("active")
        && Instant.now().isBefore(end)) {
      Thread.sleep(50);
    }
    assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("active");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "[]",
    "\"http://x\"",
    "{}",
    "{\"url\": 5}",
    "{\"url\": null}",
    "{\"url\": \"URL\", \"validation_data\": null}",
    "{\"url\": \"URL\", \"validation_data\": \"sha256\"}",
    "{\"url\": \"URL\", \"validation_data\": {\"checksum\": \"00\"}}",
    "{\"url\": \"URL\", \"validation_data\": {\"os_hash_algo\": \"sha123\", \"os_hash_value\": \"00\"}}",
    "{\"url\": \"URL\", \"validation_data\": {\"os_hash_algo\": 256, \"os_hash_value\": \"00\"}}",
    "{\"url\": \"URL\", \"validation_data\": {\"os_hash_value\": \"00\"}}",
    "{\"url\": \"URL\", \"validation_data\": {\"os_hash_algo\": \"sha256\"}}",
    "{\"url\": \"URL\", \"validation_data\": {\"os_hash_algo\": \"md5\", \"os_hash_value\": [\"00\"]}}",
    "not json",
  })
  void aMalformedBodyIs400(String template) {
    Client owner = server.as(project(), "member,reader");
    String id = owner.createImage(FORMATS);
    owner.postJson("/v2/images/" + id + "/locations", template.replace("URL", remote.url())).assertStatus(400);
    assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    assertThat(owner.get("/v2/images/" + id + "/tasks").json().get("tasks")).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "sha512, dbc9e0f80d131e64b94913a7b40bb5, not the correct size",
    "md5,    zz112233445566778899aabbccddeeff, not a valid hexadecimal value",
    "sha256, TOO_LONG, at most 128",
  })
  void aHashOfTheWrongFormIs400(String algo, String value, String message) {
    Client owner = server.as(project(), "member,reader");
    String id = owner.createImage(FORMATS);
    String v = value.equals("TOO_LONG") ? "ab".repeat(65) : value;
    owner.postJson("/v2/images/" + id + "/locations", body(remote.url(), algo, v)).assertError(400, message);
  }

  @Test
  void aSha256ValueGivenAsSha512Is400() {
    Client owner = server.as(project(), "member,reader");
    String id = owner.createImage(FORMATS);
    owner.postJson("/v2/images/" + id + "/locations", body(remote.url(), "sha512", hex("SHA-256", DATA)))
        .assertError(400, "should be (64) bytes");
  }

  @Test
  void aUrlTheFilteringRefusesIs400AndNoRequestLeaves() {
    Client owner = server.as(project(), "member,reader");
    String id = owner.createImage(FORMATS);
    int heads = remote.heads.get();
    // a port not in allowed_ports, and a host not in allowed_hosts
    owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"http://127.0.0.1:1/image\"}")
        .assertError(400, "does not pass filtering");
    owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"http://169.254.169.254/latest\"}")
        .assertError(400, "does not pass filtering");
    assertThat(remote.heads.get()).isEqualTo(heads);
    assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
  }

  @Test
  void loopbackIsRefusedWhereTheOperatorDidNotAllowIt() {
    try (GlimpseTestServer strict = GlimpseTestServer.start(null, Map.of("GLIMPSE_GLANCE_STORE__STORES", "file,http"))) {
      Client owner = strict.as(project(), "member,reader");
      String id = owner.createImage(FORMATS);
      int heads = remote.heads.get();
      owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + remote.url() + "\"}")
          .assertError(400, "does not pass filtering");
      assertThat(remote.heads.get()).isEqualTo(heads);
    }
  }

  @Test
  void aCallerWithoutTheServiceRoleNeedsAnHttpUrl() {
    String project = project();
    Client owner = server.as(project, "member,reader");
    String id = owner.createImage(FORMATS);
    owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"file:///etc/passwd\"}")
        .assertError(403, "http store must be enabled to use location API by normal user.");
    // the service role passes that check, and the store still refuses what it does not read
    server.as(project, "service").postJson("/v2/images/" + id + "/locations", "{\"url\":\"file:///etc/passwd\"}")
        .assertError(400, "file:///etc/passwd");
    assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
  }

  @Test
  void withoutAnHttpStoreOnlyTheServiceRoleGetsPastThePolicy() {
    try (GlimpseTestServer plain = GlimpseTestServer.start()) {
      Client owner = plain.as(project(), "member,reader");
      String id = owner.createImage(FORMATS);
      owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"http://example.com/image\"}")
          .assertError(403, "http store must be enabled");
    }
  }

  @Test
  void policyAndVisibility() {
    String project = project();
    Client owner = server.as(project, "member,reader");
    String id = owner.createImage(FORMATS);
    String add = "{\"url\":\"" + remote.url() + "\"}";
    // another project's private image is not found, for adding and listing alike
    Client stranger = server.as(project(), "member,reader");
    stranger.postJson("/v2/images/" + id + "/locations", add).assertStatus(404);
    stranger.get("/v2/images/" + id + "/locations").assertStatus(404);
    server.as(project(), "service").get("/v2/images/" + UUID.randomUUID() + "/locations").assertStatus(404);
    // a reader of the owning project sees the image but may not add a location
    server.as(project, "reader").postJson("/v2/images/" + id + "/locations", add).assertStatus(403);
    // listing is for the service role (and admin): the owner's member is refused
    owner.get("/v2/images/" + id + "/locations").assertStatus(403);
    assertThat(server.as(project, "service").get("/v2/images/" + id + "/locations").assertStatus(200).json())
        .isEmpty();
    assertThat(server.as(project(), "admin").get("/v2/images/" + id + "/locations").assertStatus(200).json())
        .isEmpty();
    // a queued image only: anything else is a conflict, answered before the policy is asked
    owner.putData("/v2/images/" + id + "/file", DATA).assertStatus(204);
    server.as(project, "reader").postJson("/v2/images/" + id + "/locations", add)
        .assertError(409, "It's not allowed to add locations if image status is active.");
  }

  @Test
  void aServiceAddsALocationAndListsIt() throws InterruptedException {
    String project = project();
    Client owner = server.as(project, "member,reader");
    String id = owner.createImage(FORMATS);
    Client service = server.as(project, "service");
    service.postJson("/v2/images/" + id + "/locations", body(remote.url(), "md5", hex("MD5", DATA)))
        .assertStatus(202);
    JsonNode image = awaitTask(service, id, "success");
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("os_hash_algo").asText()).isEqualTo("md5");
    assertThat(image.get("os_hash_value").asText()).isEqualTo(hex("MD5", DATA));
    JsonNode locations = service.get("/v2/images/" + id + "/locations").assertStatus(200).json();
    assertThat(locations).hasSize(1);
    assertThat(locations.get(0).get("url").asText()).isEqualTo(remote.url());
    assertThat(locations.get(0).get("metadata").isObject()).isTrue();
  }
}
