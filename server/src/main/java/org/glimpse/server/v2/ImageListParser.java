package org.glimpse.server.v2;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SortKey;

/** Turns GET /v2/images query parameters into an {@link ImageQuery}, with Glance's errors. */
final class ImageListParser {
  private static final Set<String> RESERVED = Set.of("limit", "marker", "sort_key", "sort_dir",
      "sort", "member_status", "visibility", "protected", "os_hidden", "size_min", "size_max",
      "created_at", "updated_at", "tag", "checksum", "os_hash_value", "owner", "name", "id", "status",
      "container_format", "disk_format", "size", "virtual_size", "min_ram", "min_disk", "os_hash_algo",
      "changes-since");
  private static final List<String> IN_ATTRIBUTES = List.of("name", "id", "status", "container_format", "disk_format");
  private static final String SORT_KEYS = "name, status, container_format, disk_format, size, id, created_at, updated_at";

  private final int defaultLimit;
  private final int maxLimit;

  ImageListParser(int defaultLimit, int maxLimit) {
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
  }

  ImageQuery parse(Map<String, List<String>> params) {
    if (params.containsKey("changes-since")) {
      throw new BadRequestException("The \"changes-since\" filter is no longer available on v2.");
    }
    ImageQuery q = new ImageQuery();
    q.limit = limit(last(params, "limit"));
    sort(q, params);
    String visibility = last(params, "visibility");
    if (visibility != null) {
      q.visibility = switch (visibility) {
        case "public" -> ImageQuery.VisibilityFilter.PUBLIC;
        case "private" -> ImageQuery.VisibilityFilter.PRIVATE;
        case "shared" -> ImageQuery.VisibilityFilter.SHARED;
        case "community" -> ImageQuery.VisibilityFilter.COMMUNITY;
        case "all" -> ImageQuery.VisibilityFilter.ALL;
        default -> throw new BadRequestException("Invalid visibility value: " + visibility);
      };
    }
    String memberStatus = last(params, "member_status");
    if (memberStatus != null) {
      q.memberStatus = memberStatus.equals("all") ? null : MemberStatus.parse(memberStatus)
          .orElseThrow(() -> new BadRequestException("Invalid status: " + memberStatus));
    }
    q.isProtected = bool(params, "protected");
    // Glance lower-cases os_hidden (openstacksdk sends "True") but matches protected exactly
    Boolean hidden = bool(lowerCased(params, "os_hidden"), "os_hidden");
    if (hidden != null) {
      q.osHidden = hidden;
    }
    q.sizeMin = number(last(params, "size_min"));
    q.sizeMax = number(last(params, "size_max"));
    // Glance filters on any image column by equality, so these are columns, not custom properties
    q.size = wholeNumber(q, last(params, "size"), Long.MAX_VALUE);
    q.virtualSize = wholeNumber(q, last(params, "virtual_size"), Long.MAX_VALUE);
    Long minRam = wholeNumber(q, last(params, "min_ram"), Integer.MAX_VALUE);
    Long minDisk = wholeNumber(q, last(params, "min_disk"), Integer.MAX_VALUE);
    q.minRam = minRam == null ? null : minRam.intValue();
    q.minDisk = minDisk == null ? null : minDisk.intValue();
    q.checksum = last(params, "checksum");
    q.osHashValue = last(params, "os_hash_value");
    q.osHashAlgo = last(params, "os_hash_algo");
    String owner = last(params, "owner");
    if (owner != null) {
      q.attributes.put("owner", List.of(owner));
    }
    for (String attribute : IN_ATTRIBUTES) {
      String value = last(params, attribute);
      if (value != null) {
        q.attributes.put(attribute, attributeValues(value));
      }
    }
    time(q, "created_at", last(params, "created_at"));
    time(q, "updated_at", last(params, "updated_at"));
    q.tags.addAll(params.getOrDefault("tag", List.of()));
    params.forEach((k, v) -> {
      if (!RESERVED.contains(k) && !v.isEmpty()) {
        q.properties.put(k, v.get(v.size() - 1));
      }
    });
    return q;
  }

  private int limit(String raw) {
    if (raw == null) {
      return defaultLimit;
    }
    int limit;
    try {
      limit = Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestException("limit param must be an integer");
    }
    if (limit < 0) {
      throw new BadRequestException("limit param must be positive");
    }
    return Math.min(limit, maxLimit);
  }

  private static void sort(ImageQuery q, Map<String, List<String>> params) {
    List<String> keys = params.getOrDefault("sort_key", List.of());
    List<String> dirs = params.getOrDefault("sort_dir", List.of());
    String sort = last(params, "sort");
    if (sort != null) {
      if (!keys.isEmpty() || !dirs.isEmpty()) {
        throw new BadRequestException("Old and new sorting syntax cannot be combined");
      }
      for (String part : sort.split(",")) {
        String[] kv = part.strip().split(":", 2);
        // no direction, or an empty one ("name:"), is the default (desc)
        boolean asc = kv.length == 2 && !kv[1].isEmpty() && ascending(kv[1].strip());
        q.sort.add(new ImageQuery.Sort(sortKey(kv[0].strip()), asc));
      }
      return;
    }
    for (String dir : dirs) {
      ascending(dir.strip());
    }
    if (dirs.size() > 1 && dirs.size() != Math.max(keys.size(), 1)) {
      throw new BadRequestException("Number of sort dirs does not match the number of sort keys");
    }
    List<String> effectiveKeys = keys.isEmpty() ? List.of("created_at") : keys;
    for (int i = 0; i < effectiveKeys.size(); i++) {
      String dir = dirs.isEmpty() ? "desc" : dirs.get(dirs.size() == 1 ? 0 : i);
      q.sort.add(new ImageQuery.Sort(sortKey(effectiveKeys.get(i).strip()), dir.strip().equals("asc")));
    }
  }

  private static SortKey sortKey(String key) {
    return SortKey.parse(key).orElseThrow(() ->
        new BadRequestException("Invalid sort key: " + key + ". It must be one of the following: " + SORT_KEYS + "."));
  }

  private static boolean ascending(String dir) {
    if (!dir.equals("asc") && !dir.equals("desc")) {
      throw new BadRequestException("Invalid sort direction: " + dir);
    }
    return dir.equals("asc");
  }

  private static Map<String, List<String>> lowerCased(Map<String, List<String>> params, String name) {
    String v = last(params, name);
    return v == null ? Map.of() : Map.of(name, List.of(v.toLowerCase(java.util.Locale.ROOT)));
  }

  private static Boolean bool(Map<String, List<String>> params, String name) {
    String v = last(params, name);
    if (v == null) {
      return null;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.valueOf(v);
    }
    throw new BadRequestException("Invalid value '" + v + "' for '" + name + "' filter. Valid values are 'true' or 'false'.");
  }

  private static Long number(String v) {
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestException("Unable to filter on a range with a non-numeric value.");
    }
  }

  /**
   * The value of an exact filter on a whole-number column, as the database compares it: a number
   * with no fraction ({@code 5}, {@code 5.0}, {@code +5}, {@code 5e0}) in the column's range; any
   * other value matches no image (Glance's answer: an empty list, not an error).
   */
  private static Long wholeNumber(ImageQuery q, String raw, long max) {
    if (raw == null) {
      return null;
    }
    try {
      BigDecimal value = new BigDecimal(raw.strip()).stripTrailingZeros();
      // the digit count is checked before the value is expanded: 1e999999999 is a number too
      if (value.signum() == 0 || value.scale() <= 0 && value.precision() - value.scale() <= 19) {
        long whole = value.longValueExact();
        if (whole >= -max - 1 && whole <= max) {
          return whole;
        }
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // not a number: no image has it
    }
    q.matchesNothing = true;
    return null;
  }

  /**
   * The values an attribute filter matches, as Glance reads it: {@code op:value} where op is
   * {@code eq} or {@code in} (a comma-separated list, items in double quotes where they hold a
   * comma), else the whole text — also when it holds a colon but reads as an ISO 8601 time.
   */
  static List<String> attributeValues(String raw) {
    int colon = raw.indexOf(':');
    if (colon < 0 || isTime(raw)) {
      return List.of(raw);
    }
    String op = raw.substring(0, colon);
    String value = raw.substring(colon + 1);
    return switch (op) {
      case "eq" -> List.of(value);
      case "in" -> quotedList(value);
      default -> throw new BadRequestException("Unable to filter by unknown operator '" + op + "'.");
    };
  }

  private static boolean isTime(String value) {
    try {
      instant("", value);
      return true;
    } catch (BadRequestException e) {
      return false;
    }
  }

  /** An item in double quotes (backslash escapes kept), or up to the next comma, or nothing. */
  private static final Pattern LIST_ITEM =
      Pattern.compile("\"([^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\",?|([^,]+),?|,");

  private static List<String> quotedList(String value) {
    checkQuotes(value);
    List<String> items = new ArrayList<>();
    Matcher m = LIST_ITEM.matcher(value);
    while (m.find()) {
      items.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "");
    }
    return items;
  }

  /** A quote opens only after a comma (or first) and closes only before one (or last). */
  private static void checkQuotes(String value) {
    boolean open = false;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) != '"' || (i > 0 && value.charAt(i - 1) == '\\')) {
        continue;
      }
      if (!open && i > 0 && value.charAt(i - 1) != ',') {
        throw new BadRequestException("Invalid filter value " + value
            + ". There is no comma before opening quotation mark.");
      }
      if (open && i + 1 < value.length() && value.charAt(i + 1) != ',') {
        throw new BadRequestException("Invalid filter value " + value
            + ". There is no comma after closing quotation mark.");
      }
      open = !open;
    }
    if (open) {
      throw new BadRequestException("Invalid filter value " + value + ". The quote is not closed.");
    }
  }

  private static void time(ImageQuery q, String column, String raw) {
    if (raw == null) {
      return;
    }
    ImageQuery.Op op = ImageQuery.Op.EQ;
    String value = raw;
    int colon = raw.indexOf(':');
    // an ISO timestamp has colons too: only a known word before the first one is an operator
    if (colon > 0 && raw.substring(0, colon).chars().allMatch(Character::isLetter)) {
      op = switch (raw.substring(0, colon)) {
        case "eq" -> ImageQuery.Op.EQ;
        case "neq" -> ImageQuery.Op.NEQ;
        case "gt" -> ImageQuery.Op.GT;
        case "gte" -> ImageQuery.Op.GTE;
        case "lt" -> ImageQuery.Op.LT;
        case "lte" -> ImageQuery.Op.LTE;
        default -> throw new BadRequestException("Unable to filter on a unknown operator.");
      };
      value = raw.substring(colon + 1);
    }
    q.times.add(new ImageQuery.TimeFilter(column, op, instant(column, value)));
  }

  /**
   * The ISO 8601 forms Glance's time filters take (its parser's): a year, then optionally a month
   * and a day (with or without dashes, a month alone only with one), then optionally a time after
   * {@code T} or a space (hours, minutes, seconds, a fraction; colons optional) and a zone
   * ({@code Z}, {@code ±hh}, {@code ±hhmm} or {@code ±hh:mm}); no zone is UTC.
   */
  private static final Pattern ISO_8601 = Pattern.compile("(?<year>\\d{4})"
      + "(?:(?:-(?<monthDash>\\d{1,2})|(?<month>\\d{2})(?!$))"
      + "(?:(?:-(?<dayDash>\\d{1,2})|(?<day>\\d{2}))"
      + "(?:[ T](?<hour>\\d{2})(?::?(?<minute>\\d{2}))?(?::?(?<second>\\d{1,2})(?:[.,](?<fraction>\\d+))?)?"
      + "(?<zone>Z|(?<sign>[-+])(?<zoneHour>\\d{2}):?(?<zoneMinute>\\d{2})?)?)?)?)?");

  static Instant instant(String column, String value) {
    Matcher m = ISO_8601.matcher(value);
    try {
      // the year 0 is not one Glance's (Python's) dates have
      if (m.matches() && number(m, "year", 0) > 0) {
        LocalDateTime local = LocalDateTime.of(number(m, "year", 1),
            number(m, "monthDash", number(m, "month", 1)), number(m, "dayDash", number(m, "day", 1)),
            number(m, "hour", 0), number(m, "minute", 0), number(m, "second", 0), nanos(m.group("fraction")));
        int offset = m.group("sign") == null ? 0
            : (m.group("sign").equals("-") ? -1 : 1)
                * (number(m, "zoneHour", 0) * 3600 + number(m, "zoneMinute", 0) * 60);
        return local.toInstant(ZoneOffset.ofTotalSeconds(offset));
      }
    } catch (DateTimeException e) {
      // a date or time that does not exist (month 13, 25 o'clock)
    }
    throw new BadRequestException("Bad \"" + column + "\" query filter format. Use ISO 8601 DateTime notation.");
  }

  private static int number(Matcher m, String group, int otherwise) {
    String digits = m.group(group);
    return digits == null ? otherwise : Integer.parseInt(digits);
  }

  /** A decimal fraction of a second as nanoseconds (digits past the ninth dropped). */
  private static int nanos(String fraction) {
    if (fraction == null) {
      return 0;
    }
    String nine = (fraction + "000000000").substring(0, 9);
    return Integer.parseInt(nine);
  }

  private static String last(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }
}
