package org.glimpse.ft.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Talks to a running Glimpse as one identity (the noauth headers). {@code Client.anonymous}
 * sends none at all.
 */
public final class Client {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();

  private final String base;
  private final Map<String, String> identity;

  private Client(String base, Map<String, String> identity) {
    this.base = base;
    this.identity = identity;
  }

  /** A caller in {@code project} with comma-separated {@code roles}. */
  public static Client of(String base, String project, String roles) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Project-Id", project);
    h.put("X-User-Id", "user-of-" + project);
    h.put("X-Roles", roles);
    return new Client(base, h);
  }

  public static Client anonymous(String base) {
    return new Client(base, Map.of());
  }

  public String base() {
    return base;
  }

  public Response get(String path, String... headers) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Response delete(String path, String... headers) {
    return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Response postJson(String path, String json) {
    return send("POST", path, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
  }

  public Response putJson(String path, String json) {
    return send("PUT", path, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
  }

  public Response patch(String path, String json) {
    return send("PATCH", path, HttpRequest.BodyPublishers.ofString(json),
        "Content-Type", "application/openstack-images-v2.1-json-patch");
  }

  public Response putData(String path, byte[] data) {
    return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(data), "Content-Type", "application/octet-stream");
  }

  /** Any request; {@code headers} are name, value pairs. */
  public Response send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofMinutes(5)).method(method, body);
    identity.forEach(b::header);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
