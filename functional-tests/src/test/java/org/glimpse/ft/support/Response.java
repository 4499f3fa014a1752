package org.glimpse.ft.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;

/** One HTTP answer, with its body as text (and as JSON on demand). */
public record Response(int status, HttpHeaders headers, byte[] bytes) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public String body() {
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
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

  @Override
  public String toString() {
    return "HTTP " + status + " " + (bytes.length > 500 ? body().substring(0, 500) + "…" : body());
  }
}
