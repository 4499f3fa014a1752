package org.glimpse.ft.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * glance-download without Keystone (noauth): the method stays listed when enabled, as
 * enabled_import_methods says, but an import is refused up front, naming why, and the image is
 * left as it was; its own request checks still come first.
 */
class GlanceDownloadNoAuthTest extends ServerTest {
  private static final String REMOTE = "36d4b546-64a2-4bb9-bdd0-ba676aa48f2c";

  @Override
  protected Map<String, String> overrides() {
    return Map.of("GLIMPSE_DEFAULT__ENABLED_IMPORT_METHODS", "glance-direct,glance-download");
  }

  @Test
  void theMethodIsListedButAnImportIsRefusedForWantOfAKeystoneToken() {
    assertThat(a.get("/v2/info/import").json().at("/import-methods/value").toString())
        .isEqualTo("[\"glance-direct\",\"glance-download\"]");
    String id = a.createImage("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
    a.postJson("/v2/images/" + id + "/import", "{\"method\": {\"name\": \"glance-download\","
        + " \"glance_image_id\": \"" + REMOTE + "\", \"glance_region\": \"RegionOne\"}}")
        .assertError(400, "with the caller's Keystone token");
    a.postJson("/v2/images/" + id + "/import", "{\"method\": {\"name\": \"glance-download\","
        + " \"glance_image_id\": \"foo\", \"glance_region\": \"RegionOne\"}}")
        .assertError(400, "Remote image id does not look like a UUID: foo");
    assertThat(a.get("/v2/images/" + id).json().path("status").asText()).isEqualTo("queued");
    assertThat(a.get("/v2/images/" + id + "/tasks").json().path("tasks")).isEmpty();
  }

  @Test
  void anImageThatIsNotQueuedIsAConflictFirst() {
    String active = a.createActiveImage("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}", "data");
    a.postJson("/v2/images/" + active + "/import", "{\"method\": {\"name\": \"glance-download\","
        + " \"glance_image_id\": \"foo\", \"glance_region\": \"RegionOne\"}}")
        .assertError(409, "Image with status active cannot be target for import");
  }
}
