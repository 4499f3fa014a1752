package org.glimpse.core.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one v1 request says about an image, already typed by the API layer: the image fields it
 * names (v1 names, an explicit null for an empty header), the custom properties it sets, and the
 * v1 switches that travel with them. Absent and null differ: a field not named is left alone.
 *
 * <p>Values are String for text fields, Long for {@code size} and {@code virtual_size}, Integer
 * for {@code min_ram} and {@code min_disk}, Boolean for {@code is_public}, {@code protected} and
 * {@code deleted}, and {@link java.time.Instant} for the timestamps.
 */
public final class V1ImageMeta {
  /** Every field name a v1 request may carry (besides properties). */
  public static final Set<String> FIELDS = Set.of("name", "disk_format", "container_format",
      "size", "virtual_size", "checksum", "is_public", "protected", "min_ram", "min_disk", "owner",
      "id", "status", "location", "store", "copy_from", "uri", "created_at", "updated_at",
      "deleted_at", "deleted");

  private final Map<String, Object> fields = new LinkedHashMap<>();
  /** Custom properties to set: name → value (null for an empty value). */
  public final Map<String, String> properties = new LinkedHashMap<>();
  /** The purge-properties switch as sent, or null when the request did not send it. */
  public Boolean purgeProps;
  /** A URL to copy the data from in the background, or null when none was named. */
  public String copyFrom;

  public V1ImageMeta put(String field, Object value) {
    if (!FIELDS.contains(field)) {
      throw new IllegalArgumentException("not a v1 image field: " + field);
    }
    fields.put(field, value);
    return this;
  }

  public boolean has(String field) {
    return fields.containsKey(field);
  }

  public Object get(String field) {
    return fields.get(field);
  }

  public String string(String field) {
    return (String) fields.get(field);
  }

  public Long longValue(String field) {
    return (Long) fields.get(field);
  }

  public Integer intValue(String field) {
    return (Integer) fields.get(field);
  }

  /** True only when the field was named with a true value. */
  public boolean isTrue(String field) {
    return Boolean.TRUE.equals(fields.get(field));
  }

  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }
}
