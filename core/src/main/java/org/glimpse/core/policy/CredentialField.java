package org.glimpse.core.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.glimpse.core.RequestContext;

/**
 * The caller attributes a generic check may name on its left-hand side: those oslo.context puts in
 * its policy values ({@code to_policy_values}), plus Glance's {@code tenant} and {@code is_admin}.
 */
enum CredentialField {
  PROJECT_ID("project_id"),
  TENANT("tenant"),
  USER_ID("user_id"),
  ROLES("roles"),
  IS_ADMIN("is_admin"),
  USER_DOMAIN_ID("user_domain_id"),
  PROJECT_DOMAIN_ID("project_domain_id"),
  DOMAIN_ID("domain_id"),
  SYSTEM_SCOPE("system_scope"),
  IS_ADMIN_PROJECT("is_admin_project"),
  SERVICE_ROLES("service_roles"),
  SERVICE_USER_ID("service_user_id"),
  SERVICE_PROJECT_ID("service_project_id");

  private final String key;

  CredentialField(String key) {
    this.key = key;
  }

  static Optional<CredentialField> byKey(String key) {
    return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
  }

  static String knownKeys() {
    return String.join(", ", Arrays.stream(values()).map(f -> f.key).toList());
  }

  /**
   * The credential as the strings oslo.policy would compare: a list credential (roles) matches if
   * any element does; booleans render as Python does ("True"/"False"); a missing value never
   * matches (oslo would compare the text "None", which we refuse to treat as an identity).
   */
  Stream<String> values(RequestContext ctx) {
    return switch (this) {
      case PROJECT_ID, TENANT -> Stream.ofNullable(ctx.projectId());
      case USER_ID -> Stream.ofNullable(ctx.userId());
      case ROLES -> ctx.roles().stream();
      case IS_ADMIN -> Stream.of(python(ctx.isAdmin()));
      case USER_DOMAIN_ID -> Stream.ofNullable(ctx.userDomainId());
      case PROJECT_DOMAIN_ID -> Stream.ofNullable(ctx.projectDomainId());
      case DOMAIN_ID -> Stream.ofNullable(ctx.domainId());
      case SYSTEM_SCOPE -> Stream.ofNullable(ctx.systemScope());
      case IS_ADMIN_PROJECT -> Stream.of(python(ctx.isAdminProject()));
      case SERVICE_ROLES -> ctx.serviceRoles().stream();
      case SERVICE_USER_ID -> Stream.ofNullable(ctx.serviceUserId());
      case SERVICE_PROJECT_ID -> Stream.ofNullable(ctx.serviceProjectId());
    };
  }

  private static String python(boolean value) {
    return value ? "True" : "False";
  }
}
