package org.glimpse.ft.locations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An image with data in a file backend and a second location on the web (an http backend), with
 * {@code show_multiple_locations}: both are shown with their stores, and {@code DELETE
 * /v2/stores/{store}/{image}} removes one location but never the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiStoreLocationsTest {
  private static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
  private static final byte[] DATA = "web copy".getBytes(StandardCharsets.US_ASCII);

  private RemoteData remote;
  private GlimpseTestServer server;
  private Client owner;
  private Client admin;

  @BeforeAll
  void start() throws IOException {
    remote = new RemoteData(DATA);
    Path fast = Files.createTempDirectory("glimpse-mloc-");
    server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__ENABLED_BACKENDS", "fast:file, web:http",
        "GLIMPSE_GLANCE_STORE__DEFAULT_BACKEND", "fast",
        "GLIMPSE_FAST__FILESYSTEM_STORE_DATADIR", fast.toString(),
        "GLIMPSE_DEFAULT__SHOW_MULTIPLE_LOCATIONS", "true",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", Integer.toString(remote.port())));
    owner = server.as("mloc-owner", "member,reader");
    admin = server.as("mloc-admin", "admin,member,reader");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (remote != null) {
      remote.close();
    }
  }

  @Test
  void aStoresLocationIsRemovedButNeverTheLastOne() {
    String id = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + id + "/file", "file copy".getBytes(StandardCharsets.UTF_8)).assertStatus(204);
    owner.patch("/v2/images/" + id, "[{\"op\":\"add\",\"path\":\"/locations/-\",\"value\":{\"url\":\""
        + remote.url() + "\",\"metadata\":{}}}]").assertStatus(200);
    JsonNode image = owner.get("/v2/images/" + id).json();
    assertThat(image.get("locations")).hasSize(2);
    assertThat(image.get("stores").asText()).isEqualTo("fast,web");

    admin.delete("/v2/stores/web/" + id).assertStatus(204);
    JsonNode after = owner.get("/v2/images/" + id).json();
    assertThat(after.get("locations")).hasSize(1);
    assertThat(after.get("stores").asText()).isEqualTo("fast");
    admin.delete("/v2/stores/web/" + id)
        .assertError(403, "Cannot delete image data from the only store containing it.");
    assertThat(owner.get("/v2/images/" + id + "/file").body()).isEqualTo("file copy");
  }
}
