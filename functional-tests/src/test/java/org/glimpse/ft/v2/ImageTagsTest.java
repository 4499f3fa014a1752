package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/** PUT and DELETE /v2/images/{id}/tags/{tag}. */
class ImageTagsTest extends ServerTest {

  private List<String> tags(String id) {
    return ImageCreateTest.texts(a.get("/v2/images/" + id).json().get("tags"));
  }

  @Test
  void addAndRemove() {
    String id = a.createImage("{}");
    Response r = a.put("/v2/images/" + id + "/tags/new").assertStatus(204);
    assertThat(r.bytes()).isEmpty();
    a.put("/v2/images/" + id + "/tags/new").assertStatus(204);
    a.put("/v2/images/" + id + "/tags/hello%20world").assertStatus(204);
    a.put("/v2/images/" + id + "/tags/" + "y".repeat(255)).assertStatus(204);
    assertThat(tags(id)).containsExactlyInAnyOrder("new", "hello world", "y".repeat(255));
    a.delete("/v2/images/" + id + "/tags/new").assertStatus(204);
    a.delete("/v2/images/" + id + "/tags/new").assertError(404, "The resource could not be found.");
    assertThat(tags(id)).containsExactlyInAnyOrder("hello world", "y".repeat(255));
  }

  @Test
  void utf8TagsAreStoredAsSent() {
    // Glance (eventlet) mis-decodes them as Latin-1; Glimpse keeps what the client meant
    String id = a.createImage("{}");
    a.put("/v2/images/" + id + "/tags/%C3%A9t%C3%A9").assertStatus(204);
    assertThat(tags(id)).containsExactly("été");
    assertThat(a.get("/v2/images?tag=%C3%A9t%C3%A9").json().get("images")).hasSize(1);
  }

  @Test
  void tooLongTagsAreRefused() {
    String id = a.createImage("{}");
    a.put("/v2/images/" + id + "/tags/" + "y".repeat(256))
        .assertError(400, "Provided object does not match schema 'image': '" + "y".repeat(256) + "' is too long");
    assertThat(tags(id)).isEmpty();
  }

  @Test
  void theTagQuotaCountsOnlyNewTags() {
    String id = a.createImage("{\"tags\":[" + IntStream.range(0, 128).mapToObj(i -> "\"t" + i + "\"")
        .collect(Collectors.joining(",")) + "]}");
    a.put("/v2/images/" + id + "/tags/one-more").assertError(413, "Image tag limit exceeded for image " + id
        + ": The limit has been exceeded on the number of allowed image tags. Attempted: 129, Maximum: 128:");
    a.put("/v2/images/" + id + "/tags/t5").assertStatus(204);
    assertThat(tags(id)).hasSize(128).doesNotContain("one-more");
  }

  @Test
  void whoMayTag() {
    String priv = a.createImage("{\"visibility\":\"private\"}");
    b.put("/v2/images/" + priv + "/tags/x").assertError(404, "Image " + priv + " not found.");
    b.delete("/v2/images/" + priv + "/tags/x").assertError(404, "Image " + priv + " not found.");
    String unknown = "00000000-0000-0000-0000-000000000000";
    a.put("/v2/images/" + unknown + "/tags/x").assertError(404, "Image " + unknown + " not found.");
    a.delete("/v2/images/" + unknown + "/tags/x").assertError(404, "Image " + unknown + " not found.");
    String pub = admin.createImage("{\"visibility\":\"public\",\"tags\":[\"x\"]}");
    a.put("/v2/images/" + pub + "/tags/mine").assertError(403, "Not allowed to update tags for image " + pub + ".");
    a.delete("/v2/images/" + pub + "/tags/x").assertError(403, "Not allowed to delete tags for image " + pub + ".");
    admin.put("/v2/images/" + priv + "/tags/by-admin").assertStatus(204);
    assertThat(tags(priv)).containsExactly("by-admin");
  }

  @Test
  void aBodyIsNotExpected() {
    String id = a.createImage("{}");
    a.send("PUT", "/v2/images/" + id + "/tags/x", HttpRequest.BodyPublishers.ofString("{}"), "Content-Type", "application/json")
        .assertError(400, "A body is not expected with this request.");
    assertThat(tags(id)).isEmpty();
  }

  @Test
  void tagRoutes() {
    String id = a.createImage("{}");
    a.get("/v2/images/" + id + "/tags").assertError(404, "The resource could not be found.");
    Response r = a.get("/v2/images/" + id + "/tags/a").assertError(405, "The method GET is not allowed for this resource.");
    assertThat(r.header("Allow")).isEqualTo("PUT, DELETE");
  }
}
