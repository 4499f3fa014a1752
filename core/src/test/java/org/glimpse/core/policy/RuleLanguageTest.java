package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RuleLanguageTest {
  private static final RequestContext ALICE =
      new RequestContext("p1", "u1", Set.of("Member", "reader"), true, "req-1");
  private static final RequestContext ADMIN =
      new RequestContext("p9", "u9", Set.of("admin"), true, "req-2");

  private static boolean eval(String rule, RequestContext ctx, Map<String, String> target) {
    return Policy.of(Map.of("r", rule)).allows("r", ctx, target);
  }

  private static boolean eval(String rule) {
    return eval(rule, ALICE, Map.of());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "''                                          | true",
    "@                                           | true",
    "!                                           | false",
    "role:member                                 | true",
    "role:MEMBER                                 | true",
    "role:admin                                  | false",
    "not role:admin                              | true",
    "NOT role:member                             | false",
    "not not role:member                         | true",
    "@ or ! and !                                | true",
    "(@ or !) and !                              | false",
    "! and ! or @                                | true",
    "! or @ and ! or @                           | true",
    "! or @ and !                                | false",
    "not ! and !                                 | false",
    "not (! or @)                                | false",
    "((role:member))                             | true",
    "role:member AND (role:admin Or role:reader) | true",
  })
  void operatorsAndPrecedence(String rule, boolean expected) {
    assertThat(eval(rule)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "project_id:%(owner)s        | true",
    "tenant:%(owner)s            | true",
    "project_id:%(other)s        | false",
    "user_id:%(user_id)s         | true",
    "project_id:%(missing)s      | false",
    "role:%(role)s               | true",
    "roles:reader                | true",
    "project_id:p1               | true",
    "project_id:p2               | false",
    "'public':%(visibility)s     | true",
    "\"public\":%(visibility)s   | true",
    "'shared':%(visibility)s     | false",
    "is_admin:True               | false",
    "is_admin:False              | true",
    "True:%(flag)s               | true",
    "project_id:%(owner)s%%      | false",
    "'p1%':%(owner)s%%           | true",
  })
  void genericChecksSubstituteTheTarget(String rule, boolean expected) {
    Map<String, String> target = Map.of("owner", "p1", "other", "p2", "user_id", "u1",
        "role", "Reader", "visibility", "public", "flag", "True");
    assertThat(eval(rule, ALICE, target)).isEqualTo(expected);
  }

  @Test
  void projectIdFallsBackToOwnerAsGlanceImageTargetDoes() {
    assertThat(eval("project_id:%(project_id)s", ALICE, Map.of("owner", "p1"))).isTrue();
  }

  @Test
  void nullTargetValuesAndNullCredentialsNeverMatch() {
    Map<String, String> target = new HashMap<>();
    target.put("owner", null);
    assertThat(eval("project_id:%(owner)s", ALICE, target)).isFalse();
    RequestContext anon = RequestContext.anonymous("r");
    assertThat(eval("project_id:%(owner)s", anon, Map.of("owner", "None"))).isFalse();
    assertThat(eval("not project_id:%(owner)s", anon, target)).isTrue();
  }

  @Test
  void isAdminFollowsTheAdminRole() {
    assertThat(eval("is_admin:True", ADMIN, Map.of())).isTrue();
  }
}
