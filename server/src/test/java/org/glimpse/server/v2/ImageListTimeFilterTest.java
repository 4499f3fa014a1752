package org.glimpse.server.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.glimpse.core.error.BadRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ISO 8601 forms the created_at and updated_at filters take and refuse, as Glance's. */
class ImageListTimeFilterTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2020|2020-01-01T00:00:00Z",
      "2020-03|2020-03-01T00:00:00Z",
      "2020-3-5|2020-03-05T00:00:00Z",
      "2020-03-05|2020-03-05T00:00:00Z",
      "20200305|2020-03-05T00:00:00Z",
      "20200305T1010|2020-03-05T10:10:00Z",
      "2020-03-05 10:11:12|2020-03-05T10:11:12Z",
      "2020-03-05T10|2020-03-05T10:00:00Z",
      "2020-03-05T10:11:12,5|2020-03-05T10:11:12.500Z",
      "2020-03-05T10:11:12.1234567891|2020-03-05T10:11:12.123456789Z",
      "2020-03-05T10:11:12Z|2020-03-05T10:11:12Z",
      "2020-03-05T10:11:12+0200|2020-03-05T08:11:12Z",
      "2020-03-05T10:11:12+02|2020-03-05T08:11:12Z",
      "2020-03-05T10:11:12-02:30|2020-03-05T12:41:12Z"})
  void takesGlancesForms(String value, String expected) {
    assertThat(ImageListParser.instant("created_at", value)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"202003", "2020-03-05T24:00:00", "2020-02-30", "2020-13-01", "2020-03-05T10:11:12z",
      "2020-03-05t10:11:12", " 2020-03-05", "2020-03-05 ", "2020-03-05T10:11:12 Z", "2020-03-05T1:00",
      "0000-01-01", "bad", "", "2020-W01"})
  void refusesOthers(String value) {
    assertThatThrownBy(() -> ImageListParser.instant("updated_at", value))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Bad \"updated_at\" query filter format. Use ISO 8601 DateTime notation.");
  }
}
