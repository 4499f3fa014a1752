package org.glimpse.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * v2 error pages are negotiated as WebOb 1.8 (under Glance 25) negotiates them: the expected
 * formats below are what WebOb's own {@code acceptable_offers(['text/html', 'application/json'])}
 * answers for each header (plain text when it accepts neither). A header that breaks the grammar
 * anywhere is invalid as a whole, and accepts everything: HTML.
 */
class StrictAcceptTest {
  @ParameterizedTest(name = "Accept: [{0}] → {1}")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, quoteCharacter = '\u0001', value = {
      "|PLAIN",
      "application/json|JSON",
      "text/html|HTML",
      "text/plain|PLAIN",
      "*/*|HTML",
      "application/json, */*|HTML",
      "application/json, ;|HTML",
      ";|HTML",
      "application/json;q=2|HTML",
      "application/json, text/plain;q=x|HTML",
      "application/json, text/html;q=0.5|JSON",
      "application/json, \"|HTML",
      "application/json, a/b;c|HTML",
      "application/json,,text/plain|JSON",
      "application/json;x=\"y\"|PLAIN",
      "application/json, text/*|HTML",
      "foo|HTML",
      "*|HTML",
      "application/json, foo|HTML",
      "application/json;q=0.5, text/plain;q=0.4|JSON",
      "application/json;Q=1|JSON",
      "application/json ;q=1|JSON",
      "application/json; q=1.0000|HTML",
      "application/json, */*;q=0|JSON",
      "text/*;x=y|HTML",
      "*/*;a=b|HTML",
      "application/json;q=1;ext=1|JSON",
      "application/json;q=1;ext|JSON",
      "application/json;q=0.5;q=1|JSON",
      "*/json|PLAIN",
      "application/json, */json|JSON",
      "text/plain, */*;q=0.9|HTML",
      "a/b;q=1, \"x\"|HTML",
      "application/json;charset=utf-8|PLAIN",
      ",application/json|HTML",
      ",,application/json|JSON",
      ", application/json|HTML",
      "application/json,|JSON",
      "application/json, |HTML",
      "application/json ,text/html;q=0.1|JSON",
      "text/html;q=0, application/json;q=0.001|JSON",
      "text/html;q=0, text/html|PLAIN",
      "application/*;q=0.9, text/*;q=0.8|JSON",
      "application/json;q=1.|JSON",
      "application/json;q=0.|PLAIN",
      "application/json;q=.5|HTML",
      "application/json;a=\"\\\"x\\\"\"|PLAIN",
      "application/json;a=\"x|HTML",
      "application/json;=1|HTML",
      "application/json;a=|HTML",
      "Application/JSON|JSON",
      "application/json;q=0.5;ext=\"a,b\", text/html;q=0.4|JSON",
      "text/html;level=1;q=0.9, application/json;q=0.5|JSON",
      "application/json;q=1.000|JSON",
      "application/json;q=0.1234|HTML",
      "application/json\t;\tq=0.5|JSON",
      "application/json;q =1|HTML",
      "application/json;q= 1|HTML",
      "text/html,application/json;q=0.9;q=1|HTML",
      "*/*;q=0.5, application/json;q=0.5|HTML",
      "text/\u00e9|HTML",
      "\u00ff|HTML",
      "application/json;a=\"\u00e9\"|PLAIN",
      "x/y, text/html;q=0|PLAIN",
      "application/json; |HTML",
      "application/json;;q=1|HTML",
      "application/json;q|HTML",
      "application/json;qq=1|PLAIN",
      "application/json;q=1;x|JSON",
      "text/html;x;q=1|HTML"})
  void negotiatesAsWebOb(String accept, ErrorPage.Format expected) {
    assertThat(ErrorPage.negotiate(accept)).isEqualTo(expected);
  }

  @Test
  void noHeaderIsPlainTextAndAnInvalidOneIsAbsentAsAWhole() {
    assertThat(ErrorPage.negotiate(null)).isEqualTo(ErrorPage.Format.PLAIN);
    assertThat(StrictAccept.parse(";")).isEmpty();
    assertThat(StrictAccept.parse("application/json, ;")).isEmpty();
    assertThat(StrictAccept.parse("")).contains(List.of());
    assertThat(StrictAccept.parse("Text/HTML;level=1;q=0.5;ext, */*;q=0")).contains(List.of(
        new StrictAccept.Range("text", "html", true, 0.5), new StrictAccept.Range("*", "*", false, 0)));
  }

  @Test
  void longHeadersAreReadInOnePass() {
    String many = "a/b;q=0.5,".repeat(100_000) + "application/json";
    assertThat(ErrorPage.negotiate(many)).isEqualTo(ErrorPage.Format.JSON);
    assertThat(ErrorPage.negotiate(many + ",;")).isEqualTo(ErrorPage.Format.HTML);
    assertThat(ErrorPage.negotiate("a/b;x=\"" + "\\\\".repeat(100_000) + "\"")).isEqualTo(ErrorPage.Format.PLAIN);
  }
}
