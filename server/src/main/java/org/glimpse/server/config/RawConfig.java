package org.glimpse.server.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Option text gathered from files and the environment, later sources replacing earlier ones, turned
 * into typed values on request with oslo.config's {@code $name} substitution.
 */
final class RawConfig {
  /** A value and where it came from, for error messages. */
  record Value(String text, String source) {}

  private static final int MAX_DEPTH = 10;
  private static final Pattern TEMPLATE =
      Pattern.compile(
          "\\\\\\$|\\$\\$|\\$\\{([_a-zA-Z][._a-zA-Z0-9]*)}|\\$([_a-zA-Z][._a-zA-Z0-9]*)");

  private final Map<String, Map<String, Value>> sections = new LinkedHashMap<>();

  void put(String section, String key, String text, String source) {
    sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, new Value(text, source));
  }

  Map<String, Map<String, Value>> sections() {
    return sections;
  }

  /** The option's typed value: the last one given, else its default (unset parses as ""). */
  <T> T get(Option<T> option) {
    Value value = sections.getOrDefault(option.section(), Map.of()).get(option.key());
    if (value == null) {
      return option.type().parse(option.defaultValue() == null ? "" : option.defaultValue());
    }
    String text = substitute(option, value, 0);
    try {
      return option.type().parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "Invalid value for "
              + option
              + " = '"
              + text
              + "' (from "
              + value.source()
              + "): "
              + e.getMessage());
    }
  }

  /**
   * oslo.config replaces {@code $name}, {@code ${name}} and {@code ${section.name}} with the value
   * of that option (same section, then DEFAULT), and {@code $$} or {@code \$} with a dollar sign;
   * references to unknown options stay as written.
   */
  private String substitute(Option<?> option, Value value, int depth) {
    if (value.text().indexOf('$') < 0) {
      return value.text();
    }
    if (depth > MAX_DEPTH) {
      throw new ConfigException(
          "Substitution loop in " + option + " (from " + value.source() + ")");
    }
    Matcher m = TEMPLATE.matcher(value.text());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String replacement = name == null ? "$" : lookup(option, name, depth);
      m.appendReplacement(
          out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String lookup(Option<?> from, String reference, int depth) {
    int dot = reference.indexOf('.');
    Option<?> target =
        dot > 0
            ? Options.find(reference.substring(0, dot), reference.substring(dot + 1))
            : Options.find(from.section(), reference);
    if (target == null && dot < 0) {
      target = Options.find(Options.DEFAULT, reference);
    }
    if (target == null) {
      return null;
    }
    Value value = sections.getOrDefault(target.section(), Map.of()).get(target.key());
    if (value == null) {
      return target.defaultValue() == null ? "" : target.defaultValue();
    }
    return substitute(target, value, depth + 1);
  }
}
