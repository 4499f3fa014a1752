package org.glimpse.server.v2;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.RangeNotSatisfiableException;

/**
 * One byte range of an image's data, from a {@code Range: bytes=…} request header (or the
 * legacy {@code Content-Range: bytes a-b/n} request header Glance also honours), with Glance's
 * rules: one range only, a start inside the data, an end past the data clamped to it.
 */
record ByteRange(long offset, long length) {
  private static final Pattern RANGE = Pattern.compile("bytes *= *(\\d*) *- *(\\d*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  /** Glance's explanation of every 416; the reason follows as the detail. */
  private static final String UNSATISFIABLE = "The Range requested is not available.\n";

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
    if (header.contains(",")) {
      throw new BadRequestException("Requests with multiple ranges are not supported in Glance. "
          + "You may make multiple single-range requests instead.");
    }
    Matcher m = RANGE.matcher(header);
    if (!m.lookingAt() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw unsatisfiable("Invalid Range header.");
    }
    if (m.group(1).isEmpty()) {
      // a suffix: the last n bytes, or all of them when n is larger than the data (or 0, as in
      // Glance, which reads "-0" as a start of 0)
      long suffix = number(m.group(2), "Invalid Range header.");
      if (size == 0) {
        throw badStart("Range header", size);
      }
      long start = suffix > 0 && suffix < size ? size - suffix : 0;
      return new ByteRange(start, size - start);
    }
    long start = number(m.group(1), "Invalid Range header.");
    Long end = m.group(2).isEmpty() ? null : number(m.group(2), "Invalid Range header.");
    if (end != null && end < start) {
      throw unsatisfiable("Invalid Range header.");
    }
    if (start >= size) {
      throw badStart("Range header", size);
    }
    long last = end == null ? size - 1 : Math.min(end, size - 1);
    return new ByteRange(start, last - start + 1);
  }

  private static ByteRange fromContentRange(String header, long size) {
    Matcher m = CONTENT_RANGE.matcher(header);
    if (!m.lookingAt()) {
      throw unsatisfiable("Invalid Content-Range header.");
    }
    long start = number(m.group(1), "Invalid Content-Range header.");
    long stop = number(m.group(2), "Invalid Content-Range header.") + 1;
    boolean unknownLength = m.group(3).equals("*");
    if (start >= stop || (!unknownLength && stop > number(m.group(3), "Invalid Content-Range header."))) {
      throw unsatisfiable("Invalid Content-Range header.");
    }
    if (unknownLength && stop > size) {
      throw unsatisfiable("Invalid stop position in Content-Range header. "
          + "The stop position MUST be in the inclusive range [0, " + (size - 1) + "].");
    }
    if (start >= size) {
      throw badStart("Content-Range header", size);
    }
    return new ByteRange(start, Math.min(stop, size) - start);
  }

  private static long number(String digits, String problem) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw unsatisfiable(problem);
    }
  }

  private static RangeNotSatisfiableException badStart(String header, long size) {
    return unsatisfiable("Invalid start position in " + header + ". Start position MUST be in the inclusive range [0, "
        + (size - 1) + "].");
  }

  private static RangeNotSatisfiableException unsatisfiable(String detail) {
    return new RangeNotSatisfiableException(UNSATISFIABLE + detail);
  }
}
