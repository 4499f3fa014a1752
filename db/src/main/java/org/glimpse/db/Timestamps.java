package org.glimpse.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.TimeZone;

/** Instants are stored as UTC wall-clock times to the microsecond, the finest all three keep. */
final class Timestamps {
  private Timestamps() {}

  /**
   * One UTC calendar per thread: making one costs more than reading the column, and a driver
   * uses the calendar only during the call it is passed to.
   */
  private static final ThreadLocal<Calendar> UTC =
      ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

  static LocalDateTime toDb(Instant instant) {
    return instant == null
        ? null
        : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /**
   * Reads through a UTC calendar rather than as LocalDateTime or text: MariaDB's driver converts
   * those through the JVM's zone, shifting wall-clock times that zone skips (DST gaps).
   */
  static Instant read(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column, UTC.get());
    return value == null ? null : value.toInstant();
  }
}
