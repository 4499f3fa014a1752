package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GlanceDefaultRulesTest {
  private static final Policy GLANCE = Policy.glanceDefaults();
  private static final Map<String, RequestContext> CALLERS = Map.of(
      "member", new RequestContext("p1", "u1", Set.of("member", "reader"), true, "r"),
      "norole", new RequestContext("p2", "u2", Set.of(), true, "r"),
      "admin", new RequestContext("p9", "u9", Set.of("admin"), true, "r"),
      "anon", RequestContext.anonymous("r"));
  // Someone else's private image: only the legacy rule:default lets non-admins through.
  private static final Map<String, String> FOREIGN_IMAGE =
      Map.of("owner", "p7", "project_id", "p7", "visibility", "private");

  @ParameterizedTest(name = "{0}: member={1} norole={2} admin={3} anon={4}")
  @CsvSource({
    "get_images,        true,  true,  true,  true",
    "get_image,         true,  true,  true,  true",
    "add_image,         true,  true,  true,  true",
    "modify_image,      true,  true,  true,  true",
    "delete_image,      true,  true,  true,  true",
    "download_image,    true,  true,  true,  true",
    "upload_image,      true,  true,  true,  true",
    "communitize_image, true,  true,  true,  true",
    "deactivate,        true,  true,  true,  true",
    "reactivate,        true,  true,  true,  true",
    "copy_from,         true,  true,  true,  true",
    "get_image_location, true, true,  true,  true",
    "set_image_location, true, true,  true,  true",
    "delete_image_location, true, true, true, true",
    "add_member,        true,  true,  true,  true",
    "delete_member,     true,  true,  true,  true",
    "get_member,        true,  true,  true,  true",
    "get_members,       true,  true,  true,  true",
    "modify_member,     true,  true,  true,  true",
    "get_task,          true,  true,  true,  true",
    "publicize_image,   false, false, true,  false",
    "copy_image,        false, false, true,  false",
    "context_is_admin,  false, false, true,  false",
    "manage_image_cache, false, false, true, false",
    "cache_image,       false, false, true,  false",
    "cache_list,        false, false, true,  false",
    "cache_delete,      false, false, true,  false",
    "cache_clean,       false, false, true,  false",
    "cache_prune,       false, false, true,  false",
    "tasks_api_access,  false, false, true,  false",
    "stores_info_detail, false, false, true, false",
  })
  void effectiveZedDefaults(String action, boolean member, boolean norole, boolean admin,
      boolean anon) {
    assertThat(GLANCE.allows(action, CALLERS.get("member"), FOREIGN_IMAGE)).isEqualTo(member);
    assertThat(GLANCE.allows(action, CALLERS.get("norole"), FOREIGN_IMAGE)).isEqualTo(norole);
    assertThat(GLANCE.allows(action, CALLERS.get("admin"), FOREIGN_IMAGE)).isEqualTo(admin);
    assertThat(GLANCE.allows(action, CALLERS.get("anon"), FOREIGN_IMAGE)).isEqualTo(anon);
  }

  @Test
  void strictDefaultBringsBackTheNewRbacChecks() {
    // With default = role:admin, the OR-ed legacy half closes and the new check string decides.
    Policy strict = Policy.withOverrides(Map.of("default", "role:admin"));
    RequestContext member = CALLERS.get("member");
    Map<String, String> own = Map.of("owner", "p1", "visibility", "private");
    Map<String, String> sharedWithMe =
        Map.of("owner", "p7", "visibility", "shared", "member_id", "p1");
    assertThat(strict.allows("modify_image", member, own)).isTrue();
    assertThat(strict.allows("modify_image", member, FOREIGN_IMAGE)).isFalse();
    assertThat(strict.allows("get_image", member, sharedWithMe)).isTrue();
    assertThat(strict.allows("get_image", member, FOREIGN_IMAGE)).isFalse();
    assertThat(strict.allows("modify_member", member, sharedWithMe)).isTrue();
    assertThat(strict.allows("get_images", CALLERS.get("norole"), Map.of())).isFalse();
    assertThat(strict.allows("add_image", member, Map.of("owner", "p7"))).isFalse();
    assertThat(strict.allows("delete_image_location", member, own)).isFalse();
    assertThat(strict.allows("get_task", member, own)).isFalse();
  }

  @Test
  void coversTheV1AndV2Actions() {
    assertThat(GlanceDefaultRules.rules()).containsKeys("context_is_admin", "default", "add_image",
        "delete_image", "get_image", "get_images", "modify_image", "publicize_image",
        "communitize_image", "download_image", "upload_image", "deactivate", "reactivate",
        "copy_from", "get_image_location", "set_image_location", "delete_image_location",
        "add_member", "delete_member", "get_member", "get_members", "modify_member");
    assertThat(GLANCE.ruleNames()).isEqualTo(GlanceDefaultRules.rules().keySet());
  }
}
