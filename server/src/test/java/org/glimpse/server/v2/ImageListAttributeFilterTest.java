package org.glimpse.server.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.glimpse.core.error.BadRequestException;
import org.junit.jupiter.api.Test;

/** Filters on name, id, status and the formats: Glance's eq and in operators, and its quoting. */
class ImageListAttributeFilterTest {
  @Test
  void aValueWithoutOperatorIsMatchedWhole() {
    assertThat(ImageListParser.attributeValues("plain")).containsExactly("plain");
    assertThat(ImageListParser.attributeValues("2020-01-01T00:00:00")).containsExactly("2020-01-01T00:00:00");
  }

  @Test
  void eqAndInAreTheOperators() {
    assertThat(ImageListParser.attributeValues("eq:x:y")).containsExactly("x:y");
    assertThat(ImageListParser.attributeValues("eq: a ")).containsExactly(" a ");
    assertThat(ImageListParser.attributeValues("eq:")).containsExactly("");
    assertThat(ImageListParser.attributeValues("in:a,b")).containsExactly("a", "b");
    assertThat(ImageListParser.attributeValues("in: a ,c")).containsExactly(" a ", "c");
    assertThat(ImageListParser.attributeValues("in:a,,c")).containsExactly("a", "", "c");
    assertThat(ImageListParser.attributeValues("in:\"a,b\",c")).containsExactly("a,b", "c");
    assertThat(ImageListParser.attributeValues("in:\" a \"")).containsExactly(" a ");
    assertThat(ImageListParser.attributeValues("in:\"q\\\"r\"")).containsExactly("q\\\"r");
    assertThat(ImageListParser.attributeValues("in:")).isEqualTo(List.of());
  }

  @Test
  void anyOtherOperatorIsRefused() {
    for (String raw : List.of("x:y", "neq:queued", "gt:bare", "EQ:x", ":x")) {
      String op = raw.substring(0, raw.indexOf(':'));
      assertThatThrownBy(() -> ImageListParser.attributeValues(raw)).as(raw)
          .isInstanceOf(BadRequestException.class)
          .hasMessage("Unable to filter by unknown operator '" + op + "'.");
    }
  }

  @Test
  void misplacedQuotesAreRefused() {
    assertThatThrownBy(() -> ImageListParser.attributeValues("in:a\"b"))
        .hasMessage("Invalid filter value a\"b. There is no comma before opening quotation mark.");
    assertThatThrownBy(() -> ImageListParser.attributeValues("in:\"a,b\"x"))
        .hasMessage("Invalid filter value \"a,b\"x. There is no comma after closing quotation mark.");
    assertThatThrownBy(() -> ImageListParser.attributeValues("in:\"a"))
        .hasMessage("Invalid filter value \"a. The quote is not closed.");
  }
}
