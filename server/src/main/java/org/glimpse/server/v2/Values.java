package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import org.glimpse.core.error.BadRequestException;

/** Conversions of already schema-checked JSON values. */
final class Values {
  private Values() {}

  static int int32(String name, JsonNode v) {
    long value = v.asLong();
    if (!v.canConvertToInt() || value > Integer.MAX_VALUE) {
      throw new BadRequestException("'" + name + "' value out of range, must not exceed 2147483647.");
    }
    return (int) value;
  }

  /** A JSON value as the domain takes it: String, Boolean, Integer, List of String, or null. */
  static Object plain(String name, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return int32(name, v);
    }
    if (v.isArray()) {
      java.util.List<String> items = new java.util.ArrayList<>();
      v.forEach(i -> items.add(i.asText()));
      return items;
    }
    throw new BadRequestException("Unsupported value for '" + name + "'.");
  }
}
