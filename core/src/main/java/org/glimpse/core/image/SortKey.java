package org.glimpse.core.image;

import java.util.Locale;
import java.util.Optional;

/** The attributes a listing may be sorted by (the same set in v1 and v2). */
public enum SortKey {
  NAME,
  STATUS,
  CONTAINER_FORMAT,
  DISK_FORMAT,
  SIZE,
  ID,
  CREATED_AT,
  UPDATED_AT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SortKey> parse(String value) {
    for (SortKey k : values()) {
      if (k.wire().equals(value)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
