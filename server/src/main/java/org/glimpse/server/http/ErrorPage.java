package org.glimpse.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of an error response, in the shape Glance's WSGI stack gives it: a small HTML page by
 * default, or a JSON object when the client asks for JSON only.
 */
public final class ErrorPage {
  private ErrorPage() {}

  public static String html(int status, String message) {
    String title = status + " " + Reasons.phrase(status);
    return "<html>\n <head>\n  <title>" + title + "</title>\n </head>\n <body>\n  <h1>" + title
        + "</h1>\n  " + escape(message) + "<br /><br />\n\n\n\n </body>\n</html>";
  }

  public static String json(int status, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("message", message);
    body.put("code", status + " " + Reasons.phrase(status));
    body.put("title", Reasons.phrase(status));
    return body.toString();
  }

  /** True when the Accept header names JSON and not HTML. */
  public static boolean wantsJson(String accept) {
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
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
