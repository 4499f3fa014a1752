package org.glimpse.ft.locations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * v1's {@code x-image-meta-location} with the http store enabled: an image whose data stays on a
 * web server started here. {@code open} may reach that server (127.0.0.1 and its port allowed
 * in {@code [import_filtering_opts]}); {@code strict} has the default filtering rules, under which
 * no location may point inside.
 */
class V1LocationTest {
  static final byte[] DATA = "hello world".getBytes(StandardCharsets.US_ASCII);

  static RemoteData remote;
  static String base;
  static GlimpseTestServer open;
  static GlimpseTestServer strict;

  @BeforeAll
  static void start() throws IOException {
    remote = new RemoteData(DATA);
    base = remote.base();
    open = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_GLANCE_STORE__STORES", "file,http",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", Integer.toString(remote.port())));
    strict = GlimpseTestServer.start(null, Map.of("GLIMPSE_GLANCE_STORE__STORES", "file,http",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", "80,443," + remote.port()));
  }

  @AfterAll
  static void stop() {
    open.close();
    strict.close();
    remote.close();
  }

  private static Client caller(GlimpseTestServer server) {
    return server.as("p-" + UUID.randomUUID().toString().substring(0, 8), "member,reader");
  }

  private static Response create(Client c, String... headers) {
    String[] all = new String[headers.length + 4];
    all[0] = "x-image-meta-disk_format";
    all[1] = "raw";
    all[2] = "x-image-meta-container_format";
    all[3] = "bare";
    System.arraycopy(headers, 0, all, 4, headers.length);
    return c.send("POST", "/v1/images", HttpRequest.BodyPublishers.noBody(), all);
  }

  @Test
  void anImageAtALocationIsActiveWithTheRemoteSizeAndServesItsData() {
    Client c = caller(open);
    int before = remote.heads.get();
    Response r = create(c, "x-image-meta-location", base + "/image");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    JsonNode image = r.json().get("image");
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isEqualTo(DATA.length);
    assertThat(remote.heads.get()).isEqualTo(before + 1);
    String id = image.get("id").asText();
    Response data = c.get("/v1/images/" + id);
    assertThat(data.status()).isEqualTo(200);
    assertThat(data.bytes()).isEqualTo(DATA);
    assertThat(data.header("x-image-meta-location")).isNull();
    // v2 reads a range of it through the http store
    Response part = c.get("/v2/images/" + id + "/file", "Range", "bytes=6-10");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body()).isEqualTo("world");
    assertThat(open.storeFiles().stream().filter(f -> f.contains(id))).isEmpty();
  }

  @Test
  void aStatedSizeIsTakenWithoutAskingTheRemote() {
    int before = remote.heads.get();
    Response r = create(caller(open), "x-image-meta-location", base + "/image", "x-image-meta-size", "11");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(r.json().get("image").get("size").asLong()).isEqualTo(11);
    assertThat(remote.heads.get()).isEqualTo(before);
  }

  @Test
  void missingRemoteDataIsNotFoundAndCreatesNothing() {
    Client c = caller(open);
    Response r = create(c, "x-image-meta-location", base + "/nothing-here");
    assertThat(r.status()).as("%s", r).isEqualTo(404);
    assertThat(c.get("/v1/images/detail").json().get("images")).isEmpty();
  }

  @Test
  void aQueuedImageGetsItsLocationByPutOnce() {
    Client c = caller(open);
    Response reserved = create(c);
    String id = reserved.json().get("image").get("id").asText();
    Response put = c.send("PUT", "/v1/images/" + id, HttpRequest.BodyPublishers.noBody(),
        "x-image-meta-location", base + "/image");
    assertThat(put.status()).as("%s", put).isEqualTo(200);
    assertThat(put.json().get("image").get("status").asText()).isEqualTo("active");
    assertThat(put.json().get("image").get("size").asLong()).isEqualTo(DATA.length);
    assertThat(c.get("/v1/images/" + id).bytes()).isEqualTo(DATA);
    Response again = c.send("PUT", "/v1/images/" + id, HttpRequest.BodyPublishers.noBody(),
        "x-image-meta-location", base + "/image");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).contains("Attempted to update Location field for an image not in queued status.");
  }

  @Test
  void deletingTheImageLeavesTheRemoteDataAlone() {
    Client c = caller(open);
    String id = create(c, "x-image-meta-location", base + "/image").json().get("image").get("id").asText();
    assertThat(c.delete("/v1/images/" + id).status()).isEqualTo(200);
    assertThat(c.get("/v1/images/" + id).status()).isEqualTo(404);
    String again = create(c, "x-image-meta-location", base + "/image").json().get("image").get("id").asText();
    assertThat(c.get("/v1/images/" + again).bytes()).isEqualTo(DATA);
  }

  @Test
  void theDefaultStoresOwnLocationsCannotBeGiven() {
    Client c = caller(open);
    Response r = create(c, "x-image-meta-location", "file://" + open.imageDir().resolve("whatever"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("External sources are not supported");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:%d/image", "http://10.1.2.3/image", "http://169.254.169.254/latest",
      "http://[::1]:%d/image", "http://192.168.1.1/image", "http://[::ffff:127.0.0.1]:%d/image", "http://0.0.0.0/image"})
  void internalAddressesAreRefusedUpFront(String template) {
    Client c = caller(strict);
    int before = remote.heads.get();
    Response r = create(c, "x-image-meta-location", template.formatted(remote.port()));
    assertThat(r.status()).as("%s", r).isEqualTo(400);
    assertThat(r.body()).contains("does not pass filtering");
    assertThat(remote.heads.get()).isEqualTo(before);
    assertThat(c.get("/v1/images/detail").json().get("images")).isEmpty();
  }

  @Test
  void aNameResolvingInsideIsRefusedWhenResolved() {
    Client c = caller(strict);
    for (String uri : List.of("http://localhost:%d/image")) {
      Response r = create(c, "x-image-meta-location", uri.formatted(remote.port()));
      assertThat(r.status()).as("%s", r).isEqualTo(400);
      assertThat(r.body()).contains("loopback");
    }
    assertThat(c.get("/v1/images/detail").json().get("images")).isEmpty();
  }

  private static JsonNode awaitSettled(Client c, String id) throws InterruptedException {
    JsonNode image = null;
    for (int i = 0; i < 400; i++) {
      image = c.send("HEAD", "/v1/images/" + id, HttpRequest.BodyPublishers.noBody()).status() == 200
          ? c.get("/v1/images/detail?changes-since=2000-01-01").json().get("images") : null;
      if (image != null) {
        for (JsonNode one : image) {
          if (one.get("id").asText().equals(id) && !one.get("status").asText().equals("queued")
              && !one.get("status").asText().equals("saving")) {
            return one;
          }
        }
      }
      Thread.sleep(25);
    }
    throw new AssertionError("image " + id + " did not settle: " + image);
  }

  @Test
  void copyFromAnswersQueuedAndCopiesIntoTheDefaultStore() throws Exception {
    Client c = caller(open);
    Response r = create(c, "x-glance-api-copy-from", base + "/image");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    JsonNode image = r.json().get("image");
    assertThat(image.get("status").asText()).isIn("queued", "saving", "active");
    assertThat(image.get("size").asLong()).isEqualTo(DATA.length);
    String id = image.get("id").asText();
    JsonNode settled = awaitSettled(c, id);
    assertThat(settled.get("status").asText()).isEqualTo("active");
    assertThat(settled.get("checksum").asText()).isEqualTo(
        java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(DATA)));
    assertThat(open.dataFile(id)).exists();
    assertThat(c.get("/v1/images/" + id).bytes()).isEqualTo(DATA);
  }

  @Test
  void aCopyOfTheWrongSizeEndsKilled() throws Exception {
    Client c = caller(open);
    Response r = create(c, "x-glance-api-copy-from", base + "/image", "x-image-meta-size", "5");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    String id = r.json().get("image").get("id").asText();
    assertThat(awaitSettled(c, id).get("status").asText()).isEqualTo("killed");
    assertThat(open.dataFile(id)).doesNotExist();
  }

  @Test
  void aQueuedImageIsCopiedIntoByPut() throws Exception {
    Client c = caller(open);
    String id = create(c).json().get("image").get("id").asText();
    Response put = c.send("PUT", "/v1/images/" + id, HttpRequest.BodyPublishers.noBody(),
        "x-glance-api-copy-from", base + "/image");
    assertThat(put.status()).as("%s", put).isEqualTo(200);
    assertThat(awaitSettled(c, id).get("status").asText()).isEqualTo("active");
    assertThat(c.get("/v1/images/" + id).bytes()).isEqualTo(DATA);
  }

  @Test
  void copyFromIsRefusedUpFrontWhereALocationWouldBe() {
    Client c = caller(open);
    assertThat(create(c, "x-glance-api-copy-from", base + "/nothing-here").status()).isEqualTo(404);
    Client s = caller(strict);
    Response internal = create(s, "x-glance-api-copy-from", "http://10.0.0.1/image");
    assertThat(internal.status()).isEqualTo(400);
    assertThat(internal.body()).contains("does not pass filtering");
    Response file = create(c, "x-glance-api-copy-from", "file:///etc/passwd");
    assertThat(file.status()).isEqualTo(400);
    assertThat(c.get("/v1/images/detail").json().get("images")).isEmpty();
    assertThat(s.get("/v1/images/detail").json().get("images")).isEmpty();
  }
}
