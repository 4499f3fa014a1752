package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Glance's new defaults (enforce_new_defaults), its scope checks (enforce_scope) and the
 * credentials a Keystone token brings to rules.
 */
class SecureRbacDefaultsTest {
  private static final Policy NEW = Policy.glance(true, true, Map.of());
  private static final Policy NEW_NO_SCOPE = Policy.glance(false, false, Map.of());
  private static final Map<String, RequestContext> CALLERS = Map.of(
      "reader", new RequestContext("p1", "u1", Set.of("reader"), true, "r"),
      "member", new RequestContext("p1", "u2", Set.of("member", "reader"), true, "r"),
      "other", new RequestContext("p2", "u3", Set.of("member", "reader"), true, "r"),
      "admin", new RequestContext("p9", "u9", Set.of("admin", "member", "reader"), true, "r"),
      "system", system("admin", "member", "reader"));
  private static final Map<String, String> OWN_PRIVATE =
      Map.of("owner", "p1", "project_id", "p1", "visibility", "private");

  private static RequestContext system(String... roles) {
    return new RequestContext(null, "sysadmin", Set.of(roles), true, "r", "default", null, null, "all",
        true, Set.of(), null, null);
  }

  @ParameterizedTest(name = "{0}: reader={1} member={2} other={3} admin={4} system={5}")
  @CsvSource({
    "get_images,        true,  true,  false, true,  false",
    "get_image,         true,  true,  false, true,  false",
    "add_image,         false, true,  false, true,  false",
    "modify_image,      false, true,  false, true,  false",
    "delete_image,      false, true,  false, true,  false",
    "upload_image,      false, true,  false, true,  false",
    "download_image,    false, true,  false, true,  false",
    "deactivate,        false, true,  false, true,  false",
    "publicize_image,   false, false, false, true,  false",
    "communitize_image, false, true,  false, true,  false",
    "add_member,        false, true,  false, true,  false",
    "get_members,       true,  true,  false, true,  false",
    "modify_member,     false, false, false, true,  false",
    "copy_from,         false, true,  false, true,  false",
    "context_is_admin,  false, false, false, true,  true",
  })
  void newDefaultsOnOwnPrivateImage(String action, boolean reader, boolean member, boolean other,
      boolean admin, boolean system) {
    assertThat(NEW.allows(action, CALLERS.get("reader"), OWN_PRIVATE)).isEqualTo(reader);
    assertThat(NEW.allows(action, CALLERS.get("member"), OWN_PRIVATE)).isEqualTo(member);
    assertThat(NEW.allows(action, CALLERS.get("other"), OWN_PRIVATE)).isEqualTo(other);
    assertThat(NEW.allows(action, CALLERS.get("admin"), OWN_PRIVATE)).isEqualTo(admin);
    assertThat(NEW.allows(action, CALLERS.get("system"), OWN_PRIVATE)).isEqualTo(system);
  }

  @Test
  void scopeIsCheckedOnlyWhenEnforced() {
    Policy newWithoutScope = Policy.glance(true, false, Map.of());
    assertThat(newWithoutScope.allows("get_images", CALLERS.get("system"), OWN_PRIVATE)).isTrue();
    assertThat(NEW_NO_SCOPE.allows("modify_image", CALLERS.get("reader"), OWN_PRIVATE))
        .as("legacy defaults leave writes to the owner checks").isTrue();
    RequestContext domainAdmin = new RequestContext(null, "u", Set.of("admin"), true, "r", "d", null,
        "d1", null, true, Set.of(), null, null);
    assertThat(domainAdmin.tokenScope()).isEqualTo("domain");
    assertThat(NEW.allows("get_images", domainAdmin, OWN_PRIVATE)).isFalse();
  }

  @Test
  void anOperatorRuleReplacesOneDefaultAndKeepsItsScope() {
    Policy tightened = Policy.glance(true, true, Map.of("get_images", "role:admin"));
    assertThat(tightened.allows("get_images", CALLERS.get("member"), OWN_PRIVATE)).isFalse();
    assertThat(tightened.allows("get_image", CALLERS.get("member"), OWN_PRIVATE)).isTrue();
    assertThat(tightened.allows("get_images", CALLERS.get("system"), OWN_PRIVATE)).isFalse();
    Policy adminIsElsewhere = Policy.glance(true, true, Map.of("context_is_admin", "role:superuser"));
    assertThat(adminIsElsewhere.allows("publicize_image", CALLERS.get("admin"), OWN_PRIVATE))
        .as("the new defaults check admins through rule:context_is_admin").isFalse();
  }

  @Test
  void tokenCredentialsAreAvailableToRules() {
    RequestContext ctx = new RequestContext("p1", "u1", Set.of("member"), true, "r", "ud", "pd", null,
        null, false, Set.of("service"), "svc-user", "svc-project");
    Policy rules = Policy.of(Map.of(
        "user_domain", "user_domain_id:ud",
        "project_domain", "project_domain_id:pd",
        "admin_project", "is_admin_project:True",
        "service", "service_roles:service",
        "service_user", "service_user_id:svc-user and service_project_id:svc-project",
        "system", "system_scope:all",
        "domain", "domain_id:d1"));
    assertThat(rules.allows("user_domain", ctx, Map.of())).isTrue();
    assertThat(rules.allows("project_domain", ctx, Map.of())).isTrue();
    assertThat(rules.allows("admin_project", ctx, Map.of())).isFalse();
    assertThat(rules.allows("service", ctx, Map.of())).isTrue();
    assertThat(rules.allows("service_user", ctx, Map.of())).isTrue();
    assertThat(rules.allows("system", ctx, Map.of())).isFalse();
    assertThat(rules.allows("system", CALLERS.get("system"), Map.of())).isTrue();
    assertThat(rules.allows("domain", ctx, Map.of())).isFalse();
  }

  @Test
  void aSystemScopedAdminFindsNoImageToActOn() {
    ImagePolicy policy = new ImagePolicy(NEW, PropertyProtections.none(), false);
    Image image = new Image();
    image.setId("i1");
    image.setOwner("p1");
    image.setVisibility(Visibility.PRIVATE);
    image.setStatus(ImageStatus.ACTIVE);
    assertThatThrownBy(() -> policy.getImage(CALLERS.get("system"), image)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> policy.getImages(CALLERS.get("system"))).isInstanceOf(ForbiddenException.class);
    assertThatCode(() -> policy.modifyImage(CALLERS.get("admin"), image)).doesNotThrowAnyException();
    // without owner checks the rules alone decide: a member of the owning project may deactivate
    assertThatCode(() -> policy.deactivateImage(CALLERS.get("member"), image)).doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.deactivateImage(CALLERS.get("reader"), image))
        .isInstanceOf(ForbiddenException.class);
  }
}
