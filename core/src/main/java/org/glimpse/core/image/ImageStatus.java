package org.glimpse.core.image;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** An image's life cycle, with the transitions Glance allows between states. */
public enum ImageStatus {
  QUEUED,
  SAVING,
  UPLOADING,
  IMPORTING,
  ACTIVE,
  DEACTIVATED,
  KILLED,
  PENDING_DELETE,
  DELETED;

  private static final Map<ImageStatus, Set<ImageStatus>> TARGETS =
      Map.of(
          QUEUED, EnumSet.of(SAVING, UPLOADING, IMPORTING, ACTIVE, DELETED),
          // saving -> queued lets a failed v2 upload be retried; v1 goes to killed instead
          SAVING, EnumSet.of(ACTIVE, KILLED, DELETED, QUEUED),
          UPLOADING, EnumSet.of(IMPORTING, QUEUED, DELETED),
          IMPORTING, EnumSet.of(ACTIVE, DELETED, QUEUED),
          ACTIVE, EnumSet.of(PENDING_DELETE, DELETED, DEACTIVATED),
          DEACTIVATED, EnumSet.of(ACTIVE, DELETED),
          KILLED, EnumSet.of(DELETED),
          PENDING_DELETE, EnumSet.of(DELETED),
          DELETED, EnumSet.noneOf(ImageStatus.class));

  public boolean canBecome(ImageStatus next) {
    return this == next || TARGETS.get(this).contains(next);
  }

  /** The lower-case name used on the wire and in the database. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ImageStatus fromWire(String value) {
    for (ImageStatus s : values()) {
      if (s.wire().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown image status: " + value);
  }
}
