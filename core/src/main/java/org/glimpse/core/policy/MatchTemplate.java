package org.glimpse.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The right-hand side of a check: text with {@code %(key)s} placeholders filled from the target,
 * as Python's {@code match % target}. {@code %%} is a literal percent sign.
 */
record MatchTemplate(List<Part> parts) {

  /** A piece of literal text, or (when {@code key}) the name of a target value. */
  record Part(String text, boolean key) {}

  static MatchTemplate parse(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '%') {
        literal.append(c);
        i++;
      } else if (text.startsWith("%%", i)) {
        literal.append('%');
        i += 2;
      } else if (text.startsWith("%(", i) && isPlaceholder(text, i + 2, text.indexOf(')', i))) {
        int close = text.indexOf(')', i);
        flush(literal, parts);
        parts.add(new Part(text.substring(i + 2, close), true));
        i = close + 2;
      } else {
        throw new IllegalArgumentException(
            "bad substitution in '" + text + "' (use %(key)s, or %% for a percent sign)");
      }
    }
    flush(literal, parts);
    return new MatchTemplate(List.copyOf(parts));
  }

  private static boolean isPlaceholder(String text, int keyStart, int close) {
    return close > keyStart && close + 1 < text.length() && text.charAt(close + 1) == 's';
  }

  private static void flush(StringBuilder literal, List<Part> parts) {
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), false));
      literal.setLength(0);
    }
  }

  /** The filled-in text, or null when a placeholder names a key the target lacks. */
  String render(UnaryOperator<String> target) {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      String piece = part.key() ? target.apply(part.text()) : part.text();
      if (piece == null) {
        return null;
      }
      out.append(piece);
    }
    return out.toString();
  }
}
