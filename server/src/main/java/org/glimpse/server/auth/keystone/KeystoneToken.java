package org.glimpse.server.auth.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What Glimpse keeps of a token Keystone validated (the {@code token} object of a v3 GET
 * /v3/auth/tokens answer): who, in which scope, with which roles, until when.
 *
 * @param systemScope {@code all} for a system-scoped token, else null
 * @param domainId the domain of a domain-scoped token, else null
 * @param isAdminProject Keystone's is_admin_project; true when the token does not say (Keystone
 *     has no admin project configured), as keystonemiddleware reports it
 */
public record KeystoneToken(
    String userId,
    String userDomainId,
    String projectId,
    String projectDomainId,
    String domainId,
    String systemScope,
    Set<String> roles,
    boolean isAdminProject,
    Instant expiresAt) {

  /**
   * Reads a validation answer.
   *
   * @throws IllegalArgumentException when it is not a v3 token body with a user and an expiry
   */
  public static KeystoneToken parse(JsonNode body) {
    JsonNode token = body.path("token");
    String userId = text(token.path("user").path("id"));
    String expires = text(token.path("expires_at"));
    if (userId == null || expires == null) {
      throw new IllegalArgumentException("not a Keystone v3 token: no user id or expires_at");
    }
    Instant expiresAt;
    try {
      expiresAt = Instant.parse(expires.endsWith("Z") || expires.contains("+") ? expires : expires + "Z");
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a Keystone v3 token: expires_at " + expires);
    }
    Set<String> roles = new LinkedHashSet<>();
    token.path("roles").forEach(r -> {
      String name = text(r.path("name"));
      if (name != null) {
        roles.add(name);
      }
    });
    JsonNode system = token.path("system");
    String systemScope = system.path("all").asBoolean(false) ? "all" : null;
    JsonNode project = token.path("project");
    JsonNode domain = token.path("domain");
    JsonNode adminProject = token.path("is_admin_project");
    return new KeystoneToken(
        userId,
        text(token.path("user").path("domain").path("id")),
        text(project.path("id")),
        text(project.path("domain").path("id")),
        project.isMissingNode() ? text(domain.path("id")) : null,
        systemScope,
        Set.copyOf(roles),
        !adminProject.isBoolean() || adminProject.asBoolean(),
        expiresAt);
  }

  /** Whether the token is still valid at {@code now} (keystonemiddleware: 0 s of life left is expired). */
  public boolean validAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
