package org.glimpse.core.image;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.error.ConflictException;

/**
 * An image's life cycle, with the transitions Glance allows between states. Every change of an
 * image's status passes {@link #requireTransition}, so the table below is the one gate.
 */
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
          // delayed delete keeps a deactivated image's data for the scrubber too
          DEACTIVATED, EnumSet.of(ACTIVE, DELETED, PENDING_DELETE),
          KILLED, EnumSet.of(DELETED),
          // Glance lets an operator restore an image pending deletion
          PENDING_DELETE, EnumSet.of(DELETED, ACTIVE),
          DELETED, EnumSet.noneOf(ImageStatus.class));

  public boolean canBecome(ImageStatus next) {
    return this == next || TARGETS.get(this).contains(next);
  }

  /** ConflictException, in Glance's words, unless this status may become {@code next}. */
  public void requireTransition(ImageStatus next) {
    if (!canBecome(next)) {
      throw new ConflictException(
          "Image status transition from " + wire() + " to " + next.wire() + " is not allowed");
    }
  }

  /** Whether an image in this status has stored data that readers may download. */
  public boolean holdsData() {
    return this == ACTIVE || this == DEACTIVATED;
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
