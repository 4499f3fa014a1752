package org.glimpse.core.metadef;

import java.time.Instant;
import java.util.List;

/**
 * A named group of properties inside a namespace. {@code propertiesJson} is the JSON object of
 * its property definitions (name → JSON schema fragment), kept as the client wrote it; null when
 * it has none.
 */
public record MetadefObject(String name, String description, List<String> required,
    String propertiesJson, Instant createdAt, Instant updatedAt) {
  public MetadefObject {
    required = required == null ? List.of() : List.copyOf(required);
  }
}
