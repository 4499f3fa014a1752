package org.glimpse.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.glimpse.core.error.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestInputTest {
  @Test
  void decodesWellFormedEscapesAndPlusAsUtf8() {
    assertThat(RequestInput.decode("snow%20%E2%98%83+%2b")).isEqualTo("snow ☃ +");
    assertThat(RequestInput.decode("plain")).isEqualTo("plain");
    assertThat(RequestInput.decode("%F0%9F%98%80")).isEqualTo("😀");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%z", "%zz", "a%4", "%4g", "%%41", "%\u0663\u0663"})
  void refusesMalformedEscapes(String text) {
    assertThatThrownBy(() -> RequestInput.decode(text)).isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("Malformed percent escape in the query string: %");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%ff", "%c3%28", "%ed%a0%80", "%c0%af", "%f4%90%80%80", "a%e2%98"})
  void refusesBytesThatAreNotUtf8(String text) {
    assertThatThrownBy(() -> RequestInput.decode(text)).isInstanceOf(BadRequestException.class)
        .hasMessage(RequestInput.UNDECODABLE);
  }

  @Test
  void refusesANulInAnyNameOrValue() {
    assertThatThrownBy(() -> RequestInput.checkQuery("a=1&name=x%00y"))
        .hasMessage("The request holds a NUL character (\\u0000) in the query parameter name; NUL is not allowed in"
            + " any value.");
    assertThatThrownBy(() -> RequestInput.checkQuery("a%00=1")).hasMessageContaining("in a query parameter name;");
    assertThatThrownBy(() -> RequestInput.checkQuery("%00")).hasMessageContaining("in a query parameter name;");
    assertThatCode(() -> RequestInput.checkQuery("a=&=b&&c&d=%2500")).doesNotThrowAnyException();
  }
}
