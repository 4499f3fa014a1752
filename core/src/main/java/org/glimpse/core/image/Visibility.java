package org.glimpse.core.image;

import java.util.Locale;
import java.util.Optional;

/** Who besides the owner may see an image. */
public enum Visibility {
  PUBLIC,
  PRIVATE,
  SHARED,
  COMMUNITY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Visibility> parse(String value) {
    for (Visibility v : values()) {
      if (v.wire().equals(value)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
