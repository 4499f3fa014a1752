package org.glimpse.ft.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.SwiftService;
import org.glimpse.stores.swift.SwiftImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Multi-store with a file backend ({@code local}, the default) and a Swift one ({@code cheap},
 * options in {@code [cheap]}) against the Swift of scripts/swift-up.sh (/var/tmp/glimpse-swift/env;
 * skipped when absent unless GLIMPSE_REQUIRE_SERVICES=1): data goes to the backend named by
 * X-Image-Meta-Store, comes back, and deleting leaves neither backend holding it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiStoreSwiftTest {
  private static final String CONTAINER = "glimpse-ft-multi";
  private static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  private GlimpseTestServer server;
  private Client owner;
  private Client admin;
  private SwiftImageStore swift;
  private Path local;

  @BeforeAll
  void start() throws IOException {
    SwiftService cheap = SwiftService.require(CONTAINER);
    swift = cheap.store();
    local = Files.createTempDirectory("glimpse-multi-swift-");
    Map<String, String> overrides = new HashMap<>();
    overrides.put("GLIMPSE_DEFAULT__ENABLED_BACKENDS", "local:file,cheap:swift");
    overrides.put("GLIMPSE_GLANCE_STORE__DEFAULT_BACKEND", "local");
    overrides.put("GLIMPSE_LOCAL__FILESYSTEM_STORE_DATADIR", local.toString());
    overrides.putAll(cheap.serverOptions("cheap"));
    server = GlimpseTestServer.start(null, overrides);
    owner = server.as("multi-swift-owner", "member,reader");
    admin = server.as("multi-swift-admin", "admin,member,reader");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void dataGoesToSwiftOrTheFileBackendAsAsked() throws Exception {
    byte[] data = new byte[3 * (1 << 20) + 11];
    new Random(11).nextBytes(data);
    String inSwift = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + inSwift + "/file", data, "X-Image-Meta-Store", "cheap").assertStatus(204);
    String inFile = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + inFile + "/file", "local bytes".getBytes()).assertStatus(204);

    assertThat(owner.get("/v2/images/" + inSwift).json().get("stores").asText()).isEqualTo("cheap");
    assertThat(owner.get("/v2/images/" + inFile).json().get("stores").asText()).isEqualTo("local");
    assertThat(owner.get("/v2/images/" + inSwift + "/file").assertStatus(200).bytes()).isEqualTo(data);
    assertThat(owner.get("/v2/images/" + inFile + "/file").assertStatus(200).body()).isEqualTo("local bytes");
    assertThat(objectsOf(inSwift)).singleElement().satisfies(o -> assertThat(o.temporary()).isFalse());
    assertThat(objectsOf(inFile)).isEmpty();
    try (Stream<Path> files = Files.list(local)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(inFile))
          .noneMatch(n -> n.startsWith(inSwift));
    }

    JsonNode detail = admin.get("/v2/info/stores/detail").assertStatus(200).json().get("stores");
    assertThat(detail.get(1).get("type").asText()).isEqualTo("swift");
    assertThat(detail.get(1).get("properties").get("container").asText()).isEqualTo(CONTAINER);
    assertThat(detail.get(1).get("properties").get("large_object_size").asLong()).isEqualTo(2L << 20);

    owner.delete("/v2/images/" + inSwift).assertStatus(204);
    owner.delete("/v2/images/" + inFile).assertStatus(204);
    assertThat(objectsOf(inSwift)).isEmpty();
    try (Stream<Path> files = Files.list(local)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(inFile));
    }
  }

  private List<StoredObject> objectsOf(String imageId) throws IOException {
    try (Stream<StoredObject> objects = swift.list()) {
      return objects.filter(o -> imageId.equals(o.imageId())).toList();
    }
  }
}
