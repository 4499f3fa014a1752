package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.policy.PropertyProtections.Operation;
import org.glimpse.core.policy.PropertyProtections.RuleFormat;
import org.glimpse.core.policy.PropertyProtections.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PropertyProtectionsTest {
  private static final RequestContext MEMBER = ctx("member");
  private static final RequestContext ADMIN = ctx("admin");
  private static final RequestContext SPL = ctx("member", "spl_role");
  private static final RequestContext READER = ctx("reader");

  private static RequestContext ctx(String... roles) {
    return new RequestContext("p1", "u1", Set.of(roles), true, "req");
  }

  /** Sections as name, create, read, update, delete (null: key absent). */
  private static List<Section> sections(String[]... rows) {
    List<Section> list = new ArrayList<>();
    for (String[] row : rows) {
      Map<String, String> values = new LinkedHashMap<>();
      String[] keys = {"create", "read", "update", "delete"};
      for (int i = 0; i < keys.length; i++) {
        if (row[i + 1] != null) {
          values.put(keys[i], row[i + 1]);
        }
      }
      list.add(new Section(row[0], values));
    }
    return list;
  }

  private static String[] s(String name, String create, String read, String update, String delete) {
    return new String[] {name, create, read, update, delete};
  }

  private static String[] s(String name, String all) {
    return s(name, all, all, all, all);
  }

  /** A subset of the roles file of Glance's functional tests, without its catch-all. */
  private static final PropertyProtections ROLES = PropertyProtections.compile(sections(
      s("^x_owner_.*", "admin,member"),
      s("spl_create_prop", "admin,spl_role", "admin,spl_role", "admin", "admin"),
      s("spl_read_only_prop", "admin", "admin,spl_role", "admin", "admin"),
      s("^x_all_permitted.*", "@"),
      s("^x_none_permitted.*", "!"),
      s("x_none_read", "admin,member", "!", "!", "!"),
      s("x_case_insensitive", "admin,Member"),
      s("x_foo_matcher", "admin"),
      s("x_foo_*", "@")), RuleFormat.ROLES, null);

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
      "member, CREATE, x_owner_foo, true",
      "member, DELETE, x_owner_foo, true",
      "reader, READ, x_owner_foo, false",
      "member, CREATE, foo, false",
      "admin, CREATE, foo, false",
      "admin, READ, foo, false",
      "admin, UPDATE, spl_create_prop, true",
      "spl, CREATE, spl_create_prop, true",
      "spl, UPDATE, spl_create_prop, false",
      "spl, READ, spl_read_only_prop, true",
      "spl, CREATE, spl_read_only_prop, false",
      "reader, CREATE, x_all_permitted_1, true",
      "reader, DELETE, x_all_permitted_1, true",
      "admin, READ, x_none_permitted_1, false",
      "member, CREATE, x_none_read, true",
      "admin, READ, x_none_read, false",
      "member, READ, x_case_insensitive, true",
      "admin, READ, x_foo_matcher, true",
      "member, READ, x_foo_matcher, false",
      "member, READ, x_foo_bar, true",
  })
  void rolesDecideEachOperation(String who, Operation op, String property, boolean allowed) {
    RequestContext ctx = switch (who) {
      case "member" -> MEMBER;
      case "admin" -> ADMIN;
      case "spl" -> SPL;
      default -> READER;
    };
    assertThat(ROLES.allows(ctx, op, property)).isEqualTo(allowed);
  }

  @Test
  void sectionNamesAreSearchedNotMatchedWhole() {
    // [x_none_read] is unanchored, so it protects any name containing it
    assertThat(ROLES.canCreate(MEMBER, "my_x_none_read_copy")).isTrue();
    assertThat(ROLES.canRead(ADMIN, "my_x_none_read_copy")).isFalse();
    // [^x_owner_.*] is anchored at the start only
    assertThat(ROLES.canCreate(MEMBER, "a_x_owner_foo")).isFalse();
  }

  @Test
  void theFirstMatchingSectionInFileOrderDecides() {
    PropertyProtections p = PropertyProtections.compile(sections(
        s("^x_.*", "admin"), s("^x_open$", "@"), s(".*", "@")), RuleFormat.ROLES, null);
    assertThat(p.canRead(MEMBER, "x_open")).isFalse();
    assertThat(p.canRead(ADMIN, "x_open")).isTrue();
    assertThat(p.canRead(MEMBER, "y")).isTrue();
  }

  @Test
  void anEmptyValueAllowsNobodyAndRolesAreTrimmed() {
    PropertyProtections p = PropertyProtections.compile(sections(
        s("a", "", " admin , member ", "", "")), RuleFormat.ROLES, null);
    assertThat(p.canCreate(ADMIN, "a")).isFalse();
    assertThat(p.canRead(MEMBER, "a")).isTrue();
    assertThat(p.canRead(READER, "a")).isFalse();
  }

  @Test
  void glancesOwnPropertiesAreAlwaysAllowedAndItsSectionsIgnored() {
    PropertyProtections p = PropertyProtections.compile(sections(
        s("os_glance_import_task", "!"), s(".*", "admin")), RuleFormat.ROLES, null);
    assertThat(p.canCreate(MEMBER, "os_glance_import_task")).isTrue();
    assertThat(p.canDelete(READER, "os_glance_failed_import")).isTrue();
    assertThat(p.canRead(MEMBER, "other")).isFalse();
  }

  @Test
  void aFileWithoutSectionsForbidsEveryProperty() {
    PropertyProtections p = PropertyProtections.compile(List.of(), RuleFormat.ROLES, null);
    assertThat(p.enabled()).isTrue();
    assertThat(p.canRead(ADMIN, "anything")).isFalse();
  }

  @Test
  void noneAllowsEverything() {
    PropertyProtections none = PropertyProtections.none();
    assertThat(none.enabled()).isFalse();
    for (Operation op : Operation.values()) {
      assertThat(none.allows(READER, op, "anything")).isTrue();
    }
  }

  @Test
  void readableLeavesOutWhatTheCallerMayNotRead() {
    Image image = new Image();
    image.setProperties(Map.of("x_owner_a", "1", "x_none_read", "2", "foo", "3"));
    Image shown = ROLES.readable(MEMBER, image);
    assertThat(shown).isNotSameAs(image);
    assertThat(shown.getProperties()).containsExactly(Map.entry("x_owner_a", "1"));
    assertThat(image.getProperties()).hasSize(3);

    Image open = new Image();
    open.setProperties(Map.of("x_owner_a", "1"));
    assertThat(ROLES.readable(MEMBER, open)).isSameAs(open);
    assertThat(PropertyProtections.none().readable(READER, image)).isSameAs(image);
  }

  @Test
  void policiesNameOneRuleEvaluatedWithTheCaller() {
    Policy policy = Policy.withOverrides(Map.of("glance_creator", "role:admin or role:spl_role"));
    PropertyProtections p = PropertyProtections.compile(sections(
        s("spl_creator_policy", "glance_creator", "glance_creator", "context_is_admin", "context_is_admin"),
        s("^x_all_permitted.*", "@"),
        s("x_none_read", "context_is_admin", "!", "!", "!"),
        s(".*", "context_is_admin")), RuleFormat.POLICIES, policy);
    assertThat(p.canCreate(SPL, "spl_creator_policy")).isTrue();
    assertThat(p.canCreate(MEMBER, "spl_creator_policy")).isFalse();
    assertThat(p.canUpdate(SPL, "spl_creator_policy")).isFalse();
    assertThat(p.canUpdate(ADMIN, "spl_creator_policy")).isTrue();
    assertThat(p.canCreate(READER, "x_all_permitted_z")).isTrue();
    assertThat(p.canRead(ADMIN, "x_none_read")).isFalse();
    assertThat(p.canRead(ADMIN, "foo")).isTrue();
    assertThat(p.canRead(MEMBER, "foo")).isFalse();
  }

  @Test
  void aPolicyRuleThatDoesNotExistIsAnErrorAtStartNeverAFallback() {
    assertThatThrownBy(() -> PropertyProtections.compile(sections(
        s("undefined_rule", "no_such_rule")), RuleFormat.POLICIES, Policy.glanceDefaults()))
        .isInstanceOf(InvalidPropertyProtectionException.class)
        .hasMessageContaining("[undefined_rule] create = no_such_rule")
        .hasMessageContaining("no policy rule 'no_such_rule'");
  }

  @Test
  void aMissingKeyIsRefusedNamingSectionAndKey() {
    assertThatThrownBy(() -> PropertyProtections.compile(sections(
        s("^x_.*", "admin", "admin", null, "admin")), RuleFormat.ROLES, null))
        .isInstanceOf(InvalidPropertyProtectionException.class)
        .hasMessageContaining("[^x_.*]").hasMessageContaining("'update'");
  }

  @Test
  void everyoneAndNobodyTogetherAreRefused() {
    assertThatThrownBy(() -> PropertyProtections.compile(sections(
        s("a", "admin", "@,!", "admin", "admin")), RuleFormat.ROLES, null))
        .isInstanceOf(InvalidPropertyProtectionException.class)
        .hasMessageContaining("[a] read = @,!").hasMessageContaining("mutually exclusive");
  }

  @Test
  void anInvalidRegularExpressionIsRefused() {
    assertThatThrownBy(() -> PropertyProtections.compile(sections(s("x_(", "@")), RuleFormat.ROLES, null))
        .isInstanceOf(InvalidPropertyProtectionException.class)
        .hasMessageContaining("[x_(] is not a valid regular expression");
  }

  @Test
  void morethanOnePolicyPerOperationIsRefused() {
    assertThatThrownBy(() -> PropertyProtections.compile(sections(
        s("a", "context_is_admin,default")), RuleFormat.POLICIES, Policy.glanceDefaults()))
        .isInstanceOf(InvalidPropertyProtectionException.class)
        .hasMessageContaining("[a] create = context_is_admin,default")
        .hasMessageContaining("only one policy rule");
  }

  @Test
  void ruleFormatsAreSpelledAsInGlance() {
    assertThat(RuleFormat.parse("roles")).isEqualTo(RuleFormat.ROLES);
    assertThat(RuleFormat.parse("policies")).isEqualTo(RuleFormat.POLICIES);
    assertThatThrownBy(() -> RuleFormat.parse("Roles")).isInstanceOf(IllegalArgumentException.class);
  }
}
