package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Error pages in Glance's three forms, chosen by Accept, and the request id on every answer. */
class ErrorFormatTest extends ServerTest {
  static final String MISSING = "/v2/images/00000000-0000-0000-0000-000000000000";
  static final String EXPLANATION = "No image found with ID 00000000-0000-0000-0000-000000000000";
  static final String HTML = "text/html; charset=UTF-8";
  static final String JSON = "application/json";
  static final String PLAIN = "text/plain; charset=UTF-8";

  static Stream<Arguments> accepts() {
    return Stream.of(
        Arguments.of(null, PLAIN),
        Arguments.of("*/*", HTML),
        Arguments.of("application/json", JSON),
        Arguments.of("APPLICATION/JSON", JSON),
        Arguments.of("application/*", JSON),
        Arguments.of("application/json, text/html", HTML),
        Arguments.of("application/json, */*", HTML),
        Arguments.of("text/*", HTML),
        Arguments.of("application/json;q=0.1, text/html;q=0.9", HTML),
        Arguments.of("application/json;q=1, text/html;q=0", JSON),
        Arguments.of("text/plain", PLAIN),
        Arguments.of("application/xml", PLAIN),
        Arguments.of("application/vnd.api+json", PLAIN),
        Arguments.of("application/json;charset=utf-8", PLAIN));
  }

  @ParameterizedTest(name = "Accept: {0}")
  @MethodSource("accepts")
  void acceptChoosesTheForm(String accept, String expectedType) {
    Response r = accept == null ? a.get(MISSING) : a.get(MISSING, "Accept", accept);
    r.assertError(404, EXPLANATION);
    assertThat(normalized(r.header("Content-Type"))).isEqualTo(normalized(expectedType));
  }

  /** Jetty writes {@code text/html;charset=utf-8}: the same type as Glance's, spelt differently. */
  static String normalized(String contentType) {
    return contentType == null ? null : contentType.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void exactBodies() {
    assertThat(a.get(MISSING).body()).isEqualTo("404 Not Found\n\n" + EXPLANATION + "\n\n   ");
    assertThat(a.get(MISSING, "Accept", "*/*").body()).isEqualTo("<html>\n <head>\n  <title>404 Not Found</title>\n"
        + " </head>\n <body>\n  <h1>404 Not Found</h1>\n  " + EXPLANATION + "<br /><br />\n\n\n\n </body>\n</html>");
    JsonNode json = a.get(MISSING, "Accept", "application/json").json();
    assertThat(ImageCreateTest.fieldNames(json)).containsExactly("message", "code", "title");
    assertThat(json.get("message").asText()).isEqualTo(EXPLANATION + "<br /><br />\n\n\n");
    assertThat(json.get("code").asText()).isEqualTo("404 Not Found");
    assertThat(json.get("title").asText()).isEqualTo("Not Found");
  }

  @Test
  void aDetailFollowsTheExplanation() {
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{\"os_glance_x\":\"1\"}");
    assertThat(a.send("POST", "/v2/images", body).body())
        .isEqualTo("403 Forbidden\n\nAccess was denied to this resource.\n\n Attribute 'os_glance_x' is reserved.  ");
    assertThat(a.send("POST", "/v2/images", body, "Accept", "*/*").body()).contains(
        "<h1>403 Forbidden</h1>\n  Access was denied to this resource.<br /><br />\nAttribute &#x27;os_glance_x&#x27; is reserved.\n\n\n </body>");
    String id = a.createActiveImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\"}", "0123456789");
    assertThat(a.get("/v2/images/" + id + "/file", "Range", "bytes=10-", "Accept", "application/json").json()
        .get("message").asText()).isEqualTo("The Range requested is not available.<br /><br />\n"
            + "Invalid start position in Range header. Start position MUST be in the inclusive range [0, 9].\n\n");
  }

  @Test
  void methodNotAllowedHasItsShortForm() {
    String id = a.createImage("{}");
    String path = "/v2/images/" + id;
    String message = "The method PUT is not allowed for this resource.";
    assertThat(a.send("PUT", path, HttpRequest.BodyPublishers.noBody()).body())
        .isEqualTo("405 Method Not Allowed\n\n" + message + " \n\n ");
    assertThat(a.send("PUT", path, HttpRequest.BodyPublishers.noBody(), "Accept", "*/*").body())
        .endsWith("<h1>405 Method Not Allowed</h1>\n  " + message + " <br /><br />\n\n </body>\n</html>");
    assertThat(a.send("PUT", path, HttpRequest.BodyPublishers.noBody(), "Accept", "application/json").json()
        .get("message").asText()).isEqualTo(message + " <br /><br />\n");
    Response head = a.send("HEAD", path, HttpRequest.BodyPublishers.noBody()).assertStatus(405);
    assertThat(head.header("Allow")).isEqualTo("GET, PATCH, DELETE");
    assertThat(head.bytes()).isEmpty();
    for (String p : List.of("/v2/images", "/v2/schemas/image")) {
      assertThat(a.send("HEAD", p, HttpRequest.BodyPublishers.noBody()).assertStatus(405).header("Allow")).isNotBlank();
    }
  }

  @Test
  void unsupportedMediaTypeHasItsShortForm() {
    String id = a.createImage("{}");
    String message = "The request media type application/json is not supported by this server.";
    assertThat(a.patch("/v2/images/" + id, "[]", "application/json").body())
        .isEqualTo("415 Unsupported Media Type\n\n" + message + " \n\n ");
    assertThat(a.send("PATCH", "/v2/images/" + id, HttpRequest.BodyPublishers.ofString("[]"),
        "Content-Type", "application/json", "Accept", "*/*").body())
        .endsWith("<h1>415 Unsupported Media Type</h1>\n  " + message + "\n<br /><br />\n\n </body>\n</html>");
    assertThat(a.send("PATCH", "/v2/images/" + id, HttpRequest.BodyPublishers.ofString("[]"),
        "Content-Type", "application/json", "Accept", "application/json").json().get("message").asText())
        .isEqualTo(message + "\n<br /><br />\n");
  }

  @Test
  void everyApiAnswerCarriesARequestId() {
    String id = a.createImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\"}");
    List<Response> answers = List.of(
        a.get("/v2/images"),
        a.get("/v2/images/" + id),
        a.get("/v2/images/" + id + "/file"),
        a.postJson("/v2/images", "{}"),
        a.patch("/v2/images/" + id, "[]"),
        a.put("/v2/images/" + id + "/tags/t"),
        a.get(MISSING),
        a.postJson("/v2/images", "{bad"),
        a.patch("/v2/images/" + id, "[]", "application/json"),
        a.send("PUT", "/v2/images/" + id, HttpRequest.BodyPublishers.noBody()),
        a.get("/v2/nothing-here"),
        a.get("/v2/schemas/image"));
    List<String> seen = new java.util.ArrayList<>();
    for (Response r : answers) {
      assertThat(r.header("x-openstack-request-id")).as("request id of %s", r).matches("req-[0-9a-f-]{36}");
      seen.add(r.header("x-openstack-request-id"));
    }
    assertThat(seen).doesNotHaveDuplicates();
  }
}
