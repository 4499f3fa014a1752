package org.glimpse.server.v2;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.RangeNotSatisfiableException;

/**
 * One byte range of an image's data, from a {@code Range: bytes=…} request header (or the
 * legacy {@code Content-Range: bytes a-b/n} request header Glance also honours).
 */
record ByteRange(long offset, long length) {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final String UNSATISFIABLE = "The Range requested is not available.";

  long last() {
    return offset + length - 1;
  }

  /** The range asked for, clamped to {@code size}; null when the whole data is wanted. */
  static ByteRange parse(String range, String contentRange, long size) {
    if (range != null) {
      return fromRange(range.strip(), size);
    }
    if (contentRange != null) {
      return fromContentRange(contentRange.strip(), size);
    }
    return null;
  }

  private static ByteRange fromRange(String header, long size) {
    if (header.startsWith("bytes=") && header.contains(",")) {
      throw new BadRequestException("Requests with multiple ranges are not supported in Glance. "
          + "You may make multiple single-range requests instead.");
    }
    Matcher m = RANGE.matcher(header);
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw unsatisfiable();
    }
    if (m.group(1).isEmpty()) {
      long suffix = parse(m.group(2));
      if (suffix == 0 || size == 0) {
        throw unsatisfiable();
      }
      long start = Math.max(0, size - suffix);
      return new ByteRange(start, size - start);
    }
    long start = parse(m.group(1));
    long end = m.group(2).isEmpty() ? size - 1 : Math.min(parse(m.group(2)), size - 1);
    if (start >= size || (!m.group(2).isEmpty() && parse(m.group(2)) < start)) {
      throw unsatisfiable();
    }
    return new ByteRange(start, end - start + 1);
  }

  private static ByteRange fromContentRange(String header, long size) {
    Matcher m = CONTENT_RANGE.matcher(header);
    if (!m.matches()) {
      throw unsatisfiable();
    }
    long start = parse(m.group(1));
    long end = parse(m.group(2));
    if (start > end || start >= size || end >= size) {
      throw unsatisfiable();
    }
    return new ByteRange(start, end - start + 1);
  }

  private static long parse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw unsatisfiable();
    }
  }

  private static RangeNotSatisfiableException unsatisfiable() {
    return new RangeNotSatisfiableException(UNSATISFIABLE);
  }
}
