package org.glimpse.ft.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Talks to a running Glimpse as one identity (the noauth headers). {@code Client.anonymous}
 * sends none at all.
 */
public final class Client {
  public static final String PATCH_V21 = "application/openstack-images-v2.1-json-patch";
  public static final String PATCH_V20 = "application/openstack-images-v2.0-json-patch";

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();

  private final String base;
  private final Map<String, String> identity;
  private final Duration timeout;

  private Client(String base, Map<String, String> identity) {
    this(base, identity, Duration.ofMinutes(5));
  }

  private Client(String base, Map<String, String> identity, Duration timeout) {
    this.base = base;
    this.identity = identity;
    this.timeout = timeout;
  }

  /**
   * The same caller, whose requests fail (HttpTimeoutException, wrapped) when no answer came
   * within {@code timeout}: a bound on a wait, for tests that must not hang.
   */
  public Client withTimeout(Duration timeout) {
    return new Client(base, identity, timeout);
  }

  /** A caller in {@code project} with comma-separated {@code roles}. */
  public static Client of(String base, String project, String roles) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Project-Id", project);
    h.put("X-User-Id", "user-of-" + project);
    h.put("X-Roles", roles);
    return new Client(base, h);
  }

  /**
   * The same caller with its project in Keystone domain {@code domainId}, as keystonemiddleware
   * tells it (X-Project-Domain-Id).
   */
  public Client inDomain(String domainId) {
    Map<String, String> h = new LinkedHashMap<>(identity);
    h.put("X-Project-Domain-Id", domainId);
    return new Client(base, h, timeout);
  }

  public Response deleteJson(String path, String json) {
    return send("DELETE", path, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
  }

  /** A caller known by its Keystone token (sent as X-Auth-Token). */
  public static Client withToken(String base, String token) {
    return new Client(base, Map.of("X-Auth-Token", token));
  }

  public static Client anonymous(String base) {
    return new Client(base, Map.of());
  }

  public String base() {
    return base;
  }

  /** The identity headers this client sends (empty for an anonymous one). */
  public Map<String, String> identity() {
    return identity;
  }

  public Response get(String path, String... headers) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Response delete(String path, String... headers) {
    return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Response post(String path, String... headers) {
    return send("POST", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Response put(String path, String... headers) {
    return send("PUT", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Response postJson(String path, String json) {
    return send("POST", path, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
  }

  public Response putJson(String path, String json) {
    return send("PUT", path, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
  }

  /** PATCH with the v2.1 JSON-patch media type. */
  public Response patch(String path, String json) {
    return patch(path, json, PATCH_V21);
  }

  /** PATCH with any Content-Type; null sends none. */
  public Response patch(String path, String json, String contentType) {
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(json);
    return contentType == null ? send("PATCH", path, body) : send("PATCH", path, body, "Content-Type", contentType);
  }

  public Response putData(String path, byte[] data, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/octet-stream";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(data), all);
  }

  /** Uploads with chunked transfer-encoding (no Content-Length). */
  public Response putChunked(String path, InputStream data) {
    return send("PUT", path, HttpRequest.BodyPublishers.ofInputStream(() -> data),
        "Content-Type", "application/octet-stream");
  }

  /** Creates an image from a JSON body and returns its id; fails unless the answer is 201. */
  public String createImage(String json) {
    Response r = postJson("/v2/images", json);
    if (r.status() != 201) {
      throw new AssertionError("image not created: " + r);
    }
    return r.json().get("id").asText();
  }

  /** Creates a raw/bare image, uploads {@code data} and returns its id. */
  public String createActiveImage(String json, String data) {
    String id = createImage(json);
    Response r = putData("/v2/images/" + id + "/file", data.getBytes(StandardCharsets.UTF_8));
    if (r.status() != 204) {
      throw new AssertionError("upload failed: " + r);
    }
    return id;
  }

  /** Any request; {@code headers} are name, value pairs. */
  public Response send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout).method(method, body);
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
