package org.glimpse.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The media ranges of an {@code Accept} header (RFC 9110 §12.5.1), read from whatever bytes a
 * client sent. Parsing never fails: an element that is not a well-formed media range (an empty
 * media range, a lone {@code ;}, a parameter without a value, an unterminated quoted string, a
 * quality that is not a qvalue, any character a token may not hold) is left out, and the other
 * elements still count. Empty list elements ({@code a/b,,c/d}) are allowed, as the list syntax
 * allows them.
 */
public final class AcceptHeader {
  /** RFC 9110's qvalue: 0 to 1 with at most three decimals. */
  private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");
  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  /**
   * One well-formed media range.
   *
   * @param type the type, lower case ({@code *} for any)
   * @param subtype the subtype, lower case ({@code *} for any)
   * @param hasParameters whether the range carries parameters other than the quality (media type
   *     parameters or accept extensions)
   * @param quality the {@code q} weight, 1 when absent
   */
  public record MediaRange(String type, String subtype, boolean hasParameters, double quality) {
    /** {@code type/subtype}. */
    public String mediaType() {
      return type + "/" + subtype;
    }

    /**
     * How specifically this range names {@code mediaType} ({@code type/subtype}, lower case): 2
     * for the exact type, 1 for {@code type/*}, 0 for {@code *}{@code /*}, -1 when it does not
     * match.
     */
    public int specificity(String mediaType) {
      int slash = mediaType.indexOf('/');
      String offerType = mediaType.substring(0, slash);
      String offerSubtype = mediaType.substring(slash + 1);
      if (type.equals("*")) {
        return subtype.equals("*") ? 0 : -1;
      }
      if (!type.equals(offerType)) {
        return -1;
      }
      return subtype.equals("*") ? 1 : subtype.equals(offerSubtype) ? 2 : -1;
    }
  }

  private AcceptHeader() {}

  /** The well-formed media ranges of {@code header}, in order; none for null. */
  public static List<MediaRange> parse(String header) {
    List<MediaRange> ranges = new ArrayList<>();
    if (header == null) {
      return ranges;
    }
    for (String element : elements(header)) {
      MediaRange range = mediaRange(element);
      if (range != null) {
        ranges.add(range);
      }
    }
    return ranges;
  }

  /**
   * The comma-separated elements, splitting on commas outside quoted strings. When a quoted
   * string is never closed, the rest of the header from the element that opened it is split on
   * every comma, so that the one malformed element does not swallow the elements after it.
   */
  private static List<String> elements(String header) {
    List<String> elements = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        elements.add(header.substring(start, i));
        start = i + 1;
      }
    }
    if (quoted) {
      elements.addAll(List.of(header.substring(start).split(",", -1)));
    } else {
      elements.add(header.substring(start));
    }
    return elements;
  }

  /** One element as a media range, or null when it is empty or malformed. */
  private static MediaRange mediaRange(String element) {
    Scanner s = new Scanner(element);
    s.skipSpace();
    if (s.atEnd()) {
      return null; // an empty list element
    }
    String type = s.token();
    if (type == null || !s.take('/')) {
      return null;
    }
    String subtype = s.token();
    if (subtype == null || (type.equals("*") && !subtype.equals("*"))) {
      return null;
    }
    double quality = 1;
    boolean sawQuality = false;
    boolean hasParameters = false;
    while (true) {
      s.skipSpace();
      if (s.atEnd()) {
        break;
      }
      if (!s.take(';')) {
        return null;
      }
      s.skipSpace();
      String name = s.token();
      s.skipSpace();
      if (name == null || !s.take('=')) {
        return null;
      }
      s.skipSpace();
      String value = s.peek() == '"' ? s.quotedString() : s.token();
      if (value == null) {
        return null;
      }
      if (!sawQuality && name.equalsIgnoreCase("q")) {
        if (!QVALUE.matcher(value).matches() || s.lastWasQuoted) {
          return null;
        }
        quality = Double.parseDouble(value);
        sawQuality = true;
      } else {
        hasParameters = true;
      }
    }
    return new MediaRange(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), hasParameters, quality);
  }

  static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_SYMBOLS.indexOf(c) >= 0;
  }

  /** A cursor over one element. */
  private static final class Scanner {
    private final String text;
    private int pos;
    boolean lastWasQuoted;

    Scanner(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return pos >= text.length();
    }

    char peek() {
      return atEnd() ? 0 : text.charAt(pos);
    }

    void skipSpace() {
      while (!atEnd() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
        pos++;
      }
    }

    boolean take(char c) {
      if (peek() == c && !atEnd()) {
        pos++;
        return true;
      }
      return false;
    }

    /** A token, or null when there is none here. */
    String token() {
      int start = pos;
      while (!atEnd() && isTokenChar(text.charAt(pos))) {
        pos++;
      }
      lastWasQuoted = false;
      return pos > start ? text.substring(start, pos) : null;
    }

    /** A quoted string's content, or null when it is not terminated. */
    String quotedString() {
      StringBuilder out = new StringBuilder();
      pos++; // the opening quote
      while (!atEnd()) {
        char c = text.charAt(pos++);
        if (c == '"') {
          lastWasQuoted = true;
          return out.toString();
        }
        if (c == '\\') {
          if (atEnd()) {
            return null;
          }
          c = text.charAt(pos++);
        }
        out.append(c);
      }
      return null;
    }
  }
}
