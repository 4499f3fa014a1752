package org.glimpse.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** One node of a compiled rule: evaluates to allow (true) or deny (false), never throws. */
sealed interface Check {

  boolean test(Evaluation ev);

  /** Names this check refers to through {@code rule:NAME}, for linking and cycle detection. */
  default Stream<String> ruleRefs() {
    return Stream.empty();
  }

  /** {@code @} and the empty rule. */
  record Always() implements Check {
    public boolean test(Evaluation ev) {
      return true;
    }
  }

  /** {@code !}. */
  record Never() implements Check {
    public boolean test(Evaluation ev) {
      return false;
    }
  }

  record Not(Check inner) implements Check {
    public boolean test(Evaluation ev) {
      return !inner.test(ev);
    }

    public Stream<String> ruleRefs() {
      return inner.ruleRefs();
    }
  }

  record And(List<Check> parts) implements Check {
    public boolean test(Evaluation ev) {
      return parts.stream().allMatch(p -> p.test(ev));
    }

    public Stream<String> ruleRefs() {
      return parts.stream().flatMap(Check::ruleRefs);
    }
  }

  record Or(List<Check> parts) implements Check {
    public boolean test(Evaluation ev) {
      return parts.stream().anyMatch(p -> p.test(ev));
    }

    public Stream<String> ruleRefs() {
      return parts.stream().flatMap(Check::ruleRefs);
    }
  }

  /** {@code rule:NAME}; an undefined name denies, as in oslo.policy. */
  record RuleRef(String name) implements Check {
    public boolean test(Evaluation ev) {
      Check target = ev.rule(name);
      return target != null && target.test(ev);
    }

    public Stream<String> ruleRefs() {
      return Stream.of(name);
    }
  }

  /** {@code role:X}: the caller holds role X (compared case-insensitively). */
  record Role(MatchTemplate role) implements Check {
    public boolean test(Evaluation ev) {
      String wanted = role.render(ev::targetValue);
      return wanted != null && ev.ctx().hasRole(wanted);
    }
  }

  /** {@code field:match}: a credential of the caller equals the (substituted) match. */
  record Credential(CredentialField field, MatchTemplate match) implements Check {
    public boolean test(Evaluation ev) {
      String wanted = match.render(ev::targetValue);
      return wanted != null && field.values(ev.ctx()).anyMatch(wanted::equals);
    }
  }

  /** {@code 'literal':match} (or True/False/None/an integer): the literal equals the match. */
  record Literal(String value, MatchTemplate match) implements Check {
    public boolean test(Evaluation ev) {
      return Objects.equals(value, match.render(ev::targetValue));
    }
  }
}
