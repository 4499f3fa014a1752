package org.glimpse.ft.badinput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hostile values the bad-input suite sends, by where they go: a path segment, a query value,
 * a header value, a JSON value. Each is named, so that a failure says what was sent.
 */
final class Hostile {
  private Hostile() {}

  static final String LONG_256 = "x".repeat(256);
  static final String LONG_64K = "x".repeat(64 * 1024);

  /** Raw path segments (already percent-encoded as they go on the wire). */
  static final Map<String, String> PATH_SEGMENTS = named(
      "NUL", "%00",
      "NUL inside", "a%00b",
      "bad escape", "%zz",
      "lone percent", "%",
      "invalid UTF-8", "%ff%fe",
      "UTF-8 surrogate", "%ed%a0%80",
      "overlong UTF-8", "%c0%af",
      "256 chars", LONG_256,
      "64 KiB", LONG_64K,
      "emoji x100", "%f0%9f%98%80".repeat(100),
      "dot dot", "..",
      "encoded slash", "a%2Fb",
      "space and quotes", "a%20%27%22",
      "huge number", "99999999999999999999999",
      "nil uuid", "00000000-0000-0000-0000-000000000000");

  /** Raw query values (percent-encoded as on the wire). */
  static final Map<String, String> QUERY_VALUES = named(
      "empty", "",
      "NUL", "%00",
      "NUL inside", "a%00b",
      "bad escape", "%zz",
      "lone percent", "%",
      "invalid UTF-8", "%ff",
      "UTF-8 surrogate", "%ed%a0%80",
      "256 chars", LONG_256,
      "8 KiB", "x".repeat(8192),
      "negative", "-1",
      "huge number", "99999999999999999999999",
      "float", "1e400",
      "in: empty list", "in:,,",
      "operator only", "gt:",
      "snowman", "%e2%98%83");

  /** Whole raw query strings (after the '?'), for every endpoint. */
  static final Map<String, String> QUERIES = named(
      "bad escape in name", "%zz=1",
      "bad escape in value", "a=%zz",
      "lone percent", "a=%",
      "NUL value", "a=%00",
      "NUL name", "%00=1",
      "invalid UTF-8", "a=%ff",
      "8 KiB value", "a=" + "x".repeat(8192),
      "500 parameters", "a=1&".repeat(500),
      "empty names", "=&=&&",
      "semicolons", ";;a=1;b",
      "plus signs", "a=+%2B+");

  /** Header values as bytes on the wire (one char per byte). */
  static final Map<String, String> HEADER_VALUES = named(
      "empty", "",
      "blank", "   ",
      "256 chars", LONG_256,
      "8 KiB", "x".repeat(8192),
      "percent NUL", "%00",
      "raw bytes 0xff 0xfe", "\u00ff\u00fe",
      "UTF-8", Probe.headerValue("é☃😀"),
      "negative", "-1",
      "huge number", "99999999999999999999999",
      "float", "1e400",
      "None", "None",
      "comma list", "a,b,,c");

  /**
   * JSON values (as JSON text) for a place where some type is expected: every type, the edges
   * of numbers and strings, NUL, lone surrogates and deep nesting.
   */
  static final Map<String, String> JSON_VALUES = named(
      "null", "null",
      "negative", "-1",
      "float", "1.5",
      "1e400", "1e400",
      "huge integer", "123456789012345678901234567890",
      "true", "true",
      "empty string", "\"\"",
      "NUL", "\"\\u0000\"",
      "256 chars", "\"" + LONG_256 + "\"",
      "64 KiB", "\"" + LONG_64K + "\"",
      "lone surrogate", "\"\\ud800\"",
      "emoji x200", "\"" + "😀".repeat(200) + "\"",
      "control chars", "\"\\u0001\\u001f\\r\\n\"",
      "empty array", "[]",
      "array of string", "[\"x\"]",
      "array of 256 chars", "[\"" + LONG_256 + "\"]",
      "array of NUL", "[\"\\u0000\"]",
      "object", "{\"a\":\"b\"}",
      "nested 500", "[".repeat(500) + "]".repeat(500));

  /** Member names (JSON keys) an object may carry. */
  static final Map<String, String> JSON_KEYS = named(
      "empty key", "",
      "NUL key", "\\u0000",
      "NUL inside key", "a\\u0000b",
      "256-char key", LONG_256,
      "64 KiB key", LONG_64K,
      "lone surrogate key", "\\udc00",
      "control char key", "\\u0007");

  /** Whole request bodies that are not what any JSON endpoint takes. */
  static final Map<String, byte[]> BODIES = namedBytes(
      "empty", new byte[0],
      "not JSON", Probe.utf8("not json"),
      "truncated", Probe.utf8("{\"a\":"),
      "trailing garbage", Probe.utf8("{} {}"),
      "JSON null", Probe.utf8("null"),
      "JSON string", Probe.utf8("\"x\""),
      "JSON number", Probe.utf8("1e400"),
      "invalid UTF-8", new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'},
      "raw NUL byte", new byte[] {'{', '"', 'a', 0, '"', ':', '1', '}'},
      "UTF-16 BOM", new byte[] {(byte) 0xfe, (byte) 0xff, 0, '{', 0, '}'},
      "nested 2000", Probe.utf8("[".repeat(2000) + "]".repeat(2000)),
      "nested objects 2000", Probe.utf8("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)),
      "1000-digit number", Probe.utf8("[" + "9".repeat(1000) + "]"),
      "2 MiB", Probe.utf8("[\"" + "x".repeat(2 * 1024 * 1024) + "\"]"),
      "duplicate keys", Probe.utf8("{\"a\":1,\"a\":2}"));

  static Map<String, String> named(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static Map<String, byte[]> namedBytes(Object... pairs) {
    Map<String, byte[]> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (byte[]) pairs[i + 1]);
    }
    return map;
  }

  /** A JSON string literal holding {@code text} (escaped as needed). */
  static String jsonString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static List<String> names(Map<String, ?> table) {
    return List.copyOf(table.keySet());
  }
}
