package org.glimpse.core;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: the project (owner id), user and roles a request acts as, however the server
 * authenticated it. Roles are lower-cased on entry so that rule checks compare case-insensitively.
 *
 * @param projectId the caller's project (Glance's "owner"); null for an anonymous or tenantless caller
 * @param userId the caller's user id; may be null
 * @param roles role names, lower case
 * @param authenticated false for an anonymous caller (no identity at all)
 * @param requestId the id echoed in x-openstack-request-id
 */
public record RequestContext(
    String projectId, String userId, Set<String> roles, boolean authenticated, String requestId) {

  public RequestContext {
    roles = roles.stream().map(r -> r.trim().toLowerCase(Locale.ROOT)).filter(r -> !r.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  public static RequestContext anonymous(String requestId) {
    return new RequestContext(null, null, Set.of(), false, requestId);
  }

  /** The id ownership and membership compare against (Glance's owner_is_tenant default). */
  public String owner() {
    return projectId;
  }

  public boolean hasRole(String role) {
    return roles.contains(role.toLowerCase(Locale.ROOT));
  }

  public boolean isAdmin() {
    return hasRole("admin");
  }
}
