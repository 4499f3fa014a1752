package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A caller with no identity headers, on a server with no default project and anonymous access
 * allowed: it may read what is public (and community images when it asks), and change nothing.
 * Without {@code allow_anonymous_access} it gets 401 ({@link AnonymousUnauthorizedTest}).
 */
class AnonymousAccessTest extends ServerTest {
  private Client anonymous;
  private String pub;
  private String community;
  private String shared;
  private String priv;

  @Override
  protected Map<String, String> overrides() {
    return Map.of("GLIMPSE_NOAUTH__DEFAULT_PROJECT_ID", "", "GLIMPSE_DEFAULT__ALLOW_ANONYMOUS_ACCESS", "true");
  }

  @BeforeAll
  void createImages() {
    anonymous = server.anonymous();
    pub = admin.createActiveImage("{\"name\":\"pub\",\"visibility\":\"public\",\"disk_format\":\"raw\","
        + "\"container_format\":\"bare\"}", "public-bytes");
    community = a.createImage("{\"name\":\"community\",\"visibility\":\"community\"}");
    shared = a.createImage("{\"name\":\"shared\"}");
    priv = a.createImage("{\"name\":\"private\",\"visibility\":\"private\"}");
  }

  private List<String> names(String query) {
    List<String> names = new ArrayList<>();
    anonymous.get("/v2/images" + query).assertStatus(200).json().get("images").forEach(i -> names.add(i.get("name").asText()));
    return names;
  }

  @Test
  void seesPublicImagesAndCommunityOnesWhenAsked() {
    assertThat(names("")).containsExactly("pub");
    assertThat(names("?visibility=community")).containsExactly("community");
    assertThat(names("?visibility=all")).containsExactlyInAnyOrder("pub", "community");
    assertThat(names("?visibility=private")).isEmpty();
    assertThat(names("?visibility=shared&member_status=all")).isEmpty();
    anonymous.get("/v2/images/" + pub).assertStatus(200);
    anonymous.get("/v2/images/" + community).assertStatus(200);
    anonymous.get("/v2/images/" + shared).assertError(404, "No image found with ID " + shared);
    anonymous.get("/v2/images/" + priv).assertError(404, "No image found with ID " + priv);
    assertThat(anonymous.get("/v2/images/" + pub + "/file").assertStatus(200).body()).isEqualTo("public-bytes");
    anonymous.get("/v2/schemas/image").assertStatus(200);
  }

  static Stream<Arguments> writes() {
    return Stream.of(
        Arguments.of("POST", "/v2/images", "application/json", "{}"),
        Arguments.of("PATCH", "/v2/images/{pub}", "application/openstack-images-v2.1-json-patch",
            "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"x\"}]"),
        Arguments.of("DELETE", "/v2/images/{community}", null, null),
        Arguments.of("PUT", "/v2/images/{community}/file", "application/octet-stream", "data"),
        Arguments.of("PUT", "/v2/images/{pub}/tags/x", null, null),
        Arguments.of("DELETE", "/v2/images/{pub}/tags/x", null, null),
        Arguments.of("POST", "/v2/images/{pub}/actions/deactivate", null, null),
        Arguments.of("POST", "/v2/images/{community}/members", "application/json", "{\"member\":\"x\"}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("writes")
  void changesNothing(String method, String path, String type, String body) {
    String target = path.replace("{pub}", pub).replace("{community}", community);
    String before = a.get("/v2/images?visibility=all&limit=100").body();
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    Response r = type == null ? anonymous.send(method, target, publisher)
        : anonymous.send(method, target, publisher, "Content-Type", type);
    r.assertError(403, "Read-only access");
    assertThat(a.get("/v2/images?visibility=all&limit=100").body()).isEqualTo(before);
  }
}
