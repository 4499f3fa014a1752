package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Version discovery, unknown paths, and requests no client library would send: never a 500. */
class RoutingTest extends ServerTest {
  static final List<String> V2_IDS = List.of("v2.15", "v2.9", "v2.17", "v2.7", "v2.6", "v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0");

  private void assertVersionsDocument(JsonNode doc, String base) {
    assertThat(ImageCreateTest.fieldNames(doc)).containsExactly("versions");
    List<String> ids = new ArrayList<>();
    for (JsonNode v : doc.get("versions")) {
      String id = v.get("id").asText();
      ids.add(id);
      assertThat(ImageCreateTest.fieldNames(v)).containsExactly("id", "status", "links");
      String major = id.substring(0, 2);
      assertThat(v.get("links")).hasSize(1);
      assertThat(v.get("links").get(0).get("rel").asText()).isEqualTo("self");
      assertThat(v.get("links").get(0).get("href").asText()).isEqualTo(base + "/" + major + "/");
      String expectedStatus = id.equals("v2.17") ? "CURRENT" : major.equals("v2") ? "SUPPORTED" : "DEPRECATED";
      assertThat(v.get("status").asText()).as(id).isEqualTo(expectedStatus);
    }
    assertThat(ids.subList(0, V2_IDS.size())).containsExactlyElementsOf(V2_IDS);
    assertThat(ids.subList(V2_IDS.size(), ids.size())).allMatch(id -> id.startsWith("v1."));
  }

  @Test
  void rootListsTheVersionsWithMultipleChoices() {
    Response root = a.get("/").assertStatus(300);
    assertThat(root.header("Content-Type")).isEqualTo("application/json");
    assertVersionsDocument(root.json(), server.baseUrl());
    Response versions = a.get("/versions").assertStatus(200);
    assertThat(versions.json()).isEqualTo(root.json());
    assertThat(server.anonymous().get("/versions").assertStatus(200).json()).isEqualTo(root.json());
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void versionDiscoveryAnswersEveryMethod(String method) {
    Response root = a.send(method, "/", HttpRequest.BodyPublishers.noBody()).assertStatus(300);
    assertVersionsDocument(root.json(), server.baseUrl());
    Response versions = a.send(method, "/versions", HttpRequest.BodyPublishers.noBody()).assertStatus(200);
    assertVersionsDocument(versions.json(), server.baseUrl());
  }

  @Test
  void aRequestIdSentByTheClientIsEchoed() {
    Response own = a.get("/v2/images", "X-Openstack-Request-Id", "req-0123-abc").assertStatus(200);
    assertThat(own.header("x-openstack-request-id")).isEqualTo("req-0123-abc");
    Response prefixed = a.get("/v2/images", "X-Openstack-Request-Id", "trace-7").assertStatus(200);
    assertThat(prefixed.header("x-openstack-request-id")).isEqualTo("req-trace-7");
    Response garbage = a.get("/v2/images", "X-Openstack-Request-Id", "x".repeat(300)).assertStatus(200);
    assertThat(garbage.header("x-openstack-request-id")).matches("req-[0-9a-f-]{36}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v3/images", "/images", "/foo", "/V2/images", "/v2.16/images", "/v10/images", "/foo/bar/baz"})
  void unknownVersionsGetTheVersionsDocument(String path) {
    Response r = a.get(path).assertStatus(300);
    assertVersionsDocument(r.json(), server.baseUrl());
    server.anonymous().get(path).assertStatus(300);
  }

  /**
   * Glance's version negotiation: a version it lets clients name in the path or in the Accept
   * media type reaches v2; the bare version path redirects to its root.
   */
  @Test
  void negotiatedVersionsReachV2() {
    String id = a.createImage("{\"name\":\"negotiated\"}");
    for (String prefix : List.of("/v2.0", "/v2.1", "/v2.7", "/v2.9", "/v2.15")) {
      assertThat(a.get(prefix + "/images/" + id).assertStatus(200).json().get("id").asText()).as(prefix)
          .isEqualTo(id);
    }
    for (String prefix : List.of("/v2.8", "/v2.14", "/v2.16", "/v2.17", "/v2.1x")) {
      assertVersionsDocument(a.get(prefix + "/images/" + id).assertStatus(300).json(), server.baseUrl());
    }
    for (String version : List.of("/v2", "/v2.1")) {
      Response redirect = a.send("POST", version, HttpRequest.BodyPublishers.noBody()).assertStatus(302);
      assertThat(redirect.header("Location")).isEqualTo(server.baseUrl() + "/v2/");
    }
    a.get("/v2.1/").assertError(404, "The resource could not be found.");

    String v21 = "application/vnd.openstack.images-v2.1";
    assertThat(a.get("/images/" + id, "Accept", v21).assertStatus(200).json().get("id").asText()).isEqualTo(id);
    a.get("/v2/images/" + id, "Accept", v21).assertStatus(404);
    a.get("/images/" + id, "Accept", "application/vnd.openstack.images-v3").assertStatus(300);
    a.get("/versions", "Accept", v21).assertStatus(200);
  }

  @Test
  void versionLinksFollowTheHostHeader() {
    Response r = RawHttp.exchange(server.baseUrl(), "GET /versions HTTP/1.1\r\nHost: glance.example.com:9292", new byte[0]);
    assertVersionsDocument(r.assertStatus(200).json(), "http://glance.example.com:9292");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/foo", "/v2/schemas", "/v2/schemas/bogus", "/v2/images/x/y/z",
      "/v2/images/00000000-0000-0000-0000-000000000000/members/x/y", "/v2/"})
  void unknownPathsUnderV2AreNotFound(String path) {
    a.get(path).assertError(404, "The resource could not be found.");
    a.postJson(path, "{}").assertError(404, "The resource could not be found.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})
  void aTrailingSlashNamesNothing(String method) {
    String id = a.createImage("{\"name\":\"slash\",\"visibility\":\"shared\"}");
    for (String path : List.of("/v2/images/", "/v2/images/" + id + "/", "/v2/images/" + id + "/members/",
        "/v2/images/" + id + "/file/", "/v2/schemas/image/")) {
      Response r = a.send(method, path, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"),
          "Content-Type", "application/json");
      if (method.equals("HEAD")) {
        r.assertStatus(404);
      } else {
        r.assertError(404, "The resource could not be found.");
      }
    }
    a.get("/v2/images/" + id).assertStatus(200);
  }

  @Test
  void usageAnswersGetOnlyAndOtherMethodsAreNotFoundAsInGlance() {
    JsonNode usage = a.get("/v2/info/usage").assertStatus(200).json().get("usage");
    assertThat(usage.get("image_count_total").get("limit").asLong()).isEqualTo(-1);
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      a.send(method, "/v2/info/usage", HttpRequest.BodyPublishers.ofString("{}"), "Content-Type", "application/json")
          .assertError(404, "The resource could not be found.");
    }
  }

  @Test
  void optionsAnswersEmpty() {
    String id = a.createImage("{}");
    for (String path : List.of("/v2/images", "/v2/images/" + id, "/v2/images/" + id + "/file", "/v2/schemas/image")) {
      Response r = a.send("OPTIONS", path, HttpRequest.BodyPublishers.noBody()).assertStatus(200);
      assertThat(r.bytes()).isEmpty();
    }
  }

  static Stream<Arguments> oddRequests() {
    String id = "00000000-0000-0000-0000-000000000000";
    return Stream.of(
        Arguments.of("GET", "/v2/images/" + "x".repeat(2000), null, null, 404),
        Arguments.of("GET", "/v2/images/%E2%98%83", null, null, 404),
        Arguments.of("DELETE", "/v2/images/'%20OR%201=1", null, null, 404),
        Arguments.of("PATCH", "/v2/images/%22%3Cscript%3E", "application/openstack-images-v2.1-json-patch", "[]", 404),
        Arguments.of("PUT", "/v2/images/" + "y".repeat(300) + "/file", "application/octet-stream", "abc", 404),
        Arguments.of("PUT", "/v2/images/" + id + "/tags/" + "%FF", null, null, 404),
        Arguments.of("POST", "/v2/images", "application/json", "[{\"name\":\"x\"}]", 400),
        Arguments.of("POST", "/v2/images", "application/json", "{\"name\":\"x\"} trailing", 400),
        Arguments.of("POST", "/v2/images", "application/json", "{\"name\":\"x\",\"name\":\"y\"", 400),
        Arguments.of("POST", "/v2/images", "application/json", "\u0000\u0001", 400),
        Arguments.of("POST", "/v2/images", "application/json", "{\"tags\":[[]]}", 400),
        Arguments.of("POST", "/v2/images", "application/json", "{\"min_ram\":1e400}", 400),
        Arguments.of("POST", "/v2/images", "application/json", "{\"min_ram\":-99999999999}", 400),
        Arguments.of("POST", "/v2/images", "application/json", "[".repeat(5000), 400),
        Arguments.of("GET", "/v2/images?limit=99999999999999999999", null, null, 400),
        Arguments.of("GET", "/v2/images?size_min=99999999999999999999", null, null, 400),
        Arguments.of("GET", "/v2/images?sort=", null, null, 400),
        Arguments.of("GET", "/v2/images?sort=name:asc:desc", null, null, 400),
        Arguments.of("GET", "/v2/images?created_at=gt:", null, null, 400),
        Arguments.of("GET", "/v2/images?marker=", null, null, 400),
        Arguments.of("GET", "/v2/images?marker=%00", null, null, 400));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("oddRequests")
  void oddRequestsAreClientErrors(String method, String path, String type, String body, int status) {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    Response r = type == null ? a.send(method, path, publisher) : a.send(method, path, publisher, "Content-Type", type);
    r.assertStatus(status);
    assertThat(r.header("x-openstack-request-id")).startsWith("req-");
  }

  @Test
  void aJsonBodyOverOneMebibyteIsTooLarge() {
    String huge = "{\"name\":\"" + "n".repeat(1 << 20) + "\"}";
    a.postJson("/v2/images", huge).assertStatus(413);
    String id = a.createImage("{}");
    a.patch("/v2/images/" + id, "[{\"op\":\"add\",\"path\":\"/big\",\"value\":\"" + "v".repeat(1 << 20) + "\"}]")
        .assertStatus(413);
    // without a Content-Length too
    a.send("POST", "/v2/images", HttpRequest.BodyPublishers.ofInputStream(
        () -> new java.io.ByteArrayInputStream(huge.getBytes())), "Content-Type", "application/json").assertStatus(413);
  }

  @Test
  void malformedRequestLinesAndHeadersAreRefused() {
    Response badEscape = RawHttp.exchange(server.baseUrl(), "GET /v2/images/%zz HTTP/1.1\r\nHost: x\r\nX-Project-Id: projA",
        new byte[0]);
    assertThat(badEscape.status()).as("bad escape").isBetween(400, 499);
    Response nul = RawHttp.exchange(server.baseUrl(), "GET /v2/images/%00 HTTP/1.1\r\nHost: x\r\nX-Project-Id: projA",
        new byte[0]);
    assertThat(nul.status()).as("NUL in path").isBetween(400, 499);
    Response hugeHeader = RawHttp.exchange(server.baseUrl(), "GET /v2/images HTTP/1.1\r\nHost: x\r\nX-Project-Id: projA\r\n"
        + "X-Junk: " + "j".repeat(64 * 1024), new byte[0]);
    assertThat(hugeHeader.status()).as("64 KiB header").isBetween(400, 499);
    Response hugeRoles = a.get("/v2/images", "X-Roles", "r,".repeat(20_000));
    assertThat(hugeRoles.status()).as("40 KB of roles").isBetween(400, 499);
    // the server is still fine afterwards
    a.get("/v2/images").assertStatus(200);
  }

  /** Glance's router does not take /v2/images/ for /v2/images: an empty image id is not found. */
  @Test
  void anEmptyImageIdIsNotFound() {
    for (String method : List.of("GET", "DELETE", "PATCH", "PUT")) {
      assertThat(a.send(method, "/v2/images/", HttpRequest.BodyPublishers.noBody()).status())
          .as(method + " /v2/images/").isEqualTo(404);
    }
    assertThat(a.get("/v2/images").status()).isEqualTo(200);
  }
}
