package org.glimpse.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import org.glimpse.server.http.AcceptHeader.MediaRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptHeaderTest {
  @Test
  void readsWellFormedRanges() {
    assertThat(AcceptHeader.parse("Text/HTML;q=0.5, application/*; Q=1.0 ,*/*;q=0, a/b;charset=\"x,y\";q=0.25"))
        .containsExactly(
            new MediaRange("text", "html", false, 0.5),
            new MediaRange("application", "*", false, 1),
            new MediaRange("*", "*", false, 0),
            new MediaRange("a", "b", true, 0.25));
    assertThat(AcceptHeader.parse(null)).isEmpty();
    assertThat(AcceptHeader.parse("")).isEmpty();
    assertThat(AcceptHeader.parse(" , ,a/b,,")).containsExactly(new MediaRange("a", "b", false, 1));
    assertThat(AcceptHeader.parse("a/b;q=1;ext=1")).containsExactly(new MediaRange("a", "b", true, 1));
  }

  @ParameterizedTest(name = "Accept: {0}")
  @ValueSource(strings = {";", ",;,", ";q=", "*/*;;", "text/html;q=abc", "text/html;q=", "text/html;q=1.5",
      "text/html;q=0.1234", "text/html;q=NaN", "text/html;q=-0", "text/html;q=\"1\"", "text/html;=1", "text/html;a",
      "text/html;a=", "text/html;a=\"open", "text/html;a=\"x\\", "text", "text/", "/html", "*/html", "te xt/html",
      "text/html x", "text/ht\u00e9ml", "\u0000/\u0000", "text/html;;q=1", "text/html;q=1;", "\"", "=", "\\"})
  void malformedElementsAreLeftOut(String element) {
    assertThat(AcceptHeader.parse(element)).isEmpty();
    assertThat(AcceptHeader.parse(element + ", application/json"))
        .as("the element after a malformed one").endsWith(new MediaRange("application", "json", false, 1));
    assertThat(AcceptHeader.parse("application/json, " + element))
        .startsWith(new MediaRange("application", "json", false, 1));
  }

  @Test
  void anyTextParsesAndNegotiatesWithoutFailing() {
    char[] alphabet = ";,=\"\\/*qQ. \t0123456789.abcxyz\u0000\u007f\u00ff\u00e9\u2603\r\n".toCharArray();
    Random random = new Random(20261202);
    for (int i = 0; i < 50_000; i++) {
      char[] text = new char[random.nextInt(24)];
      for (int j = 0; j < text.length; j++) {
        text[j] = alphabet[random.nextInt(alphabet.length)];
      }
      String header = new String(text);
      assertThatCode(() -> {
        AcceptHeader.parse(header);
        ErrorPage.negotiate(header);
        ErrorPage.negotiateV1(header);
        StrictAccept.parse(header);
      }).as("Accept: %s", header).doesNotThrowAnyException();
    }
  }

  /** v1's negotiation (the WebOb of Glance's v1 releases) reads past a malformed element. */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      ";                                  | PLAIN",
      ";, application/json                | JSON",
      "text/html;q=abc, application/json  | JSON",
      "*/*, text/html;q=abc               | HTML",
      "*/*;;, application/json            | JSON",
      "application/json;q=0.5, text/html;q=0.1234 | JSON"})
  void v1NegotiationIgnoresMalformedElements(String accept, ErrorPage.Format expected) {
    assertThat(ErrorPage.negotiateV1(accept)).isEqualTo(expected);
  }

  @Test
  void specificityOfARange() {
    MediaRange any = new MediaRange("*", "*", false, 1);
    MediaRange text = new MediaRange("text", "*", false, 1);
    MediaRange html = new MediaRange("text", "html", false, 1);
    assertThat(List.of(any.specificity("text/html"), text.specificity("text/html"), html.specificity("text/html"),
        html.specificity("text/plain"), text.specificity("application/json"))).containsExactly(0, 1, 2, -1, -1);
  }
}
