package org.glimpse.core.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
  // the location API's rules (Glance 2024.2+) have no deprecated variant: the same in both sets
  private static final String SERVICE_OR_PROJECT_MEMBER =
      "rule:service_api or (" + PROJECT_MEMBER + " and project_id:%(owner)s)";
  private static final String SERVICE = "rule:service_api";

  private static final Set<String> UNSCOPED =
      Set.of("default", "context_is_admin", "service_api", "metadef_default", "metadef_admin");

  /** Metadef rules that read (the others change the catalog). */
  private static final String[] METADEF_READS = {"get_metadef_namespace", "get_metadef_namespaces",
      "get_metadef_object", "get_metadef_objects", "list_metadef_resource_types",
      "get_metadef_resource_type", "get_metadef_property", "get_metadef_properties",
      "get_metadef_tag", "get_metadef_tags"};
  private static final String[] METADEF_WRITES = {"modify_metadef_namespace",
      "add_metadef_namespace", "delete_metadef_namespace", "modify_metadef_object",
      "add_metadef_object", "delete_metadef_object", "add_metadef_resource_type_association",
      "remove_metadef_resource_type_association", "modify_metadef_property", "add_metadef_property",
      "remove_metadef_property", "modify_metadef_tag", "add_metadef_tag", "add_metadef_tags",
      "delete_metadef_tag", "delete_metadef_tags"};


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
    r.put("service_api", "role:service or role:admin");

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
    r.put("add_image_location", SERVICE_OR_PROJECT_MEMBER);
    r.put("fetch_image_location", SERVICE);

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
    // current Glance's (v2.18), registered without a deprecated rule
    r.put("cache_clean", "role:admin");
    r.put("cache_prune", "role:admin");
    r.put("stores_info_detail", "role:admin");

    // v1 only (removed from Glance with v1): queens' policy.json gave it "" like the other v1
    // actions; following the operator's default keeps it in step with them.
    r.put("copy_from", LEGACY);
    putMetadefRules(r, true);
    // Glimpse: a consumer's trusted producers. No rule:default fallback: whoever may write a
    // project's trust list may make images appear in its listings.
    r.put("manage_trusted_producers", "role:admin or project_id:%(project_id)s");
    return Collections.unmodifiableMap(r);
  }

  /**
   * Glance's new ("secure RBAC") defaults, as oslo.policy evaluates them with {@code [oslo_policy]
   * enforce_new_defaults = True} (its default since oslo.policy 4.4, Glance 2024.2): each rule's
   * check string alone, without the deprecated {@code rule:default} fallback. Written from
   * glance/policies/*.py of current Glance, where the admin check is {@code rule:context_is_admin}
   * and {@code service_api} (the service role, or admin) guards service-to-service actions.
   */
  static Map<String, String> secureRbac() {
    return SECURE_RBAC;
  }

  /**
   * The scope types Glance registers for its rules: every image, member, task, cache and store
   * rule is for project-scoped tokens only; the base rules ({@code default}, {@code
   * context_is_admin}, {@code service_api}) have none and so accept any scope. Glimpse's v1-only
   * {@code copy_from} is an image action and is registered like them. oslo.policy checks them,
   * when scope is enforced, for the rule an action names (not for rules it refers to).
   */
  static Map<String, Set<String>> scopeTypes() {
    return SCOPE_TYPES;
  }

  private static final String ADMIN = "rule:context_is_admin";
  private static final Map<String, String> SECURE_RBAC = buildSecureRbac();
  private static final Map<String, Set<String>> SCOPE_TYPES = buildScopeTypes();

  private static Map<String, String> buildSecureRbac() {
    String adminOrProjectMember = ADMIN + " or (" + PROJECT_MEMBER + ")";
    String adminOrProjectReader = ADMIN + " or (" + PROJECT_READER + ")";
    Map<String, String> r = new LinkedHashMap<>();
    r.put("default", "");
    r.put("context_is_admin", "role:admin");
    r.put("service_api", "role:service or role:admin");

    r.put("add_image", ADMIN + " or (" + PROJECT_MEMBER + " and project_id:%(owner)s)");
    r.put("delete_image", adminOrProjectMember);
    r.put("get_image", ADMIN + " or (role:reader and (" + SHARED_OR_VISIBLE + "))");
    r.put("get_images", adminOrProjectReader);
    r.put("modify_image", adminOrProjectMember);
    r.put("publicize_image", ADMIN);
    r.put("communitize_image", adminOrProjectMember);
    r.put("download_image", ADMIN + " or (role:member and (" + SHARED_OR_VISIBLE + "))");
    r.put("upload_image", adminOrProjectMember);
    r.put("delete_image_location", ADMIN);
    r.put("get_image_location", adminOrProjectReader);
    r.put("set_image_location", adminOrProjectMember);
    r.put("add_image_location", SERVICE_OR_PROJECT_MEMBER);
    r.put("fetch_image_location", SERVICE);

    r.put("add_member", adminOrProjectMember);
    r.put("delete_member", adminOrProjectMember);
    r.put("get_member", ADMIN + " or role:reader and (project_id:%(project_id)s or " + IMAGE_MEMBER + ")");
    r.put("get_members", ADMIN + " or role:reader and (project_id:%(project_id)s or " + IMAGE_MEMBER + ")");
    r.put("modify_member", ADMIN + " or (role:member and " + IMAGE_MEMBER + ")");

    r.put("manage_image_cache", ADMIN);
    r.put("deactivate", adminOrProjectMember);
    r.put("reactivate", adminOrProjectMember);
    r.put("copy_image", ADMIN);

    r.put("get_task", LEGACY);
    r.put("get_tasks", LEGACY);
    r.put("add_task", LEGACY);
    r.put("modify_task", LEGACY);
    r.put("tasks_api_access", ADMIN);
    r.put("cache_image", ADMIN);
    r.put("cache_list", ADMIN);
    r.put("cache_delete", ADMIN);
    r.put("cache_clean", ADMIN);
    r.put("cache_prune", ADMIN);
    r.put("stores_info_detail", ADMIN + " or rule:service_api");

    // v1 only; Glance removed it with v1. Under the new defaults it follows upload_image, which
    // is what it leads to (the image's data, written by its owner's project).
    r.put("copy_from", adminOrProjectMember);
    putMetadefRules(r, false);
    r.put("manage_trusted_producers", adminOrProjectMember);
    return Collections.unmodifiableMap(r);
  }

  private static Map<String, Set<String>> buildScopeTypes() {
    Map<String, Set<String>> scopes = new LinkedHashMap<>();
    for (String name : SECURE_RBAC.keySet()) {
      if (!UNSCOPED.contains(name)) {
        scopes.put(name, Set.of("project"));
      }
    }
    return Collections.unmodifiableMap(scopes);
  }

  /**
   * glance/policies/metadef.py (25.x): reads are for admins and readers of the owning project or
   * of a public namespace ({@code get_metadef_namespaces} and {@code list_metadef_resource_types}
   * are checked on the caller's own project), with the deprecated {@code rule:metadef_default}
   * (anyone) beside them in legacy mode; every change is {@code rule:metadef_admin}, in both
   * modes, with no deprecated variant.
   */
  private static void putMetadefRules(Map<String, String> r, boolean legacy) {
    String projectReaderOrPublic =
        "role:admin or (role:reader and (project_id:%(project_id)s or 'public':%(visibility)s))";
    r.put("metadef_default", "");
    r.put("metadef_admin", "role:admin");
    for (String name : METADEF_READS) {
      String rule = name.equals("get_metadef_namespaces") ? "role:admin or (" + PROJECT_READER + ")"
          : projectReaderOrPublic;
      r.put(name, legacy ? orDeprecated(rule, "rule:metadef_default") : rule);
    }
    for (String name : METADEF_WRITES) {
      r.put(name, "rule:metadef_admin");
    }
  }

  /** oslo.policy's OrCheck([new, deprecated]); an empty new rule is "@" (always). */
  private static String orDeprecated(String newRule, String deprecatedRule) {
    return "(" + (newRule.isEmpty() ? "@" : newRule) + ") or (" + deprecatedRule + ")";
  }
}
