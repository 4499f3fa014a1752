package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ErrorKind;
import org.glimpse.core.error.ForbiddenException;
import org.junit.jupiter.api.Test;

class PolicyTest {
  private static final RequestContext MEMBER =
      new RequestContext("p1", "u1", Set.of("member"), true, "req-1");
  private static final RequestContext ADMIN =
      new RequestContext("p9", "u9", Set.of("admin"), true, "req-2");

  @Test
  void ruleReferencesAreFollowedTransitively() {
    Policy policy = Policy.of(Map.of(
        "is_admin_rule", "role:admin",
        "owner", "project_id:%(owner)s",
        "admin_or_owner", "rule:is_admin_rule or rule:owner",
        "action", "rule:admin_or_owner"));
    assertThat(policy.allows("action", MEMBER, Map.of("owner", "p1"))).isTrue();
    assertThat(policy.allows("action", MEMBER, Map.of("owner", "p2"))).isFalse();
    assertThat(policy.allows("action", ADMIN, Map.of("owner", "p2"))).isTrue();
  }

  @Test
  void aReferenceToAnUndefinedRuleDenies() {
    Policy policy = Policy.of(Map.of("action", "rule:nowhere", "negated", "not rule:nowhere"));
    assertThat(policy.allows("action", ADMIN, Map.of())).isFalse();
    assertThat(policy.allows("negated", ADMIN, Map.of())).isTrue();
  }

  @Test
  void cyclesAreRefusedAtLoad() {
    assertThatThrownBy(() -> Policy.of(Map.of("a", "rule:b", "b", "role:x or rule:a")))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessageMatching("Policy rule '[ab]' refers to itself: (a -> b -> a|b -> a -> b)");
    assertThatThrownBy(() -> Policy.of(Map.of("self", "rule:self")))
        .hasMessageContaining("self -> self");
  }

  @Test
  void anActionWithoutARuleIsAnErrorNeverAFallback() {
    Policy policy = Policy.of(Map.of("default", "", "open", ""));
    assertThat(policy.allows("open", MEMBER, null)).isTrue();
    assertThatThrownBy(() -> policy.allows("unlisted", ADMIN, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'unlisted'");
    assertThatThrownBy(() -> policy.requireRules(java.util.List.of("open", "unlisted"), "test"))
        .isInstanceOf(InvalidRuleException.class).hasMessageContaining("'unlisted'");
  }

  @Test
  void imagePolicyRefusesRulesThatLackAnAction() {
    assertThatThrownBy(() -> new ImagePolicy(Policy.of(Map.of("default", ""))))
        .isInstanceOf(InvalidRuleException.class).hasMessageContaining("add_image");
    assertThatCode(() -> new ImagePolicy(Policy.glanceDefaults())).doesNotThrowAnyException();
  }

  @Test
  void enforceThrowsGlancesForbidden() {
    Policy policy = Policy.of(Map.of("publicize_image", "role:admin"));
    assertThatCode(() -> policy.enforce("publicize_image", ADMIN, Map.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.enforce("publicize_image", MEMBER, Map.of()))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("You are not authorized to complete publicize_image action.")
        .satisfies(e -> assertThat(((ForbiddenException) e).kind()).isEqualTo(ErrorKind.FORBIDDEN));
  }

  @Test
  void overridesReplaceDefaultsByNameAndMayAddRules() {
    Policy policy = Policy.withOverrides(Map.of(
        "publicize_image", "rule:trusted", "trusted", "role:member", "default", "role:admin"));
    assertThat(policy.allows("publicize_image", MEMBER, Map.of())).isTrue();
    assertThat(policy.ruleNames()).contains("trusted", "get_image", "context_is_admin");
  }

  @Test
  void badOverridesFailAtLoad() {
    assertThatThrownBy(() -> Policy.withOverrides(Map.of("get_image", "role:admin and")))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessageContaining("'get_image'");
  }
}
