package org.glimpse.server.auth;

import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;

/**
 * No authentication (Glance's pipeline without a flavor): the caller's identity is taken from
 * request headers as they are: X-Project-Id (or X-Tenant-Id), X-User-Id and X-Roles, and the
 * domains keystonemiddleware would pass on, X-Project-Domain-Id and X-User-Domain-Id. A request
 * with none of them acts as the configured default identity, or anonymously when no default
 * project is set. An id or role longer than 255 characters is a BadRequest. Only for a trusted
 * network.
 */
public final class NoAuthAuthenticator implements Authenticator {
  /** The longest project id, user id or role accepted (an owner or member column holds 255). */
  static final int MAX_ID = 255;

  private final String defaultProjectId;
  private final Set<String> defaultRoles;

  public NoAuthAuthenticator(String defaultProjectId, Set<String> defaultRoles) {
    this.defaultProjectId = defaultProjectId == null || defaultProjectId.isBlank() ? null : defaultProjectId;
    this.defaultRoles = Set.copyOf(defaultRoles);
  }

  @Override
  public RequestContext authenticate(Context ctx, String requestId) {
    String project = first(ctx.header("X-Project-Id"), ctx.header("X-Tenant-Id"));
    String user = blankToNull(ctx.header("X-User-Id"));
    String roles = ctx.header("X-Roles");
    if (project == null && user == null && roles == null) {
      if (defaultProjectId == null) {
        return RequestContext.anonymous(requestId);
      }
      return new RequestContext(defaultProjectId, null, defaultRoles, true, requestId);
    }
    Set<String> roleSet = split(roles);
    checkLength(blankToNull(ctx.header("X-Project-Id")) != null ? "X-Project-Id" : "X-Tenant-Id", project);
    checkLength("X-User-Id", user);
    roleSet.forEach(role -> checkLength("A role in X-Roles", role));
    String projectDomain = blankToNull(ctx.header("X-Project-Domain-Id"));
    String userDomain = blankToNull(ctx.header("X-User-Domain-Id"));
    checkLength("X-Project-Domain-Id", projectDomain);
    checkLength("X-User-Domain-Id", userDomain);
    return new RequestContext(project, user, roleSet, true, requestId, userDomain, projectDomain, null,
        null, true, Set.of(), null, null);
  }

  /**
   * Identities longer than a database column (and than any Keystone id) are refused before
   * anything is stored under them.
   */
  private static void checkLength(String what, String value) {
    if (value != null && value.length() > MAX_ID) {
      throw new BadRequestException(what + " is too long: " + value.length() + " characters (at most " + MAX_ID + ").");
    }
  }

  private static Set<String> split(String roles) {
    if (roles == null) {
      return Set.of();
    }
    return Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty())
        .collect(Collectors.toSet());
  }

  private static String first(String a, String b) {
    return blankToNull(a) != null ? a.trim() : blankToNull(b);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
