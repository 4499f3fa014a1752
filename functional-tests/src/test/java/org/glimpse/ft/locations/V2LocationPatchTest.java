package org.glimpse.ft.locations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON-patch of {@code /locations} with {@code show_multiple_locations} and
 * {@code show_image_direct_url} on and the http store beside the file store, against a web
 * server of the test's own (allowed by host and port); and the same calls on a server with the
 * defaults, where locations are invisible and cannot be changed.
 */
class V2LocationPatchTest {
  static final byte[] DATA = "remote image data".getBytes(StandardCharsets.US_ASCII);
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  static RemoteData remote;
  static GlimpseTestServer shown;
  static GlimpseTestServer hidden;

  @BeforeAll
  static void start() throws IOException {
    remote = new RemoteData(DATA);
    shown = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__SHOW_MULTIPLE_LOCATIONS", "true",
        "GLIMPSE_DEFAULT__SHOW_IMAGE_DIRECT_URL", "true",
        "GLIMPSE_GLANCE_STORE__STORES", "file,http",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", Integer.toString(remote.port())));
    hidden = GlimpseTestServer.start(null, Map.of("GLIMPSE_GLANCE_STORE__STORES", "file,http"));
  }

  @AfterAll
  static void stop() {
    shown.close();
    hidden.close();
    remote.close();
  }

  private static Client caller(GlimpseTestServer server) {
    return server.as("p-" + UUID.randomUUID().toString().substring(0, 8), "member,reader");
  }

  private static String add(String position, String url, String extra) {
    return "[{\"op\":\"add\",\"path\":\"/locations/" + position + "\",\"value\":{\"url\":\"" + url
        + "\",\"metadata\":{}" + extra + "}}]";
  }

  private static String hex(String algorithm) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(DATA));
  }

  @Test
  void aQueuedImageWithALocationAddedIsActiveWithTheRemoteSize() {
    Client c = caller(shown);
    String id = c.createImage(FORMATS);
    JsonNode queued = c.get("/v2/images/" + id).json();
    assertThat(queued.get("locations")).isEmpty();
    assertThat(queued.has("direct_url")).isFalse();
    Response r = c.patch("/v2/images/" + id, add("-", remote.url(), ""));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode image = r.json();
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isEqualTo(DATA.length);
    assertThat(image.get("locations")).hasSize(1);
    assertThat(image.get("locations").get(0).get("url").asText()).isEqualTo(remote.url());
    assertThat(image.get("locations").get(0).get("metadata")).isEmpty();
    assertThat(image.get("direct_url").asText()).isEqualTo(remote.url());
    assertThat(c.get("/v2/images/" + id + "/file").bytes()).isEqualTo(DATA);
  }

  @Test
  void validationDataSetsTheHashesOfAQueuedImage() throws Exception {
    Client c = caller(shown);
    String id = c.createImage(FORMATS);
    Response r = c.patch("/v2/images/" + id, add("0", remote.url(), ",\"validation_data\":{\"checksum\":\""
        + hex("MD5") + "\",\"os_hash_algo\":\"sha512\",\"os_hash_value\":\"" + hex("SHA-512") + "\"}"));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().get("checksum").asText()).isEqualTo(hex("MD5"));
    assertThat(r.json().get("os_hash_algo").asText()).isEqualTo("sha512");
    assertThat(r.json().get("os_hash_value").asText()).isEqualTo(hex("SHA-512"));
  }

  @Test
  void badValidationDataIsAConflictAndChangesNothing() throws Exception {
    Client c = caller(shown);
    String id = c.createImage(FORMATS);
    String sha = hex("SHA-512");
    Map<String, String> cases = Map.of(
        ",\"validation_data\":{\"os_hash_algo\":\"sha256\",\"os_hash_value\":\"" + hex("SHA-256") + "\"}",
        "os_hash_algo must be sha512, not sha256",
        ",\"validation_data\":{\"os_hash_algo\":\"sha512\",\"os_hash_value\":\"abc\"}",
        "os_hash_value (abc) is not a valid hexadecimal value",
        ",\"validation_data\":{\"os_hash_algo\":\"sha512\",\"os_hash_value\":\"abcd\"}",
        "is not the correct size for sha512",
        ",\"validation_data\":{\"checksum\":\"" + "z".repeat(32) + "\",\"os_hash_algo\":\"sha512\",\"os_hash_value\":\""
            + sha + "\"}", "is not a valid hexadecimal value");
    cases.forEach((extra, message) -> {
      Response r = c.patch("/v2/images/" + id, add("-", remote.url(), extra));
      assertThat(r.status()).as("%s", r).isEqualTo(409);
      assertThat(r.body()).contains(message);
    });
    Response missing = c.patch("/v2/images/" + id, add("-", remote.url(), ",\"validation_data\":{\"checksum\":\""
        + hex("MD5") + "\"}"));
    assertThat(missing.status()).as("%s", missing).isEqualTo(400);
    assertThat(c.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
  }

  @Test
  void anActiveImageTakesASecondLocationButNoNewHashes() {
    Client c = caller(shown);
    String id = c.createImage(FORMATS);
    c.patch("/v2/images/" + id, add("-", remote.url(), "")).assertStatus(200);
    Response again = c.patch("/v2/images/" + id, add("-", remote.url(), ""));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).contains("already exists");
    Response second = c.patch("/v2/images/" + id, add("-", remote.url() + "?copy=2", ""));
    assertThat(second.status()).as("%s", second).isEqualTo(200);
    assertThat(second.json().get("locations")).hasSize(2);
    assertThat(second.json().get("locations").get(1).get("url").asText()).isEqualTo(remote.url() + "?copy=2");
    assertThat(second.json().get("direct_url").asText()).isEqualTo(remote.url());
    Response hashes = c.patch("/v2/images/" + id, add("-", remote.url() + "?copy=3",
        ",\"validation_data\":{\"os_hash_algo\":\"sha512\",\"os_hash_value\":\"" + "ab".repeat(64) + "\"}"));
    assertThat(hashes.status()).isEqualTo(409);
    assertThat(hashes.body()).contains("may only be provided when image status is 'queued'");
  }

  @Test
  void theLastLocationCannotBeRemovedAndAQueuedImageHasNoneToRemove() {
    Client c = caller(shown);
    String id = c.createImage(FORMATS);
    Response queued = c.patch("/v2/images/" + id, "[{\"op\":\"remove\",\"path\":\"/locations/0\"}]");
    assertThat(queued.status()).isEqualTo(409);
    assertThat(queued.body()).contains("It's not allowed to remove locations if image status is queued.");
    c.patch("/v2/images/" + id, add("-", remote.url(), "")).assertStatus(200);
    Response last = c.patch("/v2/images/" + id, "[{\"op\":\"remove\",\"path\":\"/locations/0\"}]");
    assertThat(last.status()).isEqualTo(403);
    assertThat(last.body()).contains("Cannot remove last location in the image.");
  }

  @Test
  void replacingTheListWorksAsAddingForAQueuedImage() {
    Client c = caller(shown);
    String id = c.createImage(FORMATS);
    Response empty = c.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":[]}]");
    assertThat(empty.status()).isEqualTo(403);
    String list = "[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":[{\"url\":\"" + remote.url()
        + "\",\"metadata\":{}}]}]";
    Response r = c.patch("/v2/images/" + id, list);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("active");
    assertThat(c.patch("/v2/images/" + id, list).status()).isEqualTo(200);
    Response meta = c.patch("/v2/images/" + c.createImage(FORMATS), "[{\"op\":\"replace\",\"path\":\"/locations\","
        + "\"value\":[{\"url\":\"" + remote.url() + "\",\"metadata\":{\"store\":\"web\"}}]}]");
    assertThat(meta.status()).as("%s", meta).isEqualTo(200);
    assertThat(meta.json().get("locations").get(0).get("metadata").get("store").asText()).isEqualTo("web");
  }

  /** What tempest's ImageLocationsTest does: several locations, metadata kept, replaced, removed. */
  @Test
  void severalLocationsAreKeptInOrderWithTheirMetadata() {
    Client c = caller(shown);
    String id = c.createImage(FORMATS);
    c.patch("/v2/images/" + id, "[{\"op\":\"add\",\"path\":\"/locations/-\",\"value\":{\"url\":\""
        + remote.url() + "\",\"metadata\":{\"foo\":\"bar\"}}}]").assertStatus(200);
    c.patch("/v2/images/" + id, "[{\"op\":\"add\",\"path\":\"/locations/-\",\"value\":{\"url\":\""
        + remote.url() + "#new\",\"metadata\":{\"speed\":\"88mph\",\"n\":[1,{\"x\":null}]}}}]").assertStatus(200);
    JsonNode image = c.get("/v2/images/" + id).json();
    assertThat(image.get("locations")).hasSize(2);
    assertThat(image.get("locations").get(0).get("metadata").get("foo").asText()).isEqualTo("bar");
    assertThat(image.get("locations").get(1).get("url").asText()).isEqualTo(remote.url() + "#new");
    assertThat(image.get("locations").get(1).get("metadata").toString())
        .isEqualTo("{\"speed\":\"88mph\",\"n\":[1,{\"x\":null}]}");
    String first = "{\"url\":\"" + remote.url() + "\",\"metadata\":{\"foo\":\"bar\",\"date\":\"2015-10-15\"}}";
    String second = image.get("locations").get(1).toString();

    String same = "[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":" + image.get("locations") + "}]";
    c.patch("/v2/images/" + id, same).assertStatus(200);
    String relabelled = "[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":[" + first + "," + second + "]}]";
    c.patch("/v2/images/" + id, relabelled).assertStatus(200);
    Response fewer = c.patch("/v2/images/" + id,
        "[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":[" + first + "]}]");
    assertThat(fewer.status()).as("%s", fewer).isEqualTo(400);
    Response other = c.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":["
        + first + ",{\"url\":\"" + remote.url() + "#new3\",\"metadata\":{}}]}]");
    assertThat(other.status()).as("%s", other).isEqualTo(400);
    JsonNode kept = c.get("/v2/images/" + id).json().get("locations");
    assertThat(kept).hasSize(2);
    assertThat(kept.get(0).get("metadata").get("date").asText()).isEqualTo("2015-10-15");
    assertThat(kept.get(1).toString()).isEqualTo(second);

    Response badPosition = c.patch("/v2/images/" + id, "[{\"op\":\"remove\",\"path\":\"/locations/2\"}]");
    assertThat(badPosition.status()).as("%s", badPosition).isEqualTo(400);
    Response removed = c.patch("/v2/images/" + id, "[{\"op\":\"remove\",\"path\":\"/locations/0\"}]");
    assertThat(removed.status()).as("%s", removed).isEqualTo(200);
    assertThat(removed.json().get("locations")).hasSize(1);
    assertThat(removed.json().get("direct_url").asText()).isEqualTo(remote.url() + "#new");
    assertThat(c.get("/v2/images/" + id + "/file").bytes()).isEqualTo(DATA);
    Response last = c.patch("/v2/images/" + id, "[{\"op\":\"remove\",\"path\":\"/locations/0\"}]");
    assertThat(last.status()).isEqualTo(403);
  }

  @Test
  void badPositionsUrlsAndStatusesAreRefused() {
    Client c = caller(shown);
    String id = c.createImage(FORMATS);
    Map<String, Integer> refused = Map.of(
        add("5", remote.url(), ""), 400,
        add("x", remote.url(), ""), 400,
        add("-", "http://10.1.2.3/image", ""), 400,
        add("-", "http://169.254.169.254/latest", ""), 400,
        add("-", "http://[::1]:" + remote.port() + "/image", ""), 400,
        add("-", "file:///etc/passwd", ""), 400,
        add("-", remote.base() + "/missing", ""), 404);
    refused.forEach((patch, status) -> {
      Response r = c.patch("/v2/images/" + id, patch);
      assertThat(r.status()).as(patch + ": %s", r).isEqualTo(status);
    });
    assertThat(c.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    c.patch("/v2/images/" + id, add("-", remote.url(), "")).assertStatus(200);
    Client admin = shown.as("admin-" + UUID.randomUUID().toString().substring(0, 8), "admin,member,reader");
    admin.post("/v2/images/" + id + "/actions/deactivate").assertStatus(204);
    Response deactivated = c.patch("/v2/images/" + id, add("-", remote.url() + "?2", ""));
    assertThat(deactivated.status()).isEqualTo(409);
    assertThat(deactivated.body()).contains("It's not allowed to add locations if image status is deactivated.");
  }

  @Test
  void withLocationsHiddenNothingIsShownOrChanged() {
    Client c = caller(hidden);
    String id = c.createImage(FORMATS);
    JsonNode image = c.get("/v2/images/" + id).json();
    assertThat(image.has("locations")).isFalse();
    assertThat(image.has("direct_url")).isFalse();
    Response r = c.patch("/v2/images/" + id, add("-", remote.url(), ""));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("It's not allowed to add locations if locations are invisible.");
  }

  @Test
  void aMemberOfTheImageCannotChangeItsLocations() {
    Client owner = caller(shown);
    String memberProject = "m-" + UUID.randomUUID().toString().substring(0, 8);
    Client member = shown.as(memberProject, "member,reader");
    String id = owner.createImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\",\"visibility\":\"shared\"}");
    owner.postJson("/v2/images/" + id + "/members", "{\"member\":\"" + memberProject + "\"}").assertStatus(200);
    assertThat(member.get("/v2/images/" + id).status()).isEqualTo(200);
    int before = remote.heads.get();
    Response r = member.patch("/v2/images/" + id, add("-", remote.url(), ""));
    assertThat(r.status()).as("%s", r).isEqualTo(403);
    assertThat(remote.heads.get()).isEqualTo(before);
    assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
  }
}
