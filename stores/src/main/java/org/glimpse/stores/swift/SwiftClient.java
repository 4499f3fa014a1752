package org.glimpse.stores.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.UnavailableException;

/**
 * Swift's object API over java.net.http: each call authenticates with the current Keystone token
 * and, when Swift answers 401 (the token expired or was revoked), authenticates again and repeats
 * the call once — except a streaming upload, which cannot be replayed and so starts with a token
 * that has minutes left. Statuses become Glimpse's errors: 404 NotFoundException, 412
 * ConflictException, 401 after a new token, 5xx and an unreachable Swift UnavailableException.
 */
final class SwiftClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 10_000;
  private static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);

  /** One entry of a container listing. */
  record Listed(String name, Instant lastModified) {}

  private final SwiftSettings settings;
  private final HttpClient http;
  private final KeystoneAuth auth;
  private volatile KeystoneAuth.Grant grant;
  private final AtomicInteger authentications = new AtomicInteger();

  SwiftClient(SwiftSettings settings) {
    this.settings = settings;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.insecure()) {
      builder.sslContext(trustingEveryCertificate());
    } else if (settings.caCertificates().isPresent()) {
      builder.sslContext(trusting(settings.caCertificates().get()));
    }
    this.http = builder.build();
    this.auth = new KeystoneAuth(http, settings);
  }

  /** HEAD of a container or object: its headers, or empty when it does not exist. */
  Optional<Map<String, List<String>>> head(String container, String object) throws IOException {
    HttpResponse<Void> response = send("HEAD", path(container, object), Map.of(), null, BodyHandlers.discarding(), true);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    check(response, "HEAD", container, object);
    return Optional.of(response.headers().map());
  }

  /** Creates a container (idempotent in Swift). */
  void createContainer(String container) throws IOException {
    HttpResponse<Void> response = send("PUT", path(container, null), Map.of(),
        BodyPublishers.noBody(), BodyHandlers.discarding(), true);
    check(response, "PUT", container, null);
  }

  /** Deletes an empty container; a missing one is no error. */
  void deleteContainer(String container) throws IOException {
    HttpResponse<Void> response = send("DELETE", path(container, null), Map.of(), null, BodyHandlers.discarding(), true);
    if (response.statusCode() != 404) {
      check(response, "DELETE", container, null);
    }
  }

  /**
   * Uploads {@code body} with chunked transfer encoding, so that no byte is buffered here;
   * returns the object's ETag (its MD5). An IOException or RuntimeException the stream throws
   * surfaces from here wrapped by the HTTP client, so the caller keeps its own record of it.
   */
  String putStream(String container, String object, Supplier<InputStream> body) throws IOException {
    freshToken();
    HttpResponse<Void> response = send("PUT", path(container, object), Map.of(
        "Content-Type", "application/octet-stream"), BodyPublishers.ofInputStream(body), BodyHandlers.discarding(), false);
    check(response, "PUT", container, object);
    return response.headers().firstValue("ETag").map(SwiftClient::unquote).orElse(null);
  }

  /** A server-side copy of one object to another name. */
  void copy(String fromContainer, String fromObject, String container, String object) throws IOException {
    HttpResponse<Void> response = send("PUT", path(container, object), Map.of(
            "X-Copy-From", path(fromContainer, fromObject), "Content-Type", "application/octet-stream"),
        BodyPublishers.noBody(), BodyHandlers.discarding(), true);
    check(response, "COPY to", container, object);
  }

  /** Writes a Static Large Object manifest, unless the object exists (then ConflictException). */
  void putManifest(String container, String object, String manifestJson) throws IOException {
    HttpResponse<String> response = send("PUT", path(container, object) + "?multipart-manifest=put",
        Map.of("If-None-Match", "*", "Content-Type", "application/octet-stream"),
        BodyPublishers.ofString(manifestJson), BodyHandlers.ofString(), true);
    if (response.statusCode() == 400) {
      throw new IOException("Swift refused the manifest of " + container + "/" + object + ": "
          + response.body().strip());
    }
    check(response, "PUT manifest", container, object);
  }

  /** GET of an object from byte {@code offset} ({@code length} -1: to its end); 416 gives null. */
  InputStream get(String container, String object, long offset, long length) throws IOException {
    Map<String, String> headers = offset == 0 && length < 0 ? Map.of()
        : Map.of("Range", "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1)));
    HttpResponse<InputStream> response = send("GET", path(container, object), headers, null, BodyHandlers.ofInputStream(), true);
    if (response.statusCode() == 416) {
      response.body().close();
      return null;
    }
    if (response.statusCode() >= 300) {
      response.body().close();
    }
    check(response, "GET", container, object);
    return response.body();
  }

  /** Deletes an object as it is (a manifest without its segments); a missing one is no error. */
  void delete(String container, String object) throws IOException {
    HttpResponse<Void> response = send("DELETE", path(container, object), Map.of(), null, BodyHandlers.discarding(), true);
    if (response.statusCode() != 404) {
      check(response, "DELETE", container, object);
    }
  }

  /** Deletes a data object, with its segments when it is a manifest; a missing one is no error. */
  void deleteWithSegments(String container, String object) throws IOException {
    HttpResponse<String> response = send("DELETE", path(container, object) + "?multipart-manifest=delete",
        Map.of("Accept", "application/json"), null, BodyHandlers.ofString(), true);
    if (response.statusCode() == 404) {
      return;
    }
    check(response, "DELETE", container, object);
    // a manifest's delete answers 200 with a report: segments already gone count as not found,
    // the others Swift failed on are its errors; a plain object is refused as "Not an SLO manifest"
    if (response.statusCode() == 200 && !response.body().isBlank()) {
      JsonNode report = JSON.readTree(response.body());
      JsonNode errors = report.path("Errors");
      if (errors.size() == 1 && errors.get(0).path(1).asText().contains("Not an SLO manifest")) {
        delete(container, object);
      } else if (errors.size() > 0) {
        throw new UnavailableException("Swift could not delete every segment of " + container + "/"
            + object + ": " + errors);
      }
    }
  }

  /** Every object of {@code container} whose name starts with {@code prefix}; empty if it is missing. */
  List<Listed> list(String container, String prefix) throws IOException {
    List<Listed> all = new ArrayList<>();
    String marker = "";
    while (true) {
      String query = "?format=json&limit=" + PAGE + "&prefix=" + encode(prefix) + "&marker=" + encode(marker);
      HttpResponse<String> response = send("GET", path(container, null) + query, Map.of(), null, BodyHandlers.ofString(), true);
      if (response.statusCode() == 404) {
        return all;
      }
      check(response, "GET", container, null);
      JsonNode page = JSON.readTree(response.body());
      for (JsonNode entry : page) {
        all.add(new Listed(entry.path("name").asText(), lastModified(entry.path("last_modified").asText())));
      }
      if (page.size() < PAGE) {
        return all;
      }
      marker = page.get(page.size() - 1).path("name").asText();
    }
  }

  /** The storage URL currently in use (authenticating if needed). */
  URI storageUrl() {
    return currentGrant().storageUrl();
  }

  private <T> HttpResponse<T> send(String method, String path, Map<String, String> headers,
      BodyPublisher body, BodyHandler<T> handler, boolean replayable) throws IOException {
    KeystoneAuth.Grant used = currentGrant();
    HttpResponse<T> response = sendOnce(used, method, path, headers, body, handler, replayable);
    if (response.statusCode() == 401 && replayable) {
      discard(response);
      renew(used);
      response = sendOnce(currentGrant(), method, path, headers, body, handler, true);
    }
    if (response.statusCode() == 401) {
      discard(response);
      throw new UnavailableException("Swift at " + used.storageUrl() + " refused the store's token for "
          + method + " " + path);
    }
    return response;
  }

  private <T> HttpResponse<T> sendOnce(KeystoneAuth.Grant grant, String method, String path,
      Map<String, String> headers, BodyPublisher body, BodyHandler<T> handler, boolean bounded) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(grant.storageUrl() + "/" + path))
        .header("X-Auth-Token", grant.token())
        .method(method, body == null ? BodyPublishers.noBody() : body);
    if (bounded) {
      // a streaming upload may take as long as the data does; everything else answers promptly
      request.timeout(settings.timeout());
    }
    headers.forEach(request::header);
    try {
      return http.send(request.build(), handler);
    } catch (IOException e) {
      throw new UnavailableException("Swift at " + grant.storageUrl() + " is unreachable (" + method + " "
          + path + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("Interrupted while talking to Swift", e);
    }
  }

  private KeystoneAuth.Grant currentGrant() {
    KeystoneAuth.Grant current = grant;
    if (current == null) {
      synchronized (this) {
        if (grant == null) {
          grant = authenticate();
        }
        current = grant;
      }
    }
    return current;
  }

  /** Replaces {@code stale} by a new grant unless another thread already did. */
  private synchronized void renew(KeystoneAuth.Grant stale) {
    if (grant == stale || grant == null) {
      grant = authenticate();
    }
  }

  private KeystoneAuth.Grant authenticate() {
    KeystoneAuth.Grant fresh = auth.authenticate();
    authentications.incrementAndGet();
    return fresh;
  }

  /** How many tokens this client obtained (for tests of renewal). */
  int authentications() {
    return authentications.get();
  }

  private void freshToken() {
    KeystoneAuth.Grant current = currentGrant();
    if (current.expiresWithin(TOKEN_MARGIN)) {
      renew(current);
    }
  }

  private static void discard(HttpResponse<?> response) throws IOException {
    if (response.body() instanceof InputStream in) {
      in.close();
    }
  }

  private static void check(HttpResponse<?> response, String what, String container, String object) throws IOException {
    int status = response.statusCode();
    String target = object == null ? "container " + container : container + "/" + object;
    if (status >= 200 && status < 300) {
      return;
    }
    if (status == 404) {
      throw new NotFoundException("Image data not found in Swift (" + target + ")");
    }
    if (status == 412) {
      throw new ConflictException("Swift object " + target + " already exists");
    }
    if (status >= 500 || status == 408 || status == 429) {
      throw new UnavailableException("Swift answered HTTP " + status + " to " + what + " " + target);
    }
    throw new IOException("Swift answered HTTP " + status + " to " + what + " " + target);
  }

  static String path(String container, String object) {
    return encode(container) + (object == null ? "" : "/" + encodeObject(object));
  }

  private static String encodeObject(String object) {
    StringBuilder out = new StringBuilder();
    for (String part : object.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(encode(part));
    }
    return out.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String unquote(String etag) {
    return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() > 1
        ? etag.substring(1, etag.length() - 1) : etag;
  }

  /** Swift's listing time: UTC without a zone, such as {@code 2026-12-03T02:52:14.138660}. */
  private static Instant lastModified(String text) {
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** TLS trusting the certificate authorities of a PEM file; IllegalArgumentException if it has none. */
  private static SSLContext trusting(Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
      roots.load(null, null);
      int n = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        roots.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw new IllegalArgumentException("swift_store_cacert " + pemFile + " holds no certificate");
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(roots);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("swift_store_cacert " + pemFile + " cannot be read as PEM certificates: " + e, e);
    }
  }

  private static SSLContext trustingEveryCertificate() {
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available", e);
    }
  }
}
