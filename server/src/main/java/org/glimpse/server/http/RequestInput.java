package org.glimpse.server.http;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.glimpse.core.error.BadRequestException;

/**
 * The one check of what a request carries outside its body, before anything reads it: the query
 * string must be well-formed (every {@code %} followed by two hex digits) and decode to UTF-8,
 * and no NUL character may appear in the path, the query (names or values, once decoded) or a
 * header. A NUL is refused everywhere because no database column may hold one the same way
 * (PostgreSQL refuses it outright), and no identifier, name or filter needs one. JSON bodies get
 * the same rule in {@link Json}.
 *
 * <p>Jetty already refuses a malformed or NUL escape in the path and a raw NUL in a header; the
 * checks here cover those too, so that the rule does not depend on the container.
 */
public final class RequestInput {
  /** Glance's words when a request cannot be decoded. */
  static final String UNDECODABLE = "Error decoding your request. Either the URL or the request body contained"
      + " characters that could not be decoded by Glance";

  private RequestInput() {}

  /** A Javalin before-handler: BadRequest when the path, query or headers break the rules. */
  public static void check(Context ctx) {
    String path = ctx.req().getRequestURI();
    if (path != null && (path.indexOf('\0') >= 0 || containsEncodedNul(path))) {
      throw nul("the path");
    }
    String query = ctx.queryString();
    if (query != null) {
      checkQuery(query);
    }
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      if (name.indexOf('\0') >= 0) {
        throw nul("a header name");
      }
      for (String value : Collections.list(ctx.req().getHeaders(name))) {
        if (value.indexOf('\0') >= 0) {
          throw nul("the header " + name);
        }
      }
    }
  }

  /** Each name and value of the query: escapes well-formed, UTF-8, no NUL. */
  static void checkQuery(String query) {
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (name.indexOf('\0') >= 0) {
        throw nul("a query parameter name");
      }
      if (eq >= 0 && decode(pair.substring(eq + 1)).indexOf('\0') >= 0) {
        throw nul("the query parameter " + printable(name));
      }
    }
  }

  /** Percent-decodes {@code text} ('+' is a space) as UTF-8, refusing malformed escapes and bytes. */
  static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    ByteBuffer bytes = ByteBuffer.allocate(text.length() * 3);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
          throw new BadRequestException("Malformed percent escape in the query string: "
              + printable(text.substring(i, Math.min(i + 3, text.length())))
              + " (a '%' must be followed by two hexadecimal digits).");
        }
        bytes.put((byte) (hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2))));
        i += 2;
      } else if (c == '+') {
        bytes.put((byte) ' ');
      } else {
        int cp = text.codePointAt(i);
        bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new BadRequestException(UNDECODABLE);
    }
  }

  private static boolean containsEncodedNul(String path) {
    for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
      if (path.charAt(i + 1) == '0' && path.charAt(i + 2) == '0') {
        return true;
      }
    }
    return false;
  }

  /** The value of an ASCII hexadecimal digit, or -1. */
  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** The text with control characters shown as escapes, for an error message. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(64).forEach(cp -> {
      if (cp < 0x20 || cp == 0x7f) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  /** The refusal of a NUL character, naming where it was found. */
  static BadRequestException nul(String where) {
    return new BadRequestException("The request holds a NUL character (\\u0000) in " + where
        + "; NUL is not allowed in any value.");
  }
}
