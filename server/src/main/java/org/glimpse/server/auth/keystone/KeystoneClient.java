package org.glimpse.server.auth.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Talks to Keystone's v3 token API: issues the service user's token (password authentication)
 * and validates a caller's token with it. Every request is bounded by the timeout; a refused or
 * broken connection is retried a few times, a timeout never, so an answer comes in bounded time.
 */
final class KeystoneClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The answer to a validation. */
  sealed interface Validation {
    record Valid(KeystoneToken token) implements Validation {}

    /** Keystone does not know the token (or it expired, or was revoked). */
    record Invalid(String reason) implements Validation {}

    /** Keystone refused the service token itself (expired or revoked): get a new one. */
    record ServiceTokenRefused() implements Validation {}
  }

  /** The service user's token. */
  record ServiceToken(String id, Instant expiresAt) {}

  private final URI v3;
  private final HttpClient http;
  private final Duration timeout;
  private final int retries;
  private final String authBody;

  KeystoneClient(URI v3, Duration timeout, int retries, ObjectNode authRequest) {
    this.v3 = v3;
    this.timeout = timeout;
    this.retries = retries;
    this.authBody = authRequest.toString();
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  ServiceToken issueServiceToken() throws KeystoneUnavailableException {
    HttpRequest request = HttpRequest.newBuilder(v3.resolve("auth/tokens?nocatalog"))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(authBody, StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new KeystoneUnavailableException("Keystone refused the service user's credentials ("
          + response.statusCode() + " from " + request.uri() + "); check [keystone_authtoken]", null);
    }
    String id = response.headers().firstValue("X-Subject-Token").orElse(null);
    try {
      KeystoneToken token = KeystoneToken.parse(JSON.readTree(response.body()));
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("no X-Subject-Token header");
      }
      return new ServiceToken(id, token.expiresAt());
    } catch (IOException | IllegalArgumentException e) {
      throw new KeystoneUnavailableException("Keystone's answer to the service user's"
          + " authentication could not be read: " + e.getMessage(), e);
    }
  }

  Validation validate(String serviceToken, String subjectToken) throws KeystoneUnavailableException {
    HttpRequest request = HttpRequest.newBuilder(v3.resolve("auth/tokens?nocatalog"))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("X-Auth-Token", serviceToken)
        .header("X-Subject-Token", subjectToken)
        .GET()
        .build();
    HttpResponse<String> response = send(request);
    int status = response.statusCode();
    if (status == 200) {
      try {
        return new Validation.Valid(KeystoneToken.parse(JSON.readTree(response.body())));
      } catch (IOException | IllegalArgumentException e) {
        return new Validation.Invalid("unreadable token data: " + e.getMessage());
      }
    }
    if (status == 404 || status == 400) {
      return new Validation.Invalid("Keystone answered " + status);
    }
    if (status == 401 || status == 403) {
      return new Validation.ServiceTokenRefused();
    }
    throw new KeystoneUnavailableException("Keystone answered " + status + " to a token validation", null);
  }

  /** Keystone's answer to a lookup of one project or domain. */
  enum Lookup { FOUND, NOT_FOUND, SERVICE_TOKEN_REFUSED }

  /**
   * Looks up {@code projects/<id>} or {@code domains/<id>} with the service token: found (200),
   * not found (404), or the service token refused (401). A 403 (the service user may not read
   * it) and any other answer are Keystone being unable to tell.
   */
  Lookup lookup(String serviceToken, String kind, String id) throws KeystoneUnavailableException {
    HttpRequest request = HttpRequest.newBuilder(v3.resolve(kind + "/"
            + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("X-Auth-Token", serviceToken)
        .GET()
        .build();
    int status = send(request).statusCode();
    return switch (status) {
      case 200 -> Lookup.FOUND;
      case 404 -> Lookup.NOT_FOUND;
      case 401 -> Lookup.SERVICE_TOKEN_REFUSED;
      case 403 -> throw new KeystoneUnavailableException("Keystone does not let the service user of"
          + " [keystone_authtoken] read " + kind + " (403 from " + request.uri() + "); give it a role"
          + " that may, or turn validate_member_project off", null);
      default -> throw new KeystoneUnavailableException("Keystone answered " + status + " to a lookup of "
          + request.uri(), null);
    };
  }

  /**
   * Reads {@code path} (relative to /v3, with its query) with the service token: the JSON of a 200,
   * or null when Keystone refused the service token (401). Any other answer, an unreadable body
   * included, is Keystone being unable to tell.
   */
  JsonNode read(String serviceToken, String path) throws KeystoneUnavailableException {
    HttpRequest request = HttpRequest.newBuilder(v3.resolve(path))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("X-Auth-Token", serviceToken)
        .GET()
        .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() == 401) {
      return null;
    }
    if (response.statusCode() != 200) {
      throw new KeystoneUnavailableException("Keystone answered " + response.statusCode() + " to GET "
          + request.uri(), null);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new KeystoneUnavailableException("Keystone's answer to GET " + request.uri()
          + " could not be read: " + e.getMessage(), e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) throws KeystoneUnavailableException {
    IOException last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (HttpTimeoutException e) {
        throw new KeystoneUnavailableException("Keystone did not answer within " + timeout.toSeconds()
            + " s (" + request.uri() + ")", e);
      } catch (IOException e) {
        last = e;
        pause(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KeystoneUnavailableException("interrupted while asking Keystone", e);
      }
    }
    throw new KeystoneUnavailableException("Keystone is unreachable at " + request.uri() + ": " + last,
        last);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(100L * (attempt + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static JsonNode readTree(String body) throws IOException {
    return JSON.readTree(body);
  }
}
