package org.glimpse.ft.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** One HTTP answer, with its body as text (and as JSON on demand). */
public record Response(int status, HttpHeaders headers, byte[] bytes) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public String body() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public JsonNode json() {
    try {
      return MAPPER.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new AssertionError("response is not JSON (status " + status + "): " + body(), e);
    }
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  /**
   * Asserts an error answer: the status, a body that contains {@code message} (as Glance's error
   * page shows it, HTML-escaped), and the request id every API answer carries.
   */
  public Response assertError(int expectedStatus, String message) {
    assertThat(status).as("status of %s", this).isEqualTo(expectedStatus);
    assertThat(errorText()).as("error message of %s", this).contains(message);
    assertThat(header("x-openstack-request-id")).as("request id").startsWith("req-");
    return this;
  }

  /**
   * The message of an error page, whatever its form: HTML entities decoded, the {@code message}
   * field of a JSON error, or the plain text.
   */
  public String errorText() {
    String type = header("Content-Type") == null ? "" : header("Content-Type");
    if (type.startsWith("application/json")) {
      return json().path("message").asText();
    }
    if (type.startsWith("text/html")) {
      return body().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
          .replace("&#x27;", "'").replace("&amp;", "&");
    }
    return body();
  }

  /** Asserts the status, showing the body when it differs. */
  public Response assertStatus(int expectedStatus) {
    assertThat(status).as("status of %s", this).isEqualTo(expectedStatus);
    return this;
  }

  /** The text as an HTML error page shows it. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#x27;");
  }

  @Override
  public String toString() {
    return "HTTP " + status + " " + (bytes.length > 500 ? body().substring(0, 500) + "…" : body());
  }
}
