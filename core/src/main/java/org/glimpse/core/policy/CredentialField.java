package org.glimpse.core.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.glimpse.core.RequestContext;

/** The caller attributes a generic check may name on its left-hand side. */
enum CredentialField {
  PROJECT_ID("project_id"),
  TENANT("tenant"),
  USER_ID("user_id"),
  ROLES("roles"),
  IS_ADMIN("is_admin");

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
      case IS_ADMIN -> Stream.of(ctx.isAdmin() ? "True" : "False");
    };
  }
}
