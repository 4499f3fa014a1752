package org.glimpse.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits rule text into tokens the way oslo.policy does: on whitespace, with parentheses peeled
 * off the start and end of each word (a {@code %(key)s} inside a check keeps its own).
 */
final class RuleLexer {
  enum Type { LPAREN, RPAREN, AND, OR, NOT, CHECK, QUOTED }

  record Token(Type type, String text) {}

  private RuleLexer() {}

  static List<Token> tokenize(String rule) {
    List<Token> tokens = new ArrayList<>();
    for (String word : rule.trim().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      int start = 0;
      while (start < word.length() && word.charAt(start) == '(') {
        tokens.add(new Token(Type.LPAREN, "("));
        start++;
      }
      int end = word.length();
      while (end > start && word.charAt(end - 1) == ')') {
        end--;
      }
      if (end > start) {
        tokens.add(word(word.substring(start, end), word.substring(start)));
      }
      for (int i = end; i < word.length(); i++) {
        tokens.add(new Token(Type.RPAREN, ")"));
      }
    }
    return tokens;
  }

  private static Token word(String text, String withTrailing) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "and":
        return new Token(Type.AND, text);
      case "or":
        return new Token(Type.OR, text);
      case "not":
        return new Token(Type.NOT, text);
      default:
        // oslo tests the quotes before stripping trailing ')' — a quoted word is a bare string.
        return isQuoted(withTrailing) ? new Token(Type.QUOTED, text) : new Token(Type.CHECK, text);
    }
  }

  static boolean isQuoted(String s) {
    return s.length() >= 2
        && (s.charAt(0) == '\'' || s.charAt(0) == '"')
        && s.charAt(s.length() - 1) == s.charAt(0);
  }
}
