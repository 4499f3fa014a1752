package org.glimpse.core.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glance's default policy (glance/policies/*.py, Zed / 25.x) as it behaves with Glance's default
 * configuration: {@code [oslo_policy] enforce_new_defaults = False}, {@code enforce_scope = False}.
 *
 * <p>Why most actions end up open: since Wallaby each image rule has a new "secure RBAC" check
 * string and a deprecated one, {@code rule:default}. With enforce_new_defaults off and no
 * operator override, oslo.policy evaluates {@code OrCheck([new, deprecated])}. {@code default} is
 * itself new {@code ""} OR deprecated {@code role:admin}, i.e. always true, so every rule with a
 * deprecated {@code rule:default} allows anyone; authentication and ownership are enforced
 * elsewhere. Rules without a deprecated variant ({@code publicize_image}, {@code copy_image}, …)
 * stay {@code role:admin}. We keep the OR form rather than "@" so that an operator who sets
 * {@code default} to {@code role:admin} tightens the same rules Glance would tighten. Scope types
 * are ignored, as enforce_scope is off.
 */
final class GlanceDefaultRules {
  // glance/policies/base.py
  private static final String PROJECT_MEMBER = "role:member and project_id:%(project_id)s";
  private static final String PROJECT_READER = "role:reader and project_id:%(project_id)s";
  private static final String IMAGE_MEMBER = "project_id:%(member_id)s";
  private static final String SHARED_OR_VISIBLE =
      "project_id:%(project_id)s or " + IMAGE_MEMBER + " or 'community':%(visibility)s"
          + " or 'public':%(visibility)s or 'shared':%(visibility)s";
  private static final String ADMIN_OR_PROJECT_MEMBER = "role:admin or (" + PROJECT_MEMBER + ")";
  private static final String ADMIN_OR_PROJECT_READER = "role:admin or (" + PROJECT_READER + ")";
  private static final String ADMIN_OR_READER_GET_IMAGE =
      "role:admin or (role:reader and (" + SHARED_OR_VISIBLE + "))";
  private static final String ADMIN_OR_MEMBER_DOWNLOAD_IMAGE =
      "role:admin or (role:member and (" + SHARED_OR_VISIBLE + "))";
  private static final String ADMIN_OR_MEMBER_CREATE_IMAGE =
      "role:admin or (" + PROJECT_MEMBER + " and project_id:%(owner)s)";
  private static final String ADMIN_OR_SHARED_MEMBER =
      "role:admin or (role:member and " + IMAGE_MEMBER + ")";
  private static final String ADMIN_OR_READER_OR_SHARED_MEMBER =
      "role:admin or role:reader and (project_id:%(project_id)s or " + IMAGE_MEMBER + ")";
  private static final String LEGACY = "rule:default";

  private static final Map<String, String> RULES = build();

  private GlanceDefaultRules() {}

  /** Rule name → effective rule text, in Glance's order. */
  static Map<String, String> rules() {
    return RULES;
  }

  private static Map<String, String> build() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("default", orDeprecated("", "role:admin"));
    r.put("context_is_admin", "role:admin");

    r.put("add_image", orDeprecated(ADMIN_OR_MEMBER_CREATE_IMAGE, LEGACY));
    r.put("delete_image", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));
    r.put("get_image", orDeprecated(ADMIN_OR_READER_GET_IMAGE, LEGACY));
    r.put("get_images", orDeprecated(ADMIN_OR_PROJECT_READER, LEGACY));
    r.put("modify_image", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));
    r.put("publicize_image", "role:admin");
    r.put("communitize_image", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));
    r.put("download_image", orDeprecated(ADMIN_OR_MEMBER_DOWNLOAD_IMAGE, LEGACY));
    r.put("upload_image", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));
    r.put("delete_image_location", orDeprecated("role:admin", LEGACY));
    r.put("get_image_location", orDeprecated(ADMIN_OR_PROJECT_READER, LEGACY));
    r.put("set_image_location", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));

    r.put("add_member", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));
    r.put("delete_member", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));
    r.put("get_member", orDeprecated(ADMIN_OR_READER_OR_SHARED_MEMBER, LEGACY));
    r.put("get_members", orDeprecated(ADMIN_OR_READER_OR_SHARED_MEMBER, LEGACY));
    r.put("modify_member", orDeprecated(ADMIN_OR_SHARED_MEMBER, LEGACY));

    r.put("manage_image_cache", "role:admin");
    r.put("deactivate", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));
    r.put("reactivate", orDeprecated(ADMIN_OR_PROJECT_MEMBER, LEGACY));
    r.put("copy_image", "role:admin");

    // glance/policies/tasks.py, cache.py, discovery.py (new and deprecated strings agree or
    // the deprecated one is itself admin-only).
    r.put("get_task", LEGACY);
    r.put("get_tasks", LEGACY);
    r.put("add_task", LEGACY);
    r.put("modify_task", LEGACY);
    r.put("tasks_api_access", "role:admin");
    r.put("cache_image", orDeprecated("role:admin", "rule:manage_image_cache"));
    r.put("cache_list", orDeprecated("role:admin", "rule:manage_image_cache"));
    r.put("cache_delete", orDeprecated("role:admin", "rule:manage_image_cache"));
    r.put("stores_info_detail", "role:admin");

    // v1 only (removed from Glance with v1): queens' policy.json gave it "" like the other v1
    // actions; following the operator's default keeps it in step with them.
    r.put("copy_from", LEGACY);
    return Collections.unmodifiableMap(r);
  }

  /** oslo.policy's OrCheck([new, deprecated]); an empty new rule is "@" (always). */
  private static String orDeprecated(String newRule, String deprecatedRule) {
    return "(" + (newRule.isEmpty() ? "@" : newRule) + ") or (" + deprecatedRule + ")";
  }
}
