package org.glimpse.core.task;

import java.util.Locale;
import java.util.Optional;

/** A task's life cycle, as Glance's: pending, processing, then success or failure. */
public enum TaskStatus {
  PENDING,
  PROCESSING,
  SUCCESS,
  FAILURE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean finished() {
    return this == SUCCESS || this == FAILURE;
  }

  public static Optional<TaskStatus> parse(String value) {
    for (TaskStatus s : values()) {
      if (s.wire().equals(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
