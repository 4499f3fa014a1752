package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

  @Test
  void andBindsTighterThanOr() {
    Check check = RuleParser.parse("r", "role:a or role:b and role:c");
    assertThat(check).isInstanceOf(Check.Or.class);
    Check.Or or = (Check.Or) check;
    assertThat(or.parts()).hasSize(2);
    assertThat(or.parts().get(1)).isInstanceOf(Check.And.class);
  }

  @Test
  void notBindsTighterThanAnd() {
    Check check = RuleParser.parse("r", "not role:a and role:b");
    assertThat(check).isInstanceOf(Check.And.class);
    assertThat(((Check.And) check).parts().get(0)).isInstanceOf(Check.Not.class);
  }

  @Test
  void parenthesesInsideAPlaceholderAreNotGrouping() {
    Check check = RuleParser.parse("r", "(project_id:%(owner)s)");
    assertThat(check).isInstanceOf(Check.Credential.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "role:admin or             | the rule ends where a check was expected",
    "(role:admin               | missing ')'",
    "role:admin)               | unexpected ')'",
    "role:a role:b             | unexpected 'role:b'",
    "and role:a                | unexpected 'and'",
    "admin                     | 'admin' is not a check",
    "role:                     | 'role:' is not a check",
    "'quoted'                  | a quoted string 'quoted' is not a check",
    "projet_id:%(owner)s       | unknown check kind 'projet_id'",
    "project_id:%(owner)d      | bad substitution",
    "project_id:%(owner        | bad substitution",
    "\"   \"                     | no check in the rule",
  })
  void malformedRulesAreRefusedNamingTheRule(String text, String problem) {
    assertThatThrownBy(() -> Policy.of(Map.of("add_image", text)))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessageStartingWith("Policy rule 'add_image' is invalid: ")
        .hasMessageContaining(problem);
  }

  @Test
  void nullRuleTextIsRefused() {
    Map<String, String> rules = new HashMap<>();
    rules.put("get_image", null);
    assertThatThrownBy(() -> Policy.of(rules))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessageContaining("'get_image'");
  }
}
