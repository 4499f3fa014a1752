package org.glimpse.server.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The digit-by-digit timestamp is exactly ISO_INSTANT of the instant cut to the second. */
class ImageViewTimestampTest {
  private static String reference(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void matchesIsoInstantAcrossTheYearsAndAtTheEdges() {
    SplittableRandom random = new SplittableRandom(14);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
      assertThat(ImageView.timestamp(instant)).isEqualTo(reference(instant));
    }
    for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
        "2000-02-29T12:34:56.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
        "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
      Instant instant = Instant.parse(edge);
      assertThat(ImageView.timestamp(instant)).as(edge).isEqualTo(reference(instant));
    }
    assertThat(ImageView.timestamp(null)).isNull();
  }
}
