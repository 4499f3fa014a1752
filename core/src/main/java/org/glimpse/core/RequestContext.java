package org.glimpse.core;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: the project (owner id), user and roles a request acts as, however the server
 * authenticated it, and what a Keystone token adds (domains, the token's scope, the roles of a
 * service token sent alongside). Roles are lower-cased on entry so that rule checks compare
 * case-insensitively.
 *
 * @param projectId the caller's project (Glance's "owner"); null for an anonymous caller or a
 *     token not scoped to a project
 * @param userId the caller's user id; may be null
 * @param roles role names, lower case
 * @param authenticated false for an anonymous caller (no identity at all)
 * @param requestId the id echoed in x-openstack-request-id
 * @param userDomainId the domain of the user; may be null
 * @param projectDomainId the domain of the project; may be null
 * @param domainId the domain a domain-scoped token is scoped to; null otherwise
 * @param systemScope {@code all} for a system-scoped token; null otherwise
 * @param isAdminProject Keystone's is_admin_project of the token (true when Keystone has no
 *     admin project configured, as keystonemiddleware reports it)
 * @param serviceRoles roles of a valid X-Service-Token, lower case; empty without one
 * @param serviceUserId the user of that service token; may be null
 * @param serviceProjectId the project of that service token; may be null
 * @param authToken the caller's own Keystone token, kept for the calls Glimpse makes on the
 *     caller's behalf (glance-download reads the other region's image with it); null without
 *     Keystone. Never printed: {@link #toString} leaves it out.
 */
public record RequestContext(
    String projectId,
    String userId,
    Set<String> roles,
    boolean authenticated,
    String requestId,
    String userDomainId,
    String projectDomainId,
    String domainId,
    String systemScope,
    boolean isAdminProject,
    Set<String> serviceRoles,
    String serviceUserId,
    String serviceProjectId,
    String authToken) {

  public RequestContext {
    roles = lower(roles);
    serviceRoles = lower(serviceRoles == null ? Set.of() : serviceRoles);
  }

  /** A caller without a token of its own to pass on. */
  public RequestContext(
      String projectId, String userId, Set<String> roles, boolean authenticated, String requestId,
      String userDomainId, String projectDomainId, String domainId, String systemScope,
      boolean isAdminProject, Set<String> serviceRoles, String serviceUserId, String serviceProjectId) {
    this(projectId, userId, roles, authenticated, requestId, userDomainId, projectDomainId, domainId,
        systemScope, isAdminProject, serviceRoles, serviceUserId, serviceProjectId, null);
  }

  /** A project-scoped (or anonymous) caller without domains or a service token: noauth's form. */
  public RequestContext(
      String projectId, String userId, Set<String> roles, boolean authenticated, String requestId) {
    this(projectId, userId, roles, authenticated, requestId, null, null, null, null, true, Set.of(),
        null, null);
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

  /**
   * The token's scope as oslo.policy tells it when it checks a rule's scope types: {@code system}
   * for a system-scoped token, {@code domain} for a domain-scoped one, else {@code project}.
   */
  public String tokenScope() {
    if (systemScope != null && !systemScope.isEmpty()) {
      return "system";
    }
    if (domainId != null && !domainId.isEmpty()) {
      return "domain";
    }
    return "project";
  }

  @Override
  public String toString() {
    return "RequestContext[project=" + projectId + ", user=" + userId + ", roles=" + roles
        + ", authenticated=" + authenticated + ", request=" + requestId + ", scope=" + tokenScope()
        + ", token=" + (authToken == null ? "none" : "***") + "]";
  }

  private static Set<String> lower(Set<String> roles) {
    return roles.stream().map(r -> r.trim().toLowerCase(Locale.ROOT)).filter(r -> !r.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
