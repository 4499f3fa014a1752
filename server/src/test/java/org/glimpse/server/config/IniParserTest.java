package org.glimpse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.glimpse.server.config.IniParser.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IniParserTest {

  private static List<Entry> parse(String... lines) {
    return IniParser.parse("test.conf", List.of(lines));
  }

  @Test
  void readsOsloStyleFiles() {
    List<Entry> entries =
        parse(
            "# a comment",
            "; another comment",
            "[DEFAULT]",
            "plain = value",
            "inline = value # not a comment",
            "semi = a;b",
            "colon: x=y",
            "equals = a:b",
            "quoted = \"  spaced  \"",
            "single = 'x'",
            "mismatched = \"x'",
            "empty =",
            "multi = first",
            "  second",
            "\tthird",
            "",
            "[Keystone_AuthToken]",
            "Auth_URL = http://k:5000/v3");

    assertThat(entries)
        .extracting(Entry::section, Entry::key, Entry::value)
        .containsExactly(
            tuple("DEFAULT", "plain", "value"),
            tuple("DEFAULT", "inline", "value # not a comment"),
            tuple("DEFAULT", "semi", "a;b"),
            tuple("DEFAULT", "colon", "x=y"),
            tuple("DEFAULT", "equals", "a:b"),
            tuple("DEFAULT", "quoted", "  spaced  "),
            tuple("DEFAULT", "single", "x"),
            tuple("DEFAULT", "mismatched", "\"x'"),
            tuple("DEFAULT", "empty", ""),
            tuple("DEFAULT", "multi", "first\nsecond\nthird"),
            tuple("keystone_authtoken", "Auth_URL", "http://k:5000/v3"));
    assertThat(entries.get(9).line()).isEqualTo(13);
  }

  @Test
  void commentLineEndsMultiLineValue() {
    assertThat(parse("[DEFAULT]", "a = 1", "# note", "b = 2"))
        .extracting(Entry::key, Entry::value)
        .containsExactly(tuple("a", "1"), tuple("b", "2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"key_without_value", "= value", "[DEFAULT", "[]"})
  void malformedLinesFailWithLineNumber(String line) {
    assertThatThrownBy(() -> parse("[DEFAULT]", "ok = 1", line))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("test.conf:3");
  }

  @Test
  void continuationWithoutKeyFails() {
    assertThatThrownBy(() -> parse("[DEFAULT]", "  orphan"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("test.conf:2");
  }

  @Test
  void assignmentBeforeSectionFails() {
    assertThatThrownBy(() -> parse("a = 1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("test.conf:1");
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
