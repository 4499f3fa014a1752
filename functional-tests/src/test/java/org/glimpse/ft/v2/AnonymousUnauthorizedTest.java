package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * As in Glance, a caller with no identity at all (no identity headers, and no default noauth
 * project to stand in) is asked to authenticate on every v2 route, reads included, unless
 * {@code allow_anonymous_access} is on; version discovery stays open. With the default noauth
 * project (the default configuration) such a caller has an identity: {@link DefaultIdentityTest}.
 */
class AnonymousUnauthorizedTest extends ServerTest {
  private static final String UNAUTHORIZED = "This server could not verify that you are authorized to access the"
      + " document you requested.";

  @Override
  protected Map<String, String> overrides() {
    return Map.of("GLIMPSE_NOAUTH__DEFAULT_PROJECT_ID", "");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "GET, /v2/images", "GET, /v2/images/{pub}", "GET, /v2/images/{pub}/file", "GET, /v2/images/{pub}/members",
      "GET, /v2/schemas/image", "GET, /v2/schemas/members", "POST, /v2/images", "PATCH, /v2/images/{pub}",
      "DELETE, /v2/images/{pub}", "PUT, /v2/images/{pub}/tags/x", "POST, /v2/images/{pub}/actions/deactivate",
      "GET, /v2/images/", "GET, /v2/nothing-here", "GET, /v1/images"})
  void everyRouteAsksToAuthenticate(String method, String path) {
    String pub = admin.createImage("{\"name\":\"pub\",\"visibility\":\"public\"}");
    String before = admin.get("/v2/images/" + pub).body();
    Response r = server.anonymous().send(method, path.replace("{pub}", pub),
        HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"), "Content-Type", "application/json");
    r.assertError(401, UNAUTHORIZED);
    assertThat(admin.get("/v2/images/" + pub).body()).isEqualTo(before);
  }

  @Test
  void versionDiscoveryAndIdentifiedCallersAreUnaffected() {
    Client none = server.anonymous();
    none.get("/").assertStatus(300);
    none.get("/versions").assertStatus(200);
    a.get("/v2/images").assertStatus(200);
    // any identity header is an identity, even without a project
    Client.of(server.baseUrl(), "", "member").get("/v2/images").assertStatus(200);
  }
}
