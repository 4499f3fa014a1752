package org.glimpse.stores.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.glimpse.core.error.UnavailableException;

/**
 * Keystone v3 password authentication for the Swift store: a project-scoped token and the storage
 * URL, taken from the token's catalog (service type, interface and region as configured) unless
 * {@code swift_store_endpoint} names one.
 */
final class KeystoneAuth {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A token and where it lets us store; {@code expires} may be null when Keystone does not say. */
  record Grant(String token, URI storageUrl, Instant expires) {
    boolean expiresWithin(java.time.Duration margin) {
      return expires != null && Instant.now().plus(margin).isAfter(expires);
    }
  }

  private final HttpClient http;
  private final SwiftSettings settings;

  KeystoneAuth(HttpClient http, SwiftSettings settings) {
    this.http = http;
    this.settings = settings;
  }

  Grant authenticate() {
    URI tokens = URI.create(stripSlash(settings.authAddress().toString()) + "/auth/tokens");
    HttpRequest request = HttpRequest.newBuilder(tokens)
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body()))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UnavailableException("Keystone at " + settings.authAddress()
          + " is unreachable for the Swift store: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("Interrupted while authenticating to Keystone for Swift", e);
    }
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new UnavailableException("Keystone at " + settings.authAddress() + " refused the Swift"
          + " store's credentials (user '" + settings.user() + "', project '" + settings.project()
          + "'): HTTP " + response.statusCode());
    }
    String token = response.headers().firstValue("X-Subject-Token").orElseThrow(
        () -> new UnavailableException("Keystone at " + settings.authAddress() + " answered without a token"));
    JsonNode body;
    try {
      body = JSON.readTree(response.body()).path("token");
    } catch (IOException e) {
      throw new UnavailableException("Keystone at " + settings.authAddress() + " answered unreadable JSON", e);
    }
    URI storage = settings.endpoint().orElseGet(() -> fromCatalog(body.path("catalog")));
    return new Grant(token, URI.create(stripSlash(storage.toString())), expiry(body.path("expires_at")));
  }

  private String body() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode auth = root.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    ObjectNode user = identity.putObject("password").putObject("user");
    user.put("name", settings.user());
    user.putObject("domain").put("id", settings.userDomainId());
    user.put("password", settings.key());
    ObjectNode project = auth.putObject("scope").putObject("project");
    project.put("name", settings.project());
    project.putObject("domain").put("id", settings.projectDomainId());
    return root.toString();
  }

  private URI fromCatalog(JsonNode catalog) {
    for (JsonNode service : catalog) {
      if (!settings.serviceType().equals(service.path("type").asText())) {
        continue;
      }
      for (JsonNode endpoint : service.path("endpoints")) {
        Optional<String> region = settings.region();
        boolean regionMatches = region.isEmpty()
            || region.get().equals(endpoint.path("region_id").asText())
            || region.get().equals(endpoint.path("region").asText());
        if (regionMatches && settings.endpointInterface().equals(endpoint.path("interface").asText())) {
          return URI.create(endpoint.path("url").asText());
        }
      }
    }
    throw new UnavailableException("Keystone's catalog has no " + settings.endpointInterface() + " '"
        + settings.serviceType() + "' endpoint" + settings.region().map(r -> " in region " + r).orElse("")
        + " for the Swift store (set swift_store_endpoint to name one)");
  }

  private static Instant expiry(JsonNode expiresAt) {
    if (!expiresAt.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(expiresAt.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
