package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * delayed_delete through v2: a deleted image with data is gone for v2 at once (404, not listed)
 * while its record is pending_delete and its data stays in the store until the scrubber runs.
 * The class's server keeps pending images for an hour (scrub_time 3600); a second one scrubs
 * every second with no delay.
 */
class DelayedDeleteTest extends ServerTest {
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
  private GlimpseTestServer scrubbing;

  @Override
  protected Map<String, String> overrides() {
    return Map.of("GLIMPSE_DEFAULT__DELAYED_DELETE", "true", "GLIMPSE_DEFAULT__SCRUB_TIME", "3600",
        "GLIMPSE_DEFAULT__WAKEUP_TIME", "1", "GLIMPSE_DEFAULT__USER_STORAGE_QUOTA", "5");
  }

  @BeforeAll
  void startScrubbingServer() {
    scrubbing = GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__DELAYED_DELETE", "true",
        "GLIMPSE_DEFAULT__SCRUB_TIME", "0", "GLIMPSE_DEFAULT__WAKEUP_TIME", "1"));
  }

  @AfterAll
  void stopScrubbingServer() {
    if (scrubbing != null) {
      scrubbing.close();
    }
  }

  /** The status v1 shows an admin, deleted records included. */
  static String v1Status(GlimpseTestServer server, String id) {
    Response r = server.as("projAdmin", "admin").send("HEAD", "/v1/images/" + id, BodyPublishers.noBody());
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.header("x-image-meta-status");
  }

  private static List<String> listed(Client client) {
    List<String> ids = new ArrayList<>();
    client.get("/v2/images?limit=1000").json().get("images").forEach(i -> ids.add(i.get("id").asText()));
    return ids;
  }

  @Test
  void aDeletedImageIsGoneButItsDataStaysPendingDelete() {
    String id = a.createActiveImage(FORMATS, "abc");
    Path data = server.dataFile(id);
    assertThat(data).exists();

    a.delete("/v2/images/" + id).assertStatus(204);

    a.get("/v2/images/" + id).assertError(404, "No image found with ID " + id);
    admin.get("/v2/images/" + id).assertError(404, "No image found with ID " + id);
    a.get("/v2/images/" + id + "/file").assertError(404, "No image found with ID " + id);
    a.delete("/v2/images/" + id).assertError(404, "Failed to find image " + id + " to delete");
    admin.delete("/v2/images/" + id).assertError(404, "Failed to find image " + id + " to delete");
    assertThat(listed(a)).doesNotContain(id);
    assertThat(listed(admin)).doesNotContain(id);
    assertThat(v1Status(server, id)).isEqualTo("pending_delete");
    assertThat(data).exists();
  }

  @Test
  void anImageWithoutDataIsDeletedOutright() {
    String id = a.createImage(FORMATS);
    a.delete("/v2/images/" + id).assertStatus(204);
    assertThat(v1Status(server, id)).isEqualTo("deleted");
  }

  @Test
  void pendingDeleteImagesNoLongerCountTowardsTheStorageQuota() {
    Client c = server.as("projQuota", "member,reader");
    String first = c.createActiveImage(FORMATS, "abc");
    String second = c.createImage(FORMATS);
    c.putData("/v2/images/" + second + "/file", "abc".getBytes()).assertStatus(413);
    c.delete("/v2/images/" + first).assertStatus(204);
    c.putData("/v2/images/" + second + "/file", "abc".getBytes()).assertStatus(204);
  }

  @Test
  void theScrubberRemovesTheDataAndCompletesTheDeletion() throws InterruptedException {
    Client owner = scrubbing.as("projA", "member,reader");
    String id = owner.createActiveImage(FORMATS, "abc");
    Path data = scrubbing.dataFile(id);
    owner.delete("/v2/images/" + id).assertStatus(204);
    awaitScrubbed(scrubbing, id);
    assertThat(data).doesNotExist();
    owner.get("/v2/images/" + id).assertError(404, "No image found with ID " + id);
  }

  @Test
  void withoutDelayedDeleteTheDataGoesAtOnce() {
    try (GlimpseTestServer plain = GlimpseTestServer.start()) {
      Client owner = plain.as("projA", "member,reader");
      String id = owner.createActiveImage(FORMATS, "abc");
      Path data = plain.dataFile(id);
      assertThat(data).exists();
      owner.delete("/v2/images/" + id).assertStatus(204);
      assertThat(data).doesNotExist();
      assertThat(v1Status(plain, id)).isEqualTo("deleted");
    }
  }

  /** Waits (up to 15 s: the scrubber wakes every second) until the image is deleted. */
  static void awaitScrubbed(GlimpseTestServer server, String id) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!v1Status(server, id).equals("deleted") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(v1Status(server, id)).isEqualTo("deleted");
    // the record is completed after its data is removed
    assertThat(Files.exists(server.dataFile(id))).isFalse();
  }
}
