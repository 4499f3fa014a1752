package org.glimpse.core.image;

/**
 * One change to an image's attributes, as a JSON-patch operation names it: {@code name} is a
 * top-level attribute ("name", "visibility", "tags", or a custom property) and {@code value} is
 * a String, Boolean, Integer, Long, {@code List<String>} (tags) or null.
 */
public record ImageChange(Op op, String name, Object value) {
  public enum Op { ADD, REPLACE, REMOVE }
}
