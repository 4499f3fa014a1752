package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/** DELETE /v2/images/{id} and POST /v2/images/{id}/actions/deactivate|reactivate. */
class ImageLifecycleTest extends ServerTest {
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  private String deactivate(String id) {
    return "/v2/images/" + id + "/actions/deactivate";
  }

  private String reactivate(String id) {
    return "/v2/images/" + id + "/actions/reactivate";
  }

  @Test
  void deleteThenEverythingIsNotFound() {
    String id = a.createImage("{}");
    Response r = a.delete("/v2/images/" + id).assertStatus(204);
    assertThat(r.bytes()).isEmpty();
    assertThat(r.header("x-openstack-request-id")).startsWith("req-");
    a.delete("/v2/images/" + id).assertError(404, "Failed to find image " + id + " to delete");
    a.get("/v2/images/" + id).assertError(404, "No image found with ID " + id);
    admin.get("/v2/images/" + id).assertError(404, "No image found with ID " + id);
    a.patch("/v2/images/" + id, "[]").assertError(404, "No image found with ID " + id);
    a.get("/v2/images/" + id + "/file").assertError(404, "No image found with ID " + id);
    a.put("/v2/images/" + id + "/tags/x").assertError(404, "Image " + id + " not found.");
    a.post(deactivate(id)).assertError(404, "No image found with ID " + id);
    assertThat(a.get("/v2/images?id=" + id).json().get("images")).isEmpty();
  }

  @Test
  void protectedImagesStay() {
    String id = a.createImage("{\"protected\":true}");
    a.delete("/v2/images/" + id).assertError(403, "Image " + id + " is protected and cannot be deleted.");
    admin.delete("/v2/images/" + id).assertError(403, "Image " + id + " is protected and cannot be deleted.");
    a.get("/v2/images/" + id).assertStatus(200);
    a.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/protected\",\"value\":false}]").assertStatus(200);
    a.delete("/v2/images/" + id).assertStatus(204);
  }

  @Test
  void whoMayDelete() {
    String priv = a.createImage("{\"visibility\":\"private\"}");
    b.delete("/v2/images/" + priv).assertError(404, "Failed to find image " + priv + " to delete");
    String pub = admin.createImage("{\"visibility\":\"public\"}");
    a.delete("/v2/images/" + pub).assertError(403, "You do not own this image");
    String shared = a.createImage("{}");
    a.postJson("/v2/images/" + shared + "/members", "{\"member\":\"projB\"}").assertStatus(200);
    b.delete("/v2/images/" + shared).assertError(403, "You do not own this image");
    a.delete("/v2/images/not-a-uuid").assertError(404, "Failed to find image not-a-uuid to delete");
    admin.delete("/v2/images/" + priv).assertStatus(204);
    a.delete("/v2/images/" + shared).assertStatus(204);
  }

  @Test
  void onlyActiveImagesCanBeDeactivated() {
    String queued = a.createImage(FORMATS);
    a.post(deactivate(queued)).assertError(403, "Not allowed to deactivate image in status 'queued'");
    a.post(reactivate(queued)).assertError(403, "Not allowed to reactivate image in status 'queued'");
    admin.post(deactivate(queued)).assertError(403, "Not allowed to deactivate image in status 'queued'");
    assertThat(a.get("/v2/images/" + queued).json().get("status").asText()).isEqualTo("queued");
  }

  @Test
  void theOwnerDeactivatesAndReactivates() {
    String id = a.createActiveImage(FORMATS, "0123456789");
    Response r = a.post(deactivate(id)).assertStatus(204);
    assertThat(r.bytes()).isEmpty();
    JsonNode image = a.get("/v2/images/" + id).json();
    assertThat(image.get("status").asText()).isEqualTo("deactivated");
    assertThat(image.get("size").asInt()).isEqualTo(10);
    assertThat(image.get("checksum").isNull()).isFalse();
    admin.post(deactivate(id)).assertStatus(204);
    a.post(deactivate(id)).assertStatus(204);
    a.post(reactivate(id)).assertStatus(204);
    assertThat(a.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("active");
    admin.post(reactivate(id)).assertStatus(204);
    admin.post(deactivate(id)).assertStatus(204);
    admin.post(reactivate(id)).assertStatus(204);
    assertThat(a.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("active");
    a.post(deactivate(id)).assertStatus(204);
    a.delete("/v2/images/" + id).assertStatus(204);
  }

  @Test
  void othersMayNotDeactivate() {
    String pub = admin.createActiveImage("{\"visibility\":\"public\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}", "x");
    a.post(deactivate(pub)).assertError(403, "You do not own this image");
    a.post(reactivate(pub)).assertError(403, "You do not own this image");
    String priv = a.createActiveImage("{\"visibility\":\"private\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}", "x");
    b.post(deactivate(priv)).assertError(404, "No image found with ID " + priv);
    String shared = a.createImage(FORMATS);
    a.postJson("/v2/images/" + shared + "/members", "{\"member\":\"projB\"}").assertStatus(200);
    // ownership is checked before the status
    b.post(deactivate(shared)).assertError(403, "You do not own this image");
    a.post(deactivate("00000000-0000-0000-0000-000000000000"))
        .assertError(404, "No image found with ID 00000000-0000-0000-0000-000000000000");
  }

  @Test
  void actionRoutes() {
    String id = a.createImage("{}");
    Response r = a.get(deactivate(id)).assertError(405, "The method GET is not allowed for this resource.");
    assertThat(r.header("Allow")).isEqualTo("POST");
    a.post("/v2/images/" + id + "/actions/bogus").assertError(404, "The resource could not be found.");
  }
}
