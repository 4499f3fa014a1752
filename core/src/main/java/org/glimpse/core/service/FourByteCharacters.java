package org.glimpse.core.service;

import java.util.List;
import java.util.Map;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;

/**
 * Glance refuses characters outside Unicode's Basic Multilingual Plane (four bytes in UTF-8,
 * such as emoji) in what it writes of an image, a membership or a metadata definition, on every
 * database (its tables were made for MySQL's three-byte utf8). So do we, with its words: a value
 * is named by its key, title-cased as Python does it.
 */
final class FourByteCharacters {
  private static final String IN_NAME = "Property names can't contain 4 byte unicode.";

  private FourByteCharacters() {}

  /** A new image: its name, then each property (name, then value), then its tags. */
  static void checkNew(Image image) {
    value("name", image.getName());
    for (Map.Entry<String, String> property : image.getProperties().entrySet()) {
      property(property.getKey(), property.getValue());
    }
    image.getTags().forEach(FourByteCharacters::param);
  }

  /** What one JSON-patch change would write. */
  static void checkChange(ImageChange change) {
    if (change.op() == ImageChange.Op.REMOVE) {
      return;
    }
    if (change.value() instanceof List<?> values) {
      values.forEach(v -> param(String.valueOf(v)));
    } else if (change.value() instanceof String text) {
      property(change.name(), text);
    }
  }

  /** A member's project id. */
  static void checkMember(String memberId) {
    value("member", memberId);
  }

  private static void property(String key, String value) {
    if (has(key)) {
      throw new BadRequestException(IN_NAME);
    }
    value(key, value);
  }

  private static void value(String key, String value) {
    if (has(value)) {
      throw new BadRequestException(inValue(key));
    }
  }

  private static String inValue(String key) {
    return title(key) + " can't contain 4 byte unicode characters.";
  }

  /**
   * A metadata definition's fields as Glance writes them (a namespace's attributes; an object's
   * name, comma-joined required names, description and property definitions; a property's name
   * and definition; a tag's name), refused as Glance does: every field whose value is not a
   * mapping, its name then its value, mappings looked into at any depth and lists not at all (so
   * an enum may hold any character). The first offender is named after {@code operation}, e.g.
   * "Couldn't create metadata object".
   */
  static void checkDefinition(String operation, Map<String, ?> fields) {
    String problem = firstProblem(fields);
    if (problem != null) {
      throw new BadRequestException(operation + ": " + problem);
    }
  }

  private static String firstProblem(Map<?, ?> fields) {
    for (Map.Entry<?, ?> field : fields.entrySet()) {
      String key = String.valueOf(field.getKey());
      String problem = null;
      if (field.getValue() instanceof Map<?, ?> nested) {
        problem = firstProblem(nested);
      } else if (has(key)) {
        problem = IN_NAME;
      } else if (field.getValue() instanceof String text && has(text)) {
        problem = inValue(key);
      }
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static void param(String value) {
    if (has(value)) {
      throw new BadRequestException("Param values can't contain 4 byte unicode.");
    }
  }

  static boolean has(String text) {
    return text != null && text.codePoints().anyMatch(Character::isSupplementaryCodePoint);
  }

  /** Python's str.title(): a letter after a non-letter upper-cased, any other lower-cased. */
  static String title(String key) {
    StringBuilder out = new StringBuilder(key.length());
    boolean afterLetter = false;
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      boolean cased = Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
      out.appendCodePoint(!cased ? cp : afterLetter ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
      afterLetter = cased;
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
