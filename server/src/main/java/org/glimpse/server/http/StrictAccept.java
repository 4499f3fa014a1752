package org.glimpse.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@code Accept} header read as today's WebOb (1.8, under Glance's v2) reads it: the whole
 * header must follow RFC 7231's grammar, or it is invalid as a whole and WebOb treats it as if
 * it were absent (every offer acceptable). There is no partial reading: one malformed element
 * makes the header invalid. The scan is a single pass, without backtracking or recursion, so any
 * header is read in time linear in its length.
 *
 * <p>The grammar, as WebOb writes it: {@code [ ("," / element) *(OWS "," [OWS element]) ]}, an
 * element being {@code type "/" subtype *(OWS ";" OWS parameter) [weight *(accept-ext)]}, where
 * a media type parameter ({@code token "=" (token / quoted-string)}) may not be named {@code q},
 * the weight is {@code OWS ";" OWS ("q" / "Q") "=" qvalue} and an extension is {@code OWS ";"
 * OWS token ["=" (token / quoted-string)]}.
 */
final class StrictAccept {
  /**
   * One media range.
   *
   * @param type the type, lower case
   * @param subtype the subtype, lower case
   * @param hasParameters whether it has media type parameters (extensions after the weight do not count)
   * @param quality its weight, 1 when absent
   */
  record Range(String type, String subtype, boolean hasParameters, double quality) {
    /**
     * How this range matches {@code type/subtype} (an offer without parameters), as WebOb ranks
     * it: 3 for the same type and subtype without parameters, 2 for {@code type/*}, 1 for
     * {@code *}{@code /*} (wildcards match whatever their parameters), -1 for no match.
     */
    int specificity(String offerType, String offerSubtype) {
      if (type.equals(offerType) && subtype.equals(offerSubtype)) {
        return hasParameters ? -1 : 3;
      }
      if (subtype.equals("*") && type.equals(offerType)) {
        return 2;
      }
      return type.equals("*") && subtype.equals("*") ? 1 : -1;
    }
  }

  private final String text;
  private int pos;

  private StrictAccept(String text) {
    this.text = text;
  }

  /** The ranges of a valid header, in order (none for ""); empty when the header is invalid. */
  static Optional<List<Range>> parse(String header) {
    return new StrictAccept(header).header();
  }

  private Optional<List<Range>> header() {
    List<Range> ranges = new ArrayList<>();
    if (text.isEmpty()) {
      return Optional.of(ranges);
    }
    if (!take(',')) {
      Range first = element();
      if (first == null) {
        return Optional.empty();
      }
      ranges.add(first);
    }
    while (pos < text.length()) {
      skipSpace();
      if (!take(',')) {
        return Optional.empty(); // something other than a separator, or trailing space
      }
      int afterComma = pos;
      skipSpace();
      if (pos < text.length() && text.charAt(pos) != ',') {
        Range next = element();
        if (next == null) {
          return Optional.empty();
        }
        ranges.add(next);
      } else {
        pos = afterComma; // an empty element
      }
    }
    return Optional.of(ranges);
  }

  /** One element, or null when it is malformed. */
  private Range element() {
    String type = token();
    if (type == null || !take('/')) {
      return null;
    }
    String subtype = token();
    if (subtype == null) {
      return null;
    }
    boolean hasParameters = false;
    double quality = 1;
    boolean weighted = false;
    while (true) {
      int start = pos;
      skipSpace();
      if (!take(';')) {
        pos = start; // the element ends here
        break;
      }
      skipSpace();
      if (!weighted && (peek() == 'q' || peek() == 'Q') && peek(1) == '=') {
        pos += 2;
        Double q = qvalue();
        if (q == null) {
          return null;
        }
        quality = q;
        weighted = true;
      } else {
        String name = token();
        if (name == null) {
          return null;
        }
        if (take('=')) {
          if (!value()) {
            return null;
          }
        } else if (!weighted) {
          return null; // a media type parameter needs a value; an extension may go without
        }
        hasParameters |= !weighted;
      }
    }
    return new Range(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), hasParameters, quality);
  }

  /** RFC 7231's qvalue: 0 to 1 with at most three decimals, or null. */
  private Double qvalue() {
    int start = pos;
    char first = peek();
    if (first != '0' && first != '1') {
      return null;
    }
    pos++;
    if (take('.')) {
      int digits = 0;
      while (digits < 3 && (first == '0' ? peek() >= '0' && peek() <= '9' : peek() == '0')) {
        pos++;
        digits++;
      }
    }
    return Double.parseDouble(text.substring(start, pos));
  }

  /** A token or a quoted string; false when there is neither. */
  private boolean value() {
    if (peek() != '"') {
      return token() != null;
    }
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return true;
      }
      if (c == '\\') {
        if (pos >= text.length() || !quotable(text.charAt(pos))) {
          return false;
        }
        pos++;
      } else if (!quotable(c)) {
        return false;
      }
    }
    return false;
  }

  /** HTAB, SP, a visible character, or obs-text (any char above 0x7f stands for bytes above it). */
  private static boolean quotable(char c) {
    return c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7e) || c >= 0x80;
  }

  private String token() {
    int start = pos;
    while (pos < text.length() && AcceptHeader.isTokenChar(text.charAt(pos))) {
      pos++;
    }
    return pos > start ? text.substring(start, pos) : null;
  }

  private void skipSpace() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private boolean take(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private char peek() {
    return peek(0);
  }

  private char peek(int ahead) {
    return pos + ahead < text.length() ? text.charAt(pos + ahead) : 0;
  }
}
