package org.glimpse.server.http;

import java.util.Map;

/** Reason phrases for the status codes Glimpse answers with. */
final class Reasons {
  private static final Map<Integer, String> PHRASES = Map.ofEntries(
      Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(204, "No Content"),
      Map.entry(206, "Partial Content"), Map.entry(300, "Multiple Choices"), Map.entry(302, "Found"),
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
      Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(411, "Length Required"),
      Map.entry(413, "Request Entity Too Large"), Map.entry(415, "Unsupported Media Type"),
      Map.entry(416, "Request Range Not Satisfiable"), Map.entry(431, "Request Header Fields Too Large"),
      Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

  private Reasons() {}

  static String phrase(int status) {
    return PHRASES.getOrDefault(status, "Error");
  }
}
