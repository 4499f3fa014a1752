package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/** Calls that take no body refuse one (400) before doing anything, as Glance's body_reject routes. */
class BodyRejectTest extends ServerTest {
  private static final String MESSAGE = "A body is not expected with this request.";

  private static Response withBody(Client client, String method, String path) {
    return client.send(method, path, HttpRequest.BodyPublishers.ofString("{\"a\": 1}"),
        "Content-Type", "application/json");
  }

  @Test
  void imageCallsWithABodyChangeNothing() {
    String id = a.createActiveImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\",\"tags\":[\"t\"],\"visibility\":\"shared\"}", "some bytes");
    a.postJson("/v2/images/" + id + "/members", "{\"member\":\"" + "projB" + "\"}").assertStatus(200);
    String image = "/v2/images/" + id;
    String member = image + "/members/" + "projB";
    List<String[]> calls = List.of(
        new String[] {"GET", image}, new String[] {"DELETE", image},
        new String[] {"POST", image + "/actions/deactivate"}, new String[] {"POST", image + "/actions/reactivate"},
        new String[] {"GET", image + "/file"}, new String[] {"PUT", image + "/tags/new"},
        new String[] {"DELETE", image + "/tags/t"}, new String[] {"GET", image + "/members"},
        new String[] {"GET", member}, new String[] {"DELETE", member}, new String[] {"GET", image + "/tasks"},
        new String[] {"GET", "/v2/info/import"}, new String[] {"GET", "/v2/info/stores"},
        new String[] {"GET", "/v2/schemas/image"}, new String[] {"GET", "/v2/schemas/members"});
    for (String[] call : calls) {
      withBody(a, call[0], call[1]).assertError(400, MESSAGE);
    }
    var shown = a.get(image).assertStatus(200).json();
    assertThat(shown.get("status").asText()).isEqualTo("active");
    assertThat(ImageCreateTest.texts(shown.get("tags"))).containsExactly("t");
    a.get(member).assertStatus(200);
  }

  @Test
  void theBodyIsRefusedBeforeTheImageIsLookedUp() {
    withBody(a, "DELETE", "/v2/images/00000000-0000-0000-0000-000000000000").assertError(400, MESSAGE);
    withBody(a, "GET", "/v2/images/00000000-0000-0000-0000-000000000000").assertError(400, MESSAGE);
  }

  @Test
  void callsThatTakeABodyOrAnEmptyOneStillWork() {
    String id = a.createActiveImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\"}", "bytes");
    // an announced empty body is no body
    a.send("POST", "/v2/images/" + id + "/actions/deactivate", HttpRequest.BodyPublishers.ofString(""),
        "Content-Type", "application/json").assertStatus(204);
    a.post("/v2/images/" + id + "/actions/reactivate").assertStatus(204);
    // the list and the calls whose body Glance reads are not refused
    withBody(a, "GET", "/v2/images").assertStatus(200);
    a.get("/v2/images/" + id).assertStatus(200);
    a.delete("/v2/images/" + id).assertStatus(204);
  }

  @Test
  void metadefCallsWithABody() {
    admin.postJson("/v2/metadefs/namespaces", "{\"namespace\": \"body::reject\"}").assertStatus(201);
    String ns = "/v2/metadefs/namespaces/body::reject";
    withBody(admin, "GET", ns).assertError(400, MESSAGE);
    withBody(admin, "DELETE", ns).assertError(400, MESSAGE);
    withBody(admin, "GET", ns + "/properties").assertError(400, MESSAGE);
    withBody(admin, "GET", "/v2/metadefs/resource_types").assertError(400, MESSAGE);
    withBody(admin, "GET", "/v2/schemas/metadefs/namespace").assertError(400, MESSAGE);
    admin.get(ns).assertStatus(200);
  }
}
