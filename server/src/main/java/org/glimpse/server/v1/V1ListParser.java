package org.glimpse.server.v1;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.SortKey;
import org.glimpse.core.service.V1ImageService;
import org.glimpse.core.service.V1ListScope;

/**
 * GET /v1/images query parameters → an {@link ImageQuery}, with v1's validation and messages.
 * Parameters v1 does not know (owner, deleted, …) are ignored.
 */
final class V1ListParser {
  private static final String SORT_KEYS = "name, status, container_format, disk_format, size, id, created_at, updated_at";
  private static final List<String> EXACT = List.of("name", "status", "container_format", "disk_format");
  private static final String PROPERTY = "property-";

  /** A parsed listing request: the query, the marker id (or null) and the admin scope. */
  record Request(ImageQuery query, String marker, V1ListScope scope) {}

  private final int defaultLimit;
  private final int maxLimit;

  V1ListParser(int defaultLimit, int maxLimit) {
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
  }

  Request parse(Map<String, List<String>> params) {
    ImageQuery q = new ImageQuery();
    for (String attribute : EXACT) {
      String v = last(params, attribute);
      if (v != null) {
        q.attributes.put(attribute, List.of(v));
      }
    }
    q.sizeMin = natural(params, "size_min");
    q.sizeMax = natural(params, "size_max");
    Long minRam = natural(params, "min_ram");
    Long minDisk = natural(params, "min_disk");
    q.minRam = minRam == null ? null : Math.toIntExact(minRam);
    q.minDisk = minDisk == null ? null : Math.toIntExact(minDisk);
    q.isProtected = protectedFilter(last(params, "protected"));
    V1ListScope scope = scope(last(params, "is_public"));
    params.forEach((k, v) -> {
      if (k.startsWith(PROPERTY) && !v.isEmpty()) {
        q.properties.put(k.substring(PROPERTY.length()), v.get(v.size() - 1));
      }
    });
    String changesSince = last(params, "changes-since");
    if (changesSince != null) {
      q.changesSince = Timestamps.parse(changesSince);
      if (q.changesSince == null) {
        throw new BadRequestException("Unrecognized changes-since value");
      }
    }
    String sortKey = last(params, "sort_key");
    SortKey key = sortKey == null ? SortKey.CREATED_AT : SortKey.parse(sortKey).orElseThrow(() ->
        new BadRequestException("Unsupported sort_key. Acceptable values: " + SORT_KEYS));
    String sortDir = last(params, "sort_dir");
    if (sortDir != null && !sortDir.equals("asc") && !sortDir.equals("desc")) {
      throw new BadRequestException("Unsupported sort_dir. Acceptable values: asc, desc");
    }
    q.sort.add(new ImageQuery.Sort(key, "asc".equals(sortDir)));
    q.limit = limit(last(params, "limit"));
    String marker = last(params, "marker");
    if (marker != null && !V1ImageService.isUuidLike(marker)) {
      throw new BadRequestException("Invalid marker format");
    }
    return new Request(q, marker, scope);
  }

  private int limit(String raw) {
    if (raw == null) {
      return Math.min(defaultLimit, maxLimit);
    }
    long limit;
    try {
      limit = Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestException("limit param must be an integer");
    }
    if (limit < 0) {
      throw new BadRequestException("limit param must be positive");
    }
    return (int) Math.min(limit, maxLimit);
  }

  private static Long natural(Map<String, List<String>> params, String name) {
    String v = last(params, name);
    if (v == null) {
      return null;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 0 && (n <= Integer.MAX_VALUE || name.startsWith("size"))) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException("Bad value passed to filter " + name + " got " + v);
  }

  private static Boolean protectedFilter(String v) {
    if (v == null) {
      return null;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      case "none" -> throw new BadRequestException("protected must be True, or False");
      default -> throw new BadRequestException("Bad value passed to filter protected got " + v);
    };
  }

  private static V1ListScope scope(String v) {
    if (v == null) {
      return V1ListScope.VISIBLE;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> V1ListScope.VISIBLE;
      case "false", "0" -> V1ListScope.NON_PUBLIC;
      case "none" -> V1ListScope.ALL;
      default -> throw new BadRequestException("Bad value passed to filter is_public got " + v);
    };
  }

  private static String last(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }
}
