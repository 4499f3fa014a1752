package org.glimpse.ft.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.DatabaseSuite;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input no database can store as sent is refused with a 400 naming the problem, the same on every
 * database, and nothing is changed: a NUL character anywhere (JSON strings and member names, query
 * names and values, paths), identities longer than 255 characters, malformed percent escapes and
 * text that is not UTF-8, numbers beyond a double. Subclasses choose the database.
 */
abstract class BadRequestSuite extends DatabaseSuite {
  private static final String NUL = "NUL character";
  private Client a;
  private String image;
  private String shared;

  @Override
  protected void prepare() {
    a = server.as("projInput", "member,reader");
    image = a.createImage("{\"name\":\"kept\",\"keep\":\"me\"}");
    shared = a.createImage("{\"name\":\"shared\",\"visibility\":\"shared\"}");
    a.postJson("/v2/images/" + shared + "/members", "{\"member\":\"projOther\"}").assertStatus(200);
  }

  /** What a refused request must not have changed: A's images and the one image's record and members. */
  private String state() {
    return a.get("/v2/images?limit=100&sort_key=name&sort_dir=asc").body()
        + a.get("/v2/images/" + image).body() + a.get("/v2/images/" + shared + "/members").body()
        + a.get("/v1/images/" + shared + "/members").body();
  }

  static Stream<Arguments> jsonWithNul() {
    return Stream.of(
        Arguments.of("POST", "/v2/images", "application/json", "{\"name\":\"a\\u0000b\"}"),
        Arguments.of("POST", "/v2/images", "application/json", "{\"custom\":\"\\u0000\"}"),
        Arguments.of("POST", "/v2/images", "application/json", "{\"cus\\u0000tom\":\"v\"}"),
        Arguments.of("POST", "/v2/images", "application/json", "{\"tags\":[\"ok\",\"t\\u0000\"]}"),
        Arguments.of("POST", "/v2/images", "application/json", "{\"id\":\"\\u0000\"}"),
        Arguments.of("PATCH", "/v2/images/{image}", "application/openstack-images-v2.1-json-patch",
            "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"\\u0000\"}]"),
        Arguments.of("PATCH", "/v2/images/{image}", "application/openstack-images-v2.1-json-patch",
            "[{\"op\":\"add\",\"path\":\"/custom\",\"value\":\"x\\u0000\"}]"),
        Arguments.of("PATCH", "/v2/images/{image}", "application/openstack-images-v2.1-json-patch",
            "[{\"op\":\"add\",\"path\":\"/cus\\u0000tom\",\"value\":\"x\"}]"),
        Arguments.of("PATCH", "/v2/images/{image}", "application/openstack-images-v2.1-json-patch",
            "[{\"op\":\"add\",\"path\":\"/tags\",\"value\":[\"\\u0000\"]}]"),
        Arguments.of("POST", "/v2/images/{shared}/members", "application/json", "{\"member\":\"proj\\u0000X\"}"),
        Arguments.of("PUT", "/v1/images/{shared}/members", "application/json",
            "{\"memberships\":[{\"member_id\":\"projOther\"},{\"member_id\":\"proj\\u0000Y\"}]}"),
        Arguments.of("PUT", "/v1/images/{shared}/members", "application/json", "{\"member_id\":\"\\u0000\"}"),
        Arguments.of("PUT", "/v1/images/{shared}/members/projZ", "application/json",
            "{\"member\":{\"can_share\":\"\\u0000\"}}"));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("jsonWithNul")
  void aNulInAJsonBodyIsABadRequest(String method, String path, String type, String body) {
    String before = state();
    Response r = a.send(method, path.replace("{image}", image).replace("{shared}", shared),
        HttpRequest.BodyPublishers.ofString(body), "Content-Type", type);
    r.assertError(400, "The request body holds a " + NUL + " (\\u0000)");
    assertThat(state()).isEqualTo(before);
  }

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/v2/images?name=%00", "/v2/images?name=a%00b", "/v2/images?marker=%00",
      "/v2/images?tag=%00", "/v2/images?owner=%00", "/v2/images?custom=%00", "/v2/images?%00=1",
      "/v2/images?sort_key=name&checksum=%00", "/v2/images?size=%00", "/v2/images?id=in:a,%00",
      "/v1/images?name=%00", "/v1/images/detail?property-custom=%00", "/v1/images?%00", "/v1/images?marker=%00"})
  void aNulInTheQueryIsABadRequest(String path) {
    a.get(path).assertError(400, "The request holds a " + NUL + " (\\u0000) in ");
  }

  @Test
  void aNulInThePathIsABadRequest() {
    String before = state();
    for (String path : List.of("/v2/images/%00", "/v2/images/" + image + "/tags/a%00", "/v2/images/" + shared
        + "/members/%00", "/v1/images/%00", "/v1/images/" + shared + "/members/a%00b", "/v1/shared-images/%00")) {
      Response r = raw("PUT", path);
      assertThat(r.status()).as("PUT %s: %s", path, r).isEqualTo(400);
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void theNulRuleIsTheSameInEveryNamedPlace() {
    a.get("/v2/images?sort_key=%00").assertError(400, "in the query parameter sort_key;");
    a.get("/v2/images?%00=1").assertError(400, "in a query parameter name;");
    a.postJson("/v2/images", "{\"a\":\"\\u0000\"}").assertError(400, "in a string;");
    a.postJson("/v2/images", "{\"\\u0000\":\"a\"}").assertError(400, "in a member name;");
  }

  static Stream<Arguments> overlongIdentities() {
    String long256 = "p".repeat(256);
    return Stream.of(
        Arguments.of(new String[] {"X-Project-Id", long256, "X-Roles", "member"}, "X-Project-Id is too long: 256"),
        Arguments.of(new String[] {"X-Tenant-Id", long256, "X-Roles", "member"}, "X-Tenant-Id is too long: 256"),
        Arguments.of(new String[] {"X-Project-Id", long256, "X-Roles", "admin"}, "X-Project-Id is too long: 256"),
        Arguments.of(new String[] {"X-Project-Id", "p", "X-User-Id", long256, "X-Roles", "member"},
            "X-User-Id is too long: 256"),
        Arguments.of(new String[] {"X-Project-Id", "p", "X-Roles", "member," + long256},
            "A role in X-Roles is too long: 256"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("overlongIdentities")
  void identitiesLongerThan255CharactersAreBadRequests(String[] identity, String message) {
    Client anonymous = server.anonymous();
    String before = admin().get("/v2/images?visibility=all&limit=1000").body();
    String[] v2 = concat(identity, "Content-Type", "application/json");
    anonymous.send("POST", "/v2/images", HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"), v2)
        .assertError(400, message);
    anonymous.send("POST", "/v1/images", HttpRequest.BodyPublishers.noBody(),
        concat(identity, "x-image-meta-name", "x")).assertError(400, message);
    anonymous.send("GET", "/v2/images", HttpRequest.BodyPublishers.noBody(), identity).assertError(400, message);
    assertThat(admin().get("/v2/images?visibility=all&limit=1000").body()).isEqualTo(before);
  }

  @Test
  void identitiesOf255CharactersAreFine() {
    String[] longest = {"X-Project-Id", "p".repeat(255), "X-User-Id", "u".repeat(255), "X-Roles",
        "member," + "r".repeat(255)};
    Client anonymous = server.anonymous();
    assertThat(anonymous.send("POST", "/v2/images", HttpRequest.BodyPublishers.ofString("{\"name\":\"longest\"}"),
        concat(longest, "Content-Type", "application/json")).assertStatus(201).json().get("owner").asText()).hasSize(255);
    anonymous.send("POST", "/v1/images", HttpRequest.BodyPublishers.noBody(), concat(longest, "x-image-meta-name", "v1"))
        .assertStatus(201);
  }

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/v2/images?a=%zz", "/v2/images?name=%", "/v2/images?name=%4", "/v2/images?%zz=1",
      "/v2/images?name=ok&sort_key=%g0", "/v1/images?name=%zz", "/v1/images?a=%", "/v1/images/detail?%2=x",
      "/v2/images/" + "00000000-0000-0000-0000-000000000000" + "/members?x=%"})
  void malformedPercentEscapesInTheQueryAreBadRequests(String path) {
    raw("GET", path).assertError(400, "Malformed percent escape in the query string");
  }

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/v2/images?name=%ff", "/v2/images?name=%c3%28", "/v2/images?%ed%a0%80=1",
      "/v1/images?name=%c0%af"})
  void queriesThatAreNotUtf8AreBadRequests(String path) {
    a.get(path).assertError(400, "Error decoding your request.");
  }

  @Test
  void malformedEscapesInThePathAreBadRequests() {
    for (String path : List.of("/v2/images/%zz", "/v2/images/%", "/v1/images/%zz", "/v1/images/a%4/members")) {
      Response r = raw("GET", path);
      assertThat(r.status()).as("GET %s: %s", path, r).isEqualTo(400);
    }
  }

  @Test
  void wellFormedEscapesStillWork() {
    String snow = a.createImage("{\"name\":\"snow ☃ +\"}");
    assertThat(a.get("/v2/images?name=snow%20%E2%98%83%20%2B").assertStatus(200).json().get("images").get(0)
        .get("id").asText()).isEqualTo(snow);
    assertThat(a.get("/v2/images?name=snow+%E2%98%83+%2B").json().get("images")).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{\"min_ram\":1e400}", "{\"visibility\":1e400}", "{\"disk_format\":-1e400}",
      "{\"custom\":[1e400]}"})
  void numbersBeyondADoubleAreBadRequests(String body) {
    a.postJson("/v2/images", body).assertError(400, "A number in the request body is too large.");
    a.patch("/v2/images/" + image, "[{\"op\":\"add\",\"path\":\"/container_format\",\"value\":1e400}]")
        .assertError(400, "A number in the request body is too large.");
  }

  @Test
  void loneSurrogatesAreBadRequests() {
    a.postJson("/v2/images", "{\"name\":\"\\ud800\"}").assertError(400, "lone surrogate (\\ud800) in a string");
    // a pair is one character, beyond the Basic Multilingual Plane, which Glance refuses by name
    a.postJson("/v2/images", "{\"name\":\"\\ud83d\\ude00 pair\"}")
        .assertError(400, "Name can't contain 4 byte unicode characters.");
  }

  /** A request sent as written (a client library would refuse a malformed escape), as project A. */
  private Response raw(String method, String path) {
    return RawHttp.exchange(server.baseUrl(), method + " " + path + " HTTP/1.1\r\nHost: x\r\nX-Project-Id: projInput"
        + "\r\nX-Roles: member,reader" + (method.equals("GET") ? "" : "\r\nContent-Length: 0"), new byte[0]);
  }

  private Client admin() {
    return server.as("projInputAdmin", "admin");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
