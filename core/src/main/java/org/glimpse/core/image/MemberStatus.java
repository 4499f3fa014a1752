package org.glimpse.core.image;

import java.util.Locale;
import java.util.Optional;

/** A member project's answer to an image shared with it. */
public enum MemberStatus {
  PENDING,
  ACCEPTED,
  REJECTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MemberStatus> parse(String value) {
    for (MemberStatus s : values()) {
      if (s.wire().equals(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
