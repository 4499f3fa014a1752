package org.glimpse.ft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed Accept header never breaks error rendering or version negotiation: each request
 * answers promptly. v2 reads it as Glance's WebOb does today, as absent as a whole (every offer
 * acceptable, so error pages are HTML); v1 as the WebOb of v1's releases did, ignoring the
 * malformed element and counting the well-formed ones. Every request here has a short client
 * timeout, so a server that loops fails the test instead of hanging it.
 */
class MalformedAcceptTest extends ServerTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  static final List<String> MALFORMED = List.of(";", ",;,", ";q=", "text/html;q=abc", "*/*;;", ";;;,,,;",
      "text/html;q=", "text/html;=1", "text/html;q=1.5", "text/html;q=NaN", "text/html;q=-1", "/", "*/",
      "text", "text/html;a=\"unterminated", "\"", "application/json;q=0.5;", "=;=,=");

  static Stream<Arguments> malformedOnErrorPaths() {
    return MALFORMED.stream().flatMap(accept -> Stream.of(
        Arguments.of("/v2/images/nosuch", accept),
        Arguments.of("/v1/images/nosuch", accept),
        Arguments.of("/v2/no-such-resource", accept)));
  }

  @ParameterizedTest(name = "GET {0} with Accept: {1}")
  @MethodSource("malformedOnErrorPaths")
  void errorsAnswerPromptly(String path, String accept) {
    Response r = get(path, accept);
    assertThat(r.status()).as("status of %s", r).isEqualTo(404);
    assertThat(r.header("x-openstack-request-id")).startsWith("req-");
  }

  @ParameterizedTest(name = "GET /images with Accept: {0}")
  @MethodSource("malformedAccepts")
  void negotiatedV1PathsAnswerPromptly(String accept) {
    // not a v1 media type: the versions document, as for any other Accept
    assertThat(get("/images", accept).status()).isEqualTo(300);
    assertThat(get("/images/nosuch", accept).status()).isEqualTo(300);
  }

  static Stream<String> malformedAccepts() {
    return MALFORMED.stream();
  }

  @Test
  void v2TakesAMalformedHeaderAsAbsentSoErrorPagesAreHtml() {
    for (String accept : List.of(";, application/json", "application/json, ;", "text/plain;q=abc, application/json",
        "application/json;q=2", "application/json; q=1.0000", "*", "text/plain, \"")) {
      Response r = get("/v2/images/nosuch", accept);
      assertThat(r.header("Content-Type")).as("Accept: %s", accept).startsWith("text/html");
      assertThat(r.body()).contains("<title>404 Not Found</title>");
    }
    assertThat(get("/v2/images/nosuch", "application/json").header("Content-Type")).startsWith("application/json");
    assertThat(get("/v2/images/nosuch", "text/plain").header("Content-Type")).startsWith("text/plain");
    // text/plain is no offer of today's WebOb: a wildcard that accepts HTML wins
    assertThat(get("/v2/images/nosuch", "text/plain, */*;q=0.9").header("Content-Type")).startsWith("text/html");
  }

  @Test
  void v1StillReadsPastAMalformedElement() {
    assertThat(get("/v1/images/nosuch", ";, application/json").header("Content-Type")).startsWith("application/json");
    assertThat(get("/v1/images/nosuch", "text/html;q=abc, application/json;q=0.5").header("Content-Type"))
        .startsWith("application/json");
    assertThat(get("/v1/images/nosuch", "*/*;;, text/html").header("Content-Type")).startsWith("text/html");
    Response v1 = get("/images", ";, application/vnd.openstack.images-v1");
    assertThat(v1.status()).as("%s", v1).isEqualTo(200);
    assertThat(v1.json().get("images").isArray()).isTrue();
  }

  @Test
  void anyBytesInAcceptAreHarmless() {
    String[] values = {"\u00ff\u00fe;q=\u00e9", "text/\u0080html", "te\u007fxt/html", "\ttext/html\t;\tq=0.5",
        "text/html;q=\"1\"", "x".repeat(4000) + ";" + ",".repeat(4000)};
    for (String path : List.of("/v2/images/nosuch", "/v1/images/nosuch", "/images")) {
      for (String value : values) {
        Response r = assertTimeoutPreemptively(PROMPTLY, () -> RawHttp.exchange(server.baseUrl(),
            "GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Project-Id: projA\r\nAccept: " + value, new byte[0]),
            () -> "GET " + path + " with Accept: " + value.substring(0, Math.min(40, value.length())));
        assertThat(r.status()).as("%s with Accept %s", path, value).isIn(300, 400, 404);
      }
    }
    // the server is still fine afterwards
    a.get("/v2/images").assertStatus(200);
  }

  private Response get(String path, String accept) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(PROMPTLY)
        .header("X-Project-Id", "projA").header("X-Roles", "member").header("Accept", accept).GET().build();
    return assertTimeoutPreemptively(PROMPTLY.plusSeconds(2), () -> {
      try {
        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers(), r.body());
      } catch (IOException e) {
        throw new AssertionError("no answer to GET " + path + " with Accept: " + accept, e);
      }
    }, () -> "GET " + path + " with Accept: " + accept);
  }
}
