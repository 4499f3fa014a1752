package org.glimpse.ft.locations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.ft.locations.LocationApiTest.DATA;
import static org.glimpse.ft.locations.LocationApiTest.FORMATS;
import static org.glimpse.ft.locations.LocationApiTest.awaitTask;
import static org.glimpse.ft.locations.LocationApiTest.body;
import static org.glimpse.ft.locations.LocationApiTest.hex;
import static org.glimpse.ft.locations.LocationApiTest.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The location API under other settings: {@code do_secure_hash = false} (tempest's
 * test_add_location_with_do_secure_hash_false: active at once, the given hash recorded unchecked,
 * no checksum) and multi-store (MultistoreLocationImportTest: the location belongs to the http
 * backend, shown in {@code stores}, after success and after a failed verification alike).
 */
class LocationApiSettingsTest {
  static RemoteData remote;

  @BeforeAll
  static void start() throws IOException {
    remote = new RemoteData(DATA);
  }

  @AfterAll
  static void stop() {
    remote.close();
  }

  private static Map<String, String> allowRemote(Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(more);
    env.put("GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1");
    env.put("GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", Integer.toString(remote.port()));
    return env;
  }

  @Test
  void aSecondRequestWhileTheTaskRunsIsAConflict() throws IOException, InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slow.createContext("/image", x -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      x.getResponseHeaders().add("Content-Length", Integer.toString(DATA.length));
      x.sendResponseHeaders(200, x.getRequestMethod().equals("HEAD") ? -1 : DATA.length);
      if (!x.getRequestMethod().equals("HEAD")) {
        x.getResponseBody().write(DATA);
      }
      x.close();
    });
    slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    slow.start();
    String url = "http://127.0.0.1:" + slow.getAddress().getPort() + "/image";
    try (GlimpseTestServer server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_GLANCE_STORE__STORES", "file,http",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", Integer.toString(slow.getAddress().getPort())))) {
      Client owner = server.as(project(), "member,reader");
      String id = owner.createImage(FORMATS);
      owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + url + "\"}").assertStatus(202);
      owner.postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + url + "\"}")
          .assertError(409, "Image has active task");
      release.countDown();
      JsonNode image = awaitTask(owner, id, "success");
      assertThat(image.get("status").asText()).isEqualTo("active");
      assertThat(image.get("os_hash_value").asText()).isEqualTo(hex("SHA-512", DATA));
    } finally {
      release.countDown();
      slow.stop(0);
    }
  }

  @Test
  void underTheNewDefaultsAndAPolicyFile() throws IOException {
    java.nio.file.Path policy = Files.createTempFile("glimpse-locapi-", ".yaml");
    Files.writeString(policy, "\"fetch_image_location\": \"role:reader\"\n\"add_image_location\": \"role:admin\"\n");
    try (GlimpseTestServer defaults = GlimpseTestServer.start(null, allowRemote(Map.of(
        "GLIMPSE_GLANCE_STORE__STORES", "file,http", "GLIMPSE_OSLO_POLICY__ENFORCE_NEW_DEFAULTS", "true")));
        GlimpseTestServer overridden = GlimpseTestServer.start(null, allowRemote(Map.of(
            "GLIMPSE_GLANCE_STORE__STORES", "file,http", "GLIMPSE_OSLO_POLICY__ENFORCE_NEW_DEFAULTS", "true",
            "GLIMPSE_OSLO_POLICY__POLICY_FILE", policy.toString())))) {
      String project = project();
      Client member = defaults.as(project, "member,reader");
      String id = member.createImage(FORMATS);
      defaults.as(project, "reader").postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + remote.url() + "\"}")
          .assertStatus(403);
      member.get("/v2/images/" + id + "/locations").assertStatus(403);
      defaults.as(project, "service").get("/v2/images/" + id + "/locations").assertStatus(200);
      member.postJson("/v2/images/" + id + "/locations", "{\"url\":\"" + remote.url() + "\"}").assertStatus(202);

      Client other = overridden.as(project, "member,reader");
      String second = other.createImage(FORMATS);
      other.postJson("/v2/images/" + second + "/locations", "{\"url\":\"" + remote.url() + "\"}").assertStatus(403);
      other.get("/v2/images/" + second + "/locations").assertStatus(200);
    } finally {
      Files.deleteIfExists(policy);
    }
  }

  @Test
  void withoutSecureHashTheGivenHashIsRecordedUnchecked() throws InterruptedException {
    try (GlimpseTestServer server = GlimpseTestServer.start(null, allowRemote(Map.of(
        "GLIMPSE_GLANCE_STORE__STORES", "file,http", "GLIMPSE_DEFAULT__DO_SECURE_HASH", "false")))) {
      Client owner = server.as(project(), "member,reader");
      String id = owner.createImage(FORMATS);
      // a value that is not the data's: nothing reads the data to find out
      String claimed = "beefdead".repeat(16);
      owner.postJson("/v2/images/" + id + "/locations", body(remote.url(), "sha512", claimed)).assertStatus(202);
      JsonNode image = awaitTask(owner, id, "success");
      assertThat(image.get("status").asText()).isEqualTo("active");
      assertThat(image.get("os_hash_algo").asText()).isEqualTo("sha512");
      assertThat(image.get("os_hash_value").asText()).isEqualTo(claimed);
      assertThat(image.get("checksum").isNull()).isTrue();

      String plain = owner.createImage(FORMATS);
      owner.postJson("/v2/images/" + plain + "/locations", "{\"url\":\"" + remote.url() + "\"}").assertStatus(202);
      JsonNode second = awaitTask(owner, plain, "success");
      assertThat(second.get("status").asText()).isEqualTo("active");
      assertThat(second.get("size").asLong()).isEqualTo(DATA.length);
      assertThat(second.get("checksum").isNull()).isTrue();
      assertThat(second.get("os_hash_value").isNull()).isTrue();
    }
  }

  @Test
  void inMultiStoreModeTheLocationBelongsToTheHttpBackend() throws IOException, InterruptedException {
    try (GlimpseTestServer server = GlimpseTestServer.start(null, allowRemote(Map.of(
        "GLIMPSE_DEFAULT__ENABLED_BACKENDS", "fast:file, web:http",
        "GLIMPSE_GLANCE_STORE__DEFAULT_BACKEND", "fast",
        "GLIMPSE_FAST__FILESYSTEM_STORE_DATADIR", Files.createTempDirectory("glimpse-locapi-").toString())))) {
      String project = project();
      Client owner = server.as(project, "member,reader");
      String id = owner.createImage(FORMATS);
      owner.postJson("/v2/images/" + id + "/locations", body(remote.url(), "sha256", hex("SHA-256", DATA)))
          .assertStatus(202);
      JsonNode image = awaitTask(owner, id, "success");
      assertThat(image.get("status").asText()).isEqualTo("active");
      assertThat(image.get("stores").asText()).isEqualTo("web");
      assertThat(image.get("checksum").asText()).isEqualTo(hex("MD5", DATA));
      JsonNode locations = server.as(project, "service").get("/v2/images/" + id + "/locations").json();
      assertThat(locations.get(0).get("metadata").get("store").asText()).isEqualTo("web");

      String failing = owner.createImage(FORMATS);
      owner.postJson("/v2/images/" + failing + "/locations", body(remote.url(), "sha512", "beefdead".repeat(16)))
          .assertStatus(202);
      JsonNode failed = awaitTask(owner, failing, "failure");
      assertThat(failed.get("status").asText()).isEqualTo("queued");
      assertThat(failed.get("stores").asText()).isEqualTo("web");
      assertThat(failed.get("os_hash_algo").isNull()).isTrue();
    }
  }
}
