package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.metadef.Namespace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Glance's metadef rules, legacy and secure RBAC, and Glance's 404-or-403 rule on namespaces. */
class MetadefPolicyTest {
  private static final Policy LEGACY = Policy.glance(false, false, Map.of());
  private static final Policy NEW = Policy.glance(true, true, Map.of());
  private static final RequestContext READER = ctx("p1", "reader");
  private static final RequestContext MEMBER_ONLY = ctx("p1", "member");
  private static final RequestContext OTHER_READER = ctx("p2", "reader");
  private static final RequestContext ADMIN = ctx("p9", "admin");
  private static final Namespace PRIVATE = ns("private");
  private static final Namespace PUBLIC = ns("public");

  private static RequestContext ctx(String project, String... roles) {
    return new RequestContext(project, "u-" + project, Set.of(roles), true, "r");
  }

  private static Namespace ns(String visibility) {
    return new Namespace("n-" + visibility, null, null, visibility, false, "p1", Instant.EPOCH, Instant.EPOCH);
  }

  @Test
  void everyMetadefActionHasARuleInBothModesAndIsProjectScoped() {
    for (PolicyAction action : PolicyAction.values()) {
      if (action.rule().contains("metadef")) {
        assertThat(GlanceDefaultRules.rules()).containsKey(action.rule());
        assertThat(GlanceDefaultRules.secureRbac()).containsKey(action.rule());
        assertThat(GlanceDefaultRules.scopeTypes().get(action.rule())).containsExactly("project");
      }
    }
    assertThat(GlanceDefaultRules.scopeTypes()).doesNotContainKeys("metadef_default", "metadef_admin");
    assertThat(Arrays.stream(PolicyAction.values()).filter(a -> a.rule().contains("metadef")).count()).isEqualTo(26);
  }

  @ParameterizedTest(name = "{0} on {1}: legacy member-only={2} new reader={3} new member-only={4} new other={5}")
  @CsvSource({
    "get_metadef_namespace,    private, true,  true,  false, false",
    "get_metadef_namespace,    public,  true,  true,  false, true",
    "get_metadef_tags,         public,  true,  true,  false, true",
    "get_metadef_property,     private, true,  true,  false, false",
    "add_metadef_tag,          private, false, false, false, false",
    "modify_metadef_namespace, public,  false, false, false, false",
    "delete_metadef_tags,      public,  false, false, false, false",
  })
  void rulesOnANamespaceOfProjectP1(String action, String visibility, boolean legacyMember, boolean newReader,
      boolean newMemberOnly, boolean newOther) {
    Map<String, String> target = Map.of("project_id", "p1", "visibility", visibility);
    assertThat(LEGACY.allows(action, MEMBER_ONLY, target)).isEqualTo(legacyMember);
    assertThat(NEW.allows(action, READER, target)).isEqualTo(newReader);
    assertThat(NEW.allows(action, MEMBER_ONLY, target)).isEqualTo(newMemberOnly);
    assertThat(NEW.allows(action, OTHER_READER, target)).isEqualTo(newOther);
    assertThat(LEGACY.allows(action, ADMIN, target)).isTrue();
    assertThat(NEW.allows(action, ADMIN, target)).isTrue();
  }

  @Test
  void aDenialIsNotFoundWhereTheCallerMayNotGetTheNamespaceAndForbiddenWhereItMay() {
    MetadefPolicy policy = new MetadefPolicy(NEW);
    assertThatThrownBy(() -> policy.enforce(PolicyAction.ADD_METADEF_TAG, OTHER_READER, PRIVATE))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> policy.enforce(PolicyAction.ADD_METADEF_TAG, OTHER_READER, PUBLIC))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("add_metadef_tag");
    assertThatThrownBy(() -> policy.enforce(PolicyAction.GET_METADEF_NAMESPACE, MEMBER_ONLY, PUBLIC))
        .isInstanceOf(NotFoundException.class);
    assertThatCode(() -> policy.enforce(PolicyAction.ADD_METADEF_TAG, ADMIN, PRIVATE)).doesNotThrowAnyException();
  }

  @Test
  void privateNamespacesAreVisibleToTheirOwnerAndAdminsOnly() {
    MetadefPolicy policy = new MetadefPolicy(LEGACY);
    assertThat(policy.canSee(READER, PRIVATE)).isTrue();
    assertThat(policy.canSee(OTHER_READER, PRIVATE)).isFalse();
    assertThat(policy.canSee(OTHER_READER, PUBLIC)).isTrue();
    assertThat(policy.canSee(ADMIN, PRIVATE)).isTrue();
    assertThat(policy.canSee(RequestContext.anonymous("r"), PRIVATE)).isFalse();
    Namespace ownerless = new Namespace("x", null, null, "private", false, null, Instant.EPOCH, Instant.EPOCH);
    assertThat(policy.canSee(OTHER_READER, ownerless)).isTrue();
    assertThat(policy.mayGet(OTHER_READER, PRIVATE)).isFalse();
  }
}
