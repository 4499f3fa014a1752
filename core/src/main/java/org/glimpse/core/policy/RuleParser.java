package org.glimpse.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.glimpse.core.policy.RuleLexer.Token;
import org.glimpse.core.policy.RuleLexer.Type;

/**
 * Compiles oslo.policy rule text into a {@link Check} tree. Precedence as in oslo.policy: {@code
 * not} binds tightest, then {@code and}, then {@code or}; parentheses group. Where oslo would log
 * and fail closed on text it cannot read, this parser refuses it, naming the rule.
 */
final class RuleParser {
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

  private final String name;
  private final String text;
  private final List<Token> tokens;
  private int pos;

  private RuleParser(String name, String text) {
    this.name = name;
    this.text = text;
    this.tokens = RuleLexer.tokenize(text);
  }

  static Check parse(String name, String text) {
    if (text == null) {
      throw new InvalidRuleException("Policy rule '" + name + "' has no rule text");
    }
    if (text.isEmpty()) {
      return new Check.Always();
    }
    return new RuleParser(name, text).parseWhole();
  }

  private Check parseWhole() {
    Check check = parseOr();
    if (pos < tokens.size()) {
      throw fail("unexpected '" + tokens.get(pos).text() + "'");
    }
    return check;
  }

  private Check parseOr() {
    return parseList(Type.OR, this::parseAnd, Check.Or::new);
  }

  private Check parseAnd() {
    return parseList(Type.AND, this::parseUnary, Check.And::new);
  }

  private Check parseList(
      Type separator, Supplier<Check> operand, Function<List<Check>, Check> join) {
    List<Check> parts = new ArrayList<>(List.of(operand.get()));
    while (pos < tokens.size() && tokens.get(pos).type() == separator) {
      pos++;
      parts.add(operand.get());
    }
    return parts.size() == 1 ? parts.get(0) : join.apply(List.copyOf(parts));
  }

  private Check parseUnary() {
    if (pos < tokens.size() && tokens.get(pos).type() == Type.NOT) {
      pos++;
      return new Check.Not(parseUnary());
    }
    return parseAtom();
  }

  private Check parseAtom() {
    if (pos >= tokens.size()) {
      throw fail(
          tokens.isEmpty() ? "no check in the rule" : "the rule ends where a check was expected");
    }
    Token token = tokens.get(pos++);
    switch (token.type()) {
      case LPAREN:
        Check inner = parseOr();
        if (pos >= tokens.size() || tokens.get(pos).type() != Type.RPAREN) {
          throw fail("missing ')'");
        }
        pos++;
        return inner;
      case CHECK:
        return parseCheck(token.text());
      case QUOTED:
        throw fail("a quoted string " + token.text() + " is not a check");
      default:
        throw fail("unexpected '" + token.text() + "' where a check was expected");
    }
  }

  private Check parseCheck(String check) {
    if (check.equals("@")) {
      return new Check.Always();
    }
    if (check.equals("!")) {
      return new Check.Never();
    }
    int colon = check.indexOf(':');
    if (colon <= 0 || colon == check.length() - 1) {
      throw fail("'" + check + "' is not a check (expected kind:match, @ or !)");
    }
    String kind = check.substring(0, colon);
    String match = check.substring(colon + 1);
    if (kind.equals("rule")) {
      return new Check.RuleRef(match);
    }
    MatchTemplate template = template(match);
    if (kind.equals("role")) {
      return new Check.Role(template);
    }
    if (RuleLexer.isQuoted(kind)) {
      return new Check.Literal(kind.substring(1, kind.length() - 1), template);
    }
    // Python literals as oslo's literal_eval reads them, rendered as str() would.
    if (kind.equals("True") || kind.equals("False") || kind.equals("None")
        || INTEGER.matcher(kind).matches()) {
      return new Check.Literal(kind, template);
    }
    return CredentialField.byKey(kind)
        .<Check>map(field -> new Check.Credential(field, template))
        .orElseThrow(() -> fail("unknown check kind '" + kind + "' in '" + check
            + "' (known: role, rule, " + CredentialField.knownKeys() + ", or a quoted literal)"));
  }

  private MatchTemplate template(String match) {
    try {
      return MatchTemplate.parse(match);
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
  }

  private InvalidRuleException fail(String problem) {
    return new InvalidRuleException(
        "Policy rule '" + name + "' is invalid: " + problem + " in \"" + text + "\"");
  }
}
