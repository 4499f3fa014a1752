package org.glimpse.server.v1;

import io.javalin.http.Context;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Set;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.Image;
import org.glimpse.core.service.V1ImageMeta;

/**
 * The x-image-meta-* header codec. Reading: names are case-insensitive and '-' equals '_' after
 * the prefix; an empty value is null; integers and booleans are converted with v1's messages;
 * property names are lower-cased with '-' turned into '_'. Writing: one header per non-null field,
 * booleans as {@code True}/{@code False}, one per non-null property.
 */
final class ImageMetaHeaders {
  /** Control characters (a tab aside): a header value may not hold them (RFC 9110 §5.5). */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f]");

  static final String PREFIX = "x-image-meta-";
  private static final String PROPERTY = "property_";
  private static final Set<String> LONGS = Set.of("size", "virtual_size");
  private static final Set<String> INTS = Set.of("min_ram", "min_disk");
  private static final Set<String> BOOLEANS = Set.of("is_public", "protected", "deleted");
  private static final Set<String> TIMES = Set.of("created_at", "updated_at", "deleted_at");
  private static final Set<String> TRUE = Set.of("true", "1", "yes", "on", "y", "t");
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private ImageMetaHeaders() {}

  static V1ImageMeta parse(Context ctx) {
    V1ImageMeta meta = new V1ImageMeta();
    for (String header : Collections.list(ctx.req().getHeaderNames())) {
      String lower = header.toLowerCase(Locale.ROOT);
      String raw = ctx.req().getHeader(header);
      String value = raw == null ? "" : raw.strip();
      if (lower.equals("x-glance-registry-purge-props")) {
        meta.purgeProps = truthy(value);
      } else if (lower.equals("x-glance-api-copy-from")) {
        meta.copyFrom = value;
      } else if (lower.startsWith(PREFIX)) {
        String key = lower.substring(PREFIX.length()).replace('-', '_');
        if (key.startsWith(PROPERTY)) {
          meta.properties.put(key.substring(PROPERTY.length()), value.isEmpty() ? null : value);
        } else if (!V1ImageMeta.FIELDS.contains(key)) {
          throw new BadRequestException("Bad header: " + lower);
        } else if (key.equals("location")) {
          meta.put(key, value); // an empty location is its own error, not "no location"
        } else {
          meta.put(key, value.isEmpty() ? null : convert(key, value));
        }
      }
    }
    return meta;
  }

  static boolean truthy(String value) {
    return TRUE.contains(value.strip().toLowerCase(Locale.ROOT));
  }

  private static Object convert(String field, String value) {
    if (BOOLEANS.contains(field)) {
      return truthy(value);
    }
    if (TIMES.contains(field)) {
      Instant at = Timestamps.parse(value);
      if (at == null || at.atZone(ZoneOffset.UTC).getYear() < 1900) {
        throw new BadRequestException("Invalid time format for " + field + ".");
      }
      return at;
    }
    if (field.equals("virtual_size") && value.equals("None")) {
      return null;
    }
    if (LONGS.contains(field) || INTS.contains(field)) {
      BigInteger n;
      try {
        n = new BigInteger(value);
      } catch (NumberFormatException e) {
        throw new BadRequestException("Cannot convert image " + field + " '" + value + "' to an integer.");
      }
      if (n.signum() < 0) {
        throw new BadRequestException("Cannot be a negative value.");
      }
      if (INTS.contains(field)) {
        if (n.compareTo(INT_MAX) > 0) {
          throw new BadRequestException("'" + field + "' value out of range");
        }
        return n.intValue();
      }
      if (n.compareTo(LONG_MAX) > 0) {
        throw new BadRequestException("Cannot convert image " + field + " '" + value + "' to an integer.");
      }
      return n.longValue();
    }
    return value;
  }

  /** Every header that describes the image, in a stable order; the location is never shown. */
  static Map<String, String> of(Image image) {
    Map<String, String> h = new LinkedHashMap<>();
    put(h, "id", image.getId());
    put(h, "name", image.getName());
    put(h, "disk_format", image.getDiskFormat());
    put(h, "container_format", image.getContainerFormat());
    put(h, "size", Long.toString(image.getSize() == null ? 0 : image.getSize()));
    put(h, "virtual_size", image.getVirtualSize() == null ? null : image.getVirtualSize().toString());
    put(h, "checksum", image.getChecksum());
    put(h, "status", image.getStatus().wire());
    put(h, "is_public", bool(V1ImageView.isPublic(image)));
    put(h, "protected", bool(image.isProtected()));
    put(h, "min_ram", Integer.toString(image.getMinRam()));
    put(h, "min_disk", Integer.toString(image.getMinDisk()));
    put(h, "owner", image.getOwner());
    put(h, "created_at", Timestamps.format(image.getCreatedAt()));
    put(h, "updated_at", Timestamps.format(image.getUpdatedAt()));
    put(h, "deleted_at", Timestamps.format(image.getDeletedAt()));
    put(h, "deleted", bool(image.isDeleted()));
    image.getProperties().forEach((name, value) -> put(h, "property-" + name.toLowerCase(Locale.ROOT), value));
    return h;
  }

  static void write(Context ctx, Image image) {
    of(image).forEach(ctx::header);
    if (image.getChecksum() != null) {
      ctx.header("ETag", image.getChecksum());
    }
  }

  private static void put(Map<String, String> headers, String field, String value) {
    if (value != null) {
      // a value set through v2 may hold line breaks or other control characters, which a header cannot carry
      headers.put(PREFIX + field, CONTROL.matcher(value).replaceAll(" "));
    }
  }

  private static String bool(boolean value) {
    return value ? "True" : "False";
  }
}
