package org.glimpse.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The body of an error response, in the shapes Glance's WSGI stack (webob) gives it: an HTML page,
 * a JSON object or plain text, chosen from the request's Accept header. Each error has an
 * explanation and an optional detail shown below it.
 */
public final class ErrorPage {
  /** The three representations, in the order the server prefers them when the client is indifferent. */
  public enum Format {
    HTML("text/html; charset=UTF-8"),
    JSON("application/json"),
    PLAIN("text/plain; charset=UTF-8");

    private final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  /**
   * Glance keeps a short page (no detail block) for routing's 405 and for 415; every other
   * status uses the long one.
   */
  private enum Layout { LONG, METHOD, MEDIA_TYPE }

  private ErrorPage() {}

  /**
   * The representation the Accept header asks for: the offer (HTML, JSON, plain text, in that
   * order of preference) with the highest quality among the media ranges that match it; no Accept
   * header, or one that matches nothing, gets plain text. A media range with parameters other
   * than {@code q} matches none of the offers, as in webob. Any header is read without failing:
   * a malformed element of it is ignored (see {@link AcceptHeader}).
   */
  public static Format negotiate(String accept) {
    return negotiate(accept, false);
  }

  /**
   * As {@link #negotiate(String)}; with {@code specificWins}, an offer matched by a more specific
   * media range wins a tie in quality (the older WebOb that served v1 behaved so).
   */
  public static Format negotiate(String accept, boolean specificWins) {
    List<AcceptHeader.MediaRange> ranges = AcceptHeader.parse(accept);
    Format best = null;
    double bestQ = 0;
    int bestSpecificity = -1;
    for (Format offer : Format.values()) {
      String type = offer.contentType().split(";")[0];
      // the most specific range that matches the offer decides its quality
      double q = 0;
      int specificity = -1;
      for (AcceptHeader.MediaRange range : ranges) {
        int s = range.hasParameters() ? -1 : range.specificity(type);
        if (s > specificity) {
          specificity = s;
          q = range.quality();
        }
      }
      boolean better = q > bestQ || (specificWins && q > 0 && q == bestQ && specificity > bestSpecificity);
      if (better) {
        best = offer;
        bestQ = q;
        bestSpecificity = specificity;
      }
    }
    return best == null ? Format.PLAIN : best;
  }

  /**
   * Renders an error. {@code message} is the explanation; when it has several lines, the first
   * is the explanation and the rest the detail (Glance shows e.g. "Access was denied to this
   * resource." with the reason below it).
   */
  public static String render(Format format, int status, String message) {
    String explanation = message;
    String detail = "";
    Layout layout = status == 405 ? Layout.METHOD : status == 415 ? Layout.MEDIA_TYPE : Layout.LONG;
    int newline = message.indexOf('\n');
    if (newline >= 0 && layout == Layout.LONG) {
      explanation = message.substring(0, newline);
      detail = message.substring(newline + 1);
    }
    String title = Reasons.phrase(status);
    String statusLine = status + " " + title;
    return switch (format) {
      case HTML -> html(statusLine, body(layout, escape(explanation), escape(detail), true));
      case JSON -> json(statusLine, title, body(layout, explanation, detail, false));
      case PLAIN -> statusLine + "\n\n" + plain(layout, explanation, detail);
    };
  }

  private static String body(Layout layout, String explanation, String detail, boolean html) {
    return switch (layout) {
      case LONG -> explanation + "<br /><br />\n" + detail + (html ? "\n\n\n" : "\n\n");
      case METHOD -> explanation + " <br /><br />\n" + (html ? "\n" : "");
      case MEDIA_TYPE -> explanation + "\n<br /><br />\n" + (html ? "\n" : "");
    };
  }

  private static String html(String statusLine, String body) {
    return "<html>\n <head>\n  <title>" + statusLine + "</title>\n </head>\n <body>\n  <h1>" + statusLine
        + "</h1>\n  " + body + " </body>\n</html>";
  }

  private static String json(String statusLine, String title, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("message", message);
    body.put("code", statusLine);
    body.put("title", title);
    return body.toString();
  }

  private static String plain(Layout layout, String explanation, String detail) {
    String e = explanation.replace('\n', ' ');
    return switch (layout) {
      case LONG -> e + "\n\n " + detail.replace('\n', ' ') + "  ";
      case METHOD, MEDIA_TYPE -> e + " \n\n ";
    };
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#x27;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
