package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Version discovery, negotiation, the route table and error framing (spec §2–§4; scenarios 1–6, 72, 75). */
class V1RoutingTest {
  static Actors x;
  static String img;
  static GlimpseTestServer disabled;

  @BeforeAll
  static void setUp() {
    x = new Actors(V1Servers.standard());
    img = x.a.img();
    disabled = GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__ENABLE_V1_API", "false"));
  }

  @AfterAll
  static void tearDown() {
    disabled.close();
  }

  static List<String> versionIds(Response r) {
    List<String> ids = new ArrayList<>();
    r.json().get("versions").forEach(v -> ids.add(v.get("id").asText()));
    return ids;
  }

  @Test
  void rootAndVersionsListV1AsDeprecatedLast() {
    Response root = x.server.anonymous().get("/");
    assertThat(root.status()).isEqualTo(300);
    JsonNode versions = root.json().get("versions");
    JsonNode last = versions.get(versions.size() - 1);
    JsonNode beforeLast = versions.get(versions.size() - 2);
    assertThat(beforeLast.get("id").asText()).isEqualTo("v1.1");
    assertThat(last.get("id").asText()).isEqualTo("v1.0");
    for (JsonNode v : List.of(beforeLast, last)) {
      assertThat(v.get("status").asText()).isEqualTo("DEPRECATED");
      assertThat(v.get("links").get(0).get("href").asText()).endsWith("/v1/");
    }
    // without an image cache Glance lists v2.15 first and v2.17 as the current one, after the others
    assertThat(versions.findValues("status")).extracting(JsonNode::asText).containsOnlyOnce("CURRENT");
    assertThat(versions.get(0).get("id").asText()).startsWith("v2.");
    Response list = x.server.anonymous().get("/versions");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json()).isEqualTo(root.json());
  }

  @Test
  void prefixesAndMediaTypeSelectV1() {
    assertThat(x.a.get("/v3/images").status()).isEqualTo(300);
    assertThat(x.a.get("/v1.2/images").status()).isEqualTo(300);
    for (String path : List.of("/v1/images", "/v1.0/images", "/v1.1/images")) {
      Response r = x.a.get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.json().get("images").isArray()).isTrue();
    }
    for (String type : List.of("application/vnd.openstack.images-v1", "application/vnd.openstack.images-v1.1")) {
      Response r = x.a.get("/images", "Accept", type);
      assertThat(r.status()).as(type).isEqualTo(200);
      assertThat(r.json().get("images").isArray()).isTrue();
    }
    assertThat(x.a.get("/images").status()).isEqualTo(300);
    assertThat(x.a.get("/images/" + img + "/members", "Accept", "application/vnd.openstack.images-v1").status())
        .isEqualTo(200);
  }

  @Test
  void v1RootRedirectsAndTrailingSlashLists() {
    Response redirect = x.a.get("/v1");
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("Location")).endsWith("/v1/");
    Response index = x.a.get("/v1/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.json()).isEqualTo(x.a.get("/v1/images").json());
  }

  static Stream<Arguments> methodTable() {
    return Stream.of(
        Arguments.of("PATCH", "/v1/images/IMG", 405, "GET, HEAD, PUT, DELETE"),
        Arguments.of("POST", "/v1/images/IMG", 405, "GET, HEAD, PUT, DELETE"),
        Arguments.of("DELETE", "/v1/images", 405, "GET, POST"),
        Arguments.of("PUT", "/v1/images", 405, "GET, POST"),
        Arguments.of("HEAD", "/v1/images", 405, "GET, POST"),
        Arguments.of("HEAD", "/v1/images/detail", 405, "GET"),
        Arguments.of("POST", "/v1/images/detail", 405, "GET, HEAD"),
        Arguments.of("POST", "/v1/images/IMG/members", 405, "GET, PUT"),
        Arguments.of("DELETE", "/v1/images/IMG/members", 405, "GET, PUT"),
        Arguments.of("GET", "/v1/images/IMG/members/tB", 405, null),
        Arguments.of("POST", "/v1/images/IMG/members/tB", 405, "GET, PUT, DELETE"),
        Arguments.of("GET", "/v1/images/", 404, null),
        Arguments.of("DELETE", "/v1/images/", 404, null),
        Arguments.of("GET", "/v1/nothing", 404, null));
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @MethodSource("methodTable")
  void routeTable(String method, String path, int status, String allow) {
    Response r = x.a.send(method, path.replace("IMG", img), null);
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.header("Allow")).isEqualTo(allow);
  }

  @Test
  void showingOneMemberIsNeverAllowed() {
    x.a.addMember(img, x.t("tB"));
    for (V1Client caller : List.of(x.a, x.b, x.adm)) {
      for (String member : List.of(x.t("tB"), "nobody")) {
        assertThat(caller.get("/v1/images/" + img + "/members/" + member).status()).isEqualTo(405);
      }
    }
  }

  @Test
  void sharedImagesAnswersEveryMethodLikeGet() {
    for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
      Response r = x.b.send(method, "/v1/shared-images/" + x.t("tB"), null);
      assertThat(r.status()).as(method).isEqualTo(200);
      assertThat(r.json().has("shared_images")).isTrue();
    }
  }

  @Test
  void disabledV1AnswersWithVersionsWithoutV1() {
    Response r = disabled.as("p", "member").get("/v1/images");
    assertThat(r.status()).isEqualTo(300);
    assertThat(versionIds(r)).isNotEmpty().noneMatch(id -> id.startsWith("v1"));
    assertThat(versionIds(disabled.anonymous().get("/versions"))).noneMatch(id -> id.startsWith("v1"));
    assertThat(disabled.as("p", "member").get("/images", "Accept", "application/vnd.openstack.images-v1").status())
        .isEqualTo(300);
  }

  @Test
  void requestsWithoutCredentialsAreUnauthorized() {
    Actors t = new Actors(V1Servers.tight());
    assertThat(t.server.anonymous().get("/v1/images").status()).isEqualTo(401);
    assertThat(t.server.anonymous().get("/versions").status()).isEqualTo(200);
  }

  static Stream<Arguments> errorFormats() {
    return Stream.of(
        Arguments.of(null, "text/plain"),
        Arguments.of("text/plain", "text/plain"),
        Arguments.of("application/xml", "text/plain"),
        Arguments.of("*/*", "text/html"),
        Arguments.of("text/html", "text/html"),
        Arguments.of("application/json", "application/json"),
        Arguments.of("application/json, */*", "application/json"));
  }

  @ParameterizedTest(name = "Accept {0} → {1}")
  @MethodSource("errorFormats")
  void errorBodyFollowsAccept(String accept, String type) {
    Response r = accept == null ? x.a.get("/v1/images/nope") : x.a.get("/v1/images/nope", "Accept", accept);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).startsWith(type);
    switch (type) {
      case "text/plain" -> assertThat(r.body()).startsWith("404 Not Found").contains("not found");
      case "application/json" -> {
        assertThat(r.json().get("code").asText()).isEqualTo("404 Not Found");
        assertThat(r.json().get("title").asText()).isEqualTo("Not Found");
      }
      default -> assertThat(r.body()).contains("<title>404 Not Found</title>");
    }
  }

  @Test
  void responsesCarryARequestId() {
    assertThat(x.a.get("/v1/images").header("x-openstack-request-id")).startsWith("req-");
  }
}
