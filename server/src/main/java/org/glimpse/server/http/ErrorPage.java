package org.glimpse.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

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
   * The representation the Accept header asks for, as today's WebOb (under Glance's v2) chooses
   * it: HTML or JSON, whichever the header accepts with the higher quality (HTML on a tie), each
   * taking the quality of the most specific range that matches it ({@code text/html}, then
   * {@code text/*}, then {@code *}{@code /*}; a range with media type parameters matches only the
   * same parameters, so never here); plain text when neither is accepted, and when there is no
   * header. A header that breaks the grammar anywhere (see {@link StrictAccept}) is invalid as a
   * whole and accepts everything, so the answer is HTML. Any header is read without failing.
   */
  public static Format negotiate(String accept) {
    Optional<List<StrictAccept.Range>> parsed = StrictAccept.parse(accept == null ? "" : accept);
    if (parsed.isEmpty()) {
      return Format.HTML;
    }
    Format best = Format.PLAIN;
    double bestQ = 0;
    for (Format offer : List.of(Format.HTML, Format.JSON)) {
      String[] type = offer.contentType().split(";")[0].split("/");
      double q = 0;
      int specificity = -1;
      for (StrictAccept.Range range : parsed.get()) {
        int s = range.specificity(type[0], type[1]);
        if (s > specificity) {
          specificity = s;
          q = range.quality();
        }
      }
      if (q > bestQ) {
        best = offer;
        bestQ = q;
      }
    }
    return best;
  }

  /**
   * The representation v1's errors take, as the older WebOb under Glance's v1 chose it: the
   * offer (HTML, JSON, plain text, in that order of preference) with the highest quality among
   * the media ranges that match it, an offer matched by a more specific range winning a tie in
   * quality; no Accept header, or one that matches nothing, gets plain
   * text. A media range with parameters other than {@code q} matches none of the offers. Any
   * header is read without failing: a malformed element of it is ignored (see {@link
   * AcceptHeader}).
   */
  public static Format negotiateV1(String accept) {
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
      boolean better = q > bestQ || (q > 0 && q == bestQ && specificity > bestSpecificity);
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
