package org.glimpse.stores;

import java.util.regex.Pattern;
import org.glimpse.core.error.BadRequestException;

/**
 * The image ids a store accepts as object names. Glance's ids are UUIDs; anything else must still
 * be a plain, short name that cannot steer a path or key: ASCII letters, digits, '.', '_' and '-',
 * starting with a letter or digit, at most 64 characters, without "..". The leading letter or digit
 * also keeps ids apart from a store's hidden temporary names.
 */
public final class ObjectIds {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ObjectIds() {}

  public static boolean isValid(String id) {
    return id != null && SAFE.matcher(id).matches() && !id.contains("..");
  }

  /** Returns {@code id} when valid, otherwise throws BadRequestException. */
  public static String require(String id) {
    if (!isValid(id)) {
      throw new BadRequestException("Invalid image id for storage: " + printable(id));
    }
    return id;
  }

  private static String printable(String id) {
    if (id == null) {
      return "null";
    }
    String shown = id.length() > 80 ? id.substring(0, 80) + "..." : id;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
