package org.glimpse.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an option's text becomes a typed value, with oslo.config's rules. The parser throws
 * IllegalArgumentException saying what is wrong; the caller adds section, key and value.
 *
 * @param name shown in the generated docs
 */
public record OptionType<T>(String name, Function<String, T> parser) {

  private static final Pattern SIZE = Pattern.compile("(\\d+)((K|M|G|T)?B)?");

  public T parse(String raw) {
    return parser.apply(raw);
  }

  public static OptionType<String> string() {
    return new OptionType<>("string", s -> s);
  }

  /** A string that may be unset; blank counts as unset. */
  public static OptionType<Optional<String>> optionalString() {
    return new OptionType<>("string", s -> s.isBlank() ? Optional.empty() : Optional.of(s));
  }

  /** One of the given values, case-sensitive, as oslo.config's {@code choices}. */
  public static OptionType<String> choice(String... values) {
    List<String> allowed = List.of(values);
    return new OptionType<>(
        "one of " + String.join(", ", allowed),
        s -> {
          if (!allowed.contains(s)) {
            throw new IllegalArgumentException("not one of " + String.join(", ", allowed));
          }
          return s;
        });
  }

  public static OptionType<String> host() {
    return new OptionType<>(
        "host address",
        s -> {
          if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a host name or IP address");
          }
          return s;
        });
  }

  public static OptionType<Path> path() {
    return new OptionType<>(
        "path",
        s -> {
          try {
            if (s.isEmpty()) {
              throw new IllegalArgumentException("empty path");
            }
            return Path.of(s);
          } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: " + e.getReason());
          }
        });
  }

  /** A path that may be unset (blank). */
  public static OptionType<Optional<Path>> optionalPath() {
    OptionType<Path> path = path();
    return new OptionType<>("path", s -> s.isBlank() ? Optional.empty() : Optional.of(path.parse(s.strip())));
  }

  public static OptionType<Integer> integer(int min, int max) {
    return new OptionType<>(
        range("integer", min, max, Integer.MIN_VALUE, Integer.MAX_VALUE),
        s -> (int) checkRange(parseLong(s), min, max));
  }

  public static OptionType<Long> longInteger(long min, long max) {
    return new OptionType<>(
        range("integer", min, max, Long.MIN_VALUE, Long.MAX_VALUE),
        s -> checkRange(parseLong(s), min, max));
  }

  /** 0, or an integer of at least {@code min}. */
  public static OptionType<Integer> zeroOrAtLeast(int min) {
    return new OptionType<>(
        "integer 0 or >= " + min,
        s -> {
          long value = checkRange(parseLong(s), 0, Integer.MAX_VALUE);
          if (value != 0 && value < min) {
            throw new IllegalArgumentException("must be 0 or at least " + min);
          }
          return (int) value;
        });
  }

  public static OptionType<Integer> port() {
    return new OptionType<>("port 0-65535", s -> (int) checkRange(parseLong(s), 0, 65535));
  }

  /** true/false, yes/no, on/off, 1/0 in any case, as oslo.config accepts. */
  public static OptionType<Boolean> bool() {
    return new OptionType<>(
        "boolean",
        s ->
            switch (s.toLowerCase(Locale.ROOT)) {
              case "true", "yes", "on", "1" -> true;
              case "false", "no", "off", "0" -> false;
              default ->
                  throw new IllegalArgumentException(
                      "not a boolean (true/false, yes/no, on/off, 1/0)");
            });
  }

  /** A boolean that may be unset (blank), for options whose default depends on others. */
  public static OptionType<Optional<Boolean>> optionalBool() {
    OptionType<Boolean> bool = bool();
    return new OptionType<>(
        "boolean", s -> s.isBlank() ? Optional.empty() : Optional.of(bool.parse(s.strip())));
  }

  /** An integer that may be unset (blank). */
  public static OptionType<Optional<Integer>> optionalInteger(int min, int max) {
    OptionType<Integer> integer = integer(min, max);
    return new OptionType<>(
        integer.name(), s -> s.isBlank() ? Optional.empty() : Optional.of(integer.parse(s.strip())));
  }

  /** A string that may be unset, and when set is an http(s) URL. */
  public static OptionType<Optional<String>> optionalUrl() {
    return new OptionType<>(
        "URL",
        s -> {
          if (s.isBlank()) {
            return Optional.empty();
          }
          String url = s.strip();
          try {
            java.net.URI uri = new java.net.URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                || uri.getHost() == null) {
              throw new IllegalArgumentException("not an http or https URL");
            }
          } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
          }
          return Optional.of(url);
        });
  }

  /** Comma-separated values, each trimmed; empty items are dropped. */
  public static OptionType<List<String>> list() {
    return new OptionType<>(
        "list",
        s ->
            Arrays.stream(s.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList());
  }

  /**
   * oslo.config's bounded list of quoted strings, as Glance declares {@code image_import_plugins}:
   * {@code [a, 'b', "c"]} — the brackets are required, each item may be quoted — whose items must
   * all be among {@code allowed}.
   */
  public static OptionType<List<String>> bracketedList(String... allowed) {
    List<String> known = List.of(allowed);
    return new OptionType<>(
        "list in brackets of " + String.join(", ", known),
        s -> {
          String v = s.strip();
          if (!v.startsWith("[") || !v.endsWith("]")) {
            throw new IllegalArgumentException("a list in brackets, such as ['" + known.get(0) + "']");
          }
          List<String> items = new java.util.ArrayList<>();
          for (String raw : v.substring(1, v.length() - 1).split(",")) {
            String item = unquote(raw.strip());
            if (item.isEmpty()) {
              continue;
            }
            if (!known.contains(item)) {
              throw new IllegalArgumentException(
                  "'" + item + "' is not supported (supported: " + String.join(", ", known) + ")");
            }
            items.add(item);
          }
          return List.copyOf(items);
        });
  }

  /**
   * oslo.config's list of quoted strings ({@code quotes=True}): items separated by commas, each
   * may be quoted, the whole may be in brackets (Glance writes {@code bounds=True} lists so; the
   * brackets are optional here, as Glimpse read these lists without them before). With {@code
   * allowed} given, every item must be among them.
   */
  public static OptionType<List<String>> quotedList(String... allowed) {
    List<String> known = List.of(allowed);
    return new OptionType<>(
        known.isEmpty() ? "list" : "list of " + String.join(", ", known),
        s -> {
          String v = s.strip();
          if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
          }
          List<String> items = new java.util.ArrayList<>();
          for (String raw : v.split(",")) {
            String item = unquote(raw.strip());
            if (item.isEmpty()) {
              continue;
            }
            if (!known.isEmpty() && !known.contains(item)) {
              throw new IllegalArgumentException(
                  "'" + item + "' is not one of " + String.join(", ", known));
            }
            items.add(item);
          }
          return List.copyOf(items);
        });
  }

  private static String unquote(String item) {
    boolean quoted = item.startsWith("'") || item.startsWith("\"");
    if (!quoted) {
      return item;
    }
    if (item.length() < 2 || item.charAt(item.length() - 1) != item.charAt(0)) {
      throw new IllegalArgumentException("non-closed quote: " + item);
    }
    return item.substring(1, item.length() - 1);
  }

  /**
   * Glance's storage size form: digits, then optionally B, KB, MB, GB or TB (case-sensitive, no
   * space; K, M, G and T are powers of 1024). Returns bytes.
   */
  public static OptionType<Long> size() {
    return new OptionType<>(
        "size: bytes, or B/KB/MB/GB/TB",
        s -> {
          Matcher m = SIZE.matcher(s);
          if (!m.matches()) {
            throw new IllegalArgumentException(
                "not a size: digits optionally followed by B, KB, MB, GB or TB");
          }
          int shift = m.group(3) == null ? 0 : 10 * ("KMGT".indexOf(m.group(3)) + 1);
          long value = parseLong(m.group(1));
          if (value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large");
          }
          return value << shift;
        });
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer");
    }
  }

  private static long checkRange(long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("out of range " + min + ".." + max);
    }
    return value;
  }

  private static String range(String base, long min, long max, long lowest, long highest) {
    if (min == lowest && max == highest) {
      return base;
    }
    return base + (max == highest ? " >= " + min : " " + min + "-" + max);
  }
}
