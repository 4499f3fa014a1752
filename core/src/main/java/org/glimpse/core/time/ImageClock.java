package org.glimpse.core.time;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one clock of the domain: every timestamp Glimpse stores comes from here, in UTC and kept to
 * the microsecond (what all three databases store, and what Glance keeps), so that records made
 * within one second still sort by creation whichever API made them. How much of it a client sees
 * is the views' business.
 */
public final class ImageClock {
  private final Clock clock;

  public ImageClock(Clock clock) {
    this.clock = clock;
  }

  public static ImageClock system() {
    return new ImageClock(Clock.systemUTC());
  }

  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
