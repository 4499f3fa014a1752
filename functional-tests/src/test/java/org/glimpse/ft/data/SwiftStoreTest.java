package org.glimpse.ft.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.SwiftService;
import org.glimpse.stores.swift.SwiftImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Glimpse with {@code default_store = swift} against the Swift of scripts/swift-up.sh (described
 * by /var/tmp/glimpse-swift/env; skipped when it is absent unless GLIMPSE_REQUIRE_SERVICES=1):
 * image data goes to Swift in segments (1 MiB, above 2 MiB), comes back whole and in ranges
 * through v2 and v1, and deleting the image removes its objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwiftStoreTest {
  private static final String CONTAINER = "glimpse-ft";
  private static final int SIZE = 5 * (1 << 20) + 77;
  private static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  private final Map<String, String> overrides = new HashMap<>();
  private GlimpseTestServer server;
  private Client owner;
  private SwiftImageStore swift;
  private final byte[] data = new byte[SIZE];

  @BeforeAll
  void start() throws IOException {
    swift = SwiftService.require(CONTAINER).store();
    new Random(7).nextBytes(data);
    overrides.put("GLIMPSE_GLANCE_STORE__DEFAULT_STORE", "swift");
    overrides.put("GLIMPSE_GLANCE_STORE__STORES", "file,swift");
    overrides.putAll(SwiftService.require(CONTAINER).serverOptions("glance_store"));
    server = GlimpseTestServer.start(null, overrides);
    owner = server.as("swift-owner", "member,reader");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void imageDataLivesInSwiftAndComesBackWholeAndInRanges() throws Exception {
    String id = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + id + "/file", data).assertStatus(204);
    assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("active");

    Response whole = owner.get("/v2/images/" + id + "/file").assertStatus(200);
    assertThat(Arrays.equals(whole.bytes(), data)).isTrue();
    int first = (2 << 20) - 3;
    int last = (3 << 20) + 5;
    Response range = owner.get("/v2/images/" + id + "/file", "Range", "bytes=" + first + "-" + last).assertStatus(206);
    assertThat(Arrays.equals(range.bytes(), Arrays.copyOfRange(data, first, last + 1))).isTrue();
    assertThat(Arrays.equals(owner.get("/v1/images/" + id).assertStatus(200).bytes(), data)).isTrue();

    List<StoredObject> objects = objectsOf(id);
    assertThat(objects).singleElement().satisfies(o -> {
      assertThat(o.temporary()).isFalse();
      assertThat(o.location()).startsWith("swift+config://ref1/" + CONTAINER + "/" + id + "~");
    });
    assertThat(swift.open(objects.get(0).location(), 0, -1).readAllBytes()).isEqualTo(data);

    owner.delete("/v2/images/" + id).assertStatus(204);
    assertThat(objectsOf(id)).isEmpty();
  }

  @Test
  void aSmallImageIsOneObject() throws Exception {
    String id = owner.createImage(FORMATS);
    owner.putData("/v2/images/" + id + "/file", "small".getBytes()).assertStatus(204);
    assertThat(owner.get("/v2/images/" + id + "/file").assertStatus(200).body()).isEqualTo("small");
    assertThat(objectsOf(id)).hasSize(1);
    owner.delete("/v2/images/" + id).assertStatus(204);
    assertThat(objectsOf(id)).isEmpty();
  }

  @Test
  void anUnreachableSwiftIsA503AndTheImageStaysQueued() {
    Map<String, String> down = new HashMap<>(overrides);
    down.put("GLIMPSE_GLANCE_STORE__SWIFT_STORE_ENDPOINT", "http://127.0.0.1:9/v1/AUTH_nowhere");
    try (GlimpseTestServer broken = GlimpseTestServer.start(null, down)) {
      Client client = broken.as("swift-owner", "member,reader");
      String id = client.createImage(FORMATS);
      Response upload = client.putData("/v2/images/" + id + "/file", data).assertStatus(503);
      assertThat(upload.body()).contains("Swift");
      assertThat(client.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    }
  }

  private List<StoredObject> objectsOf(String imageId) throws IOException {
    try (Stream<StoredObject> objects = swift.list()) {
      return objects.filter(o -> imageId.equals(o.imageId())).toList();
    }
  }
}
