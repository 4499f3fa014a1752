package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The location API's rules (Glance 2024.2+): {@code add_image_location} is SERVICE_OR_PROJECT_MEMBER
 * and {@code fetch_image_location} is SERVICE, with no deprecated variant, so the legacy and the
 * secure-RBAC default sets give the same answers; a policy file overrides them.
 */
class LocationApiRulesTest {
  private static final Map<String, String> OWN = Map.of("owner", "p1", "project_id", "p1", "visibility", "private");
  private static final Map<String, RequestContext> CALLERS = Map.of(
      "member", new RequestContext("p1", "u1", Set.of("member", "reader"), true, "r"),
      "reader", new RequestContext("p1", "u2", Set.of("reader"), true, "r"),
      "otherMember", new RequestContext("p2", "u3", Set.of("member", "reader"), true, "r"),
      "service", new RequestContext("p3", "u4", Set.of("service"), true, "r"),
      "admin", new RequestContext("p9", "u9", Set.of("admin"), true, "r"));

  @ParameterizedTest(name = "new defaults {0}: {1}")
  @CsvSource({
    "false, member,      true,  false",
    "false, reader,      false, false",
    "false, otherMember, false, false",
    "false, service,     true,  true",
    "false, admin,       true,  true",
    "true,  member,      true,  false",
    "true,  reader,      false, false",
    "true,  otherMember, false, false",
    "true,  service,     true,  true",
    "true,  admin,       true,  true",
  })
  void defaults(boolean newDefaults, String caller, boolean add, boolean fetch) {
    Policy policy = Policy.glance(newDefaults, false, Map.of());
    assertThat(policy.allows("add_image_location", CALLERS.get(caller), OWN)).isEqualTo(add);
    assertThat(policy.allows("fetch_image_location", CALLERS.get(caller), OWN)).isEqualTo(fetch);
  }

  @Test
  void ruleTextsAreGlancesInBothSets() {
    String add = "rule:service_api or (role:member and project_id:%(project_id)s and project_id:%(owner)s)";
    for (Map<String, String> rules : java.util.List.of(GlanceDefaultRules.rules(), GlanceDefaultRules.secureRbac())) {
      assertThat(rules).containsEntry("add_image_location", add)
          .containsEntry("fetch_image_location", "rule:service_api")
          .containsEntry("service_api", "role:service or role:admin");
    }
    assertThat(GlanceDefaultRules.scopeTypes().get("add_image_location")).containsExactly("project");
    assertThat(GlanceDefaultRules.scopeTypes().get("fetch_image_location")).containsExactly("project");
  }

  @Test
  void aPolicyFileOverridesThem() {
    Policy policy = Policy.glance(true, false, Map.of("fetch_image_location", "role:reader",
        "add_image_location", "!"));
    assertThat(policy.allows("fetch_image_location", CALLERS.get("reader"), OWN)).isTrue();
    assertThat(policy.allows("add_image_location", CALLERS.get("service"), OWN)).isFalse();
  }
}
