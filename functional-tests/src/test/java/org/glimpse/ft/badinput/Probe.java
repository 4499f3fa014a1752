package org.glimpse.ft.badinput;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;

/**
 * One hostile request, sent byte for byte as written (over a plain socket, so that nothing a
 * client library would refuse or repair is lost): a method, a raw request target, headers whose
 * values may hold any byte (each char of a value is one byte, ISO-8859-1), and a body. Unless the
 * probe names an identity header itself it is sent with the caller's identity.
 *
 * <p>{@link #problem} says what is wrong with the answer, if anything: no answer within {@link
 * #PROMPTLY}, a 5xx, or a body that shows a stack trace or a Java class name.
 */
record Probe(String label, String method, String target, List<String[]> headers, byte[] body) {
  /** How long the server may stay silent before the probe counts as hung. */
  static final Duration PROMPTLY = Duration.ofSeconds(5);

  private static final Set<String> IDENTITY = Set.of("x-project-id", "x-tenant-id", "x-user-id", "x-roles");

  /**
   * What an answer may not show: a stack frame, a package of the JDK or of a library Glimpse
   * uses, or a Java exception's class name.
   */
  private static final Pattern LEAK = Pattern.compile(
      "\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)"
          + "|\\b(?:java|javax|jakarta|sun|jdk|org\\.glimpse|org\\.eclipse|io\\.javalin|com\\.fasterxml|org\\.jdbi"
          + "|org\\.postgresql|org\\.h2|org\\.mariadb|com\\.zaxxer|org\\.flywaydb|com\\.networknt)\\.[a-z]"
          + "|\\b[A-Z]\\w*(?:Exception|Error)\\b");

  static Probe of(String label, String method, String target) {
    return new Probe(label, method, target, List.of(), null);
  }

  /** This probe with one more header (a repeated name is sent twice). */
  Probe header(String name, String value) {
    List<String[]> more = new ArrayList<>(headers);
    more.add(new String[] {name, value});
    return new Probe(label, method, target, more, body);
  }

  /** This probe with {@code name} (any case) sent once, as {@code value}. */
  Probe setHeader(String name, String value) {
    List<String[]> others = new ArrayList<>(headers);
    others.removeIf(h -> h[0].equalsIgnoreCase(name));
    return new Probe(label, method, target, others, body).header(name, value);
  }

  /** This probe with a body of that content type (null: no Content-Type header). */
  Probe body(String contentType, byte[] bytes) {
    Probe p = withBody(bytes);
    return contentType == null ? p : p.setHeader("Content-Type", contentType);
  }

  Probe withBody(byte[] bytes) {
    return new Probe(label, method, target, headers, bytes);
  }

  Probe withTarget(String newTarget) {
    return new Probe(label, method, newTarget, headers, body);
  }

  Probe json(String json) {
    return body("application/json", utf8(json));
  }

  Probe labelled(String newLabel) {
    return new Probe(newLabel, method, target, headers, body);
  }

  /** The text as UTF-8 bytes, one char per byte, as a header value of {@link Probe} carries it. */
  static String headerValue(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Sends the probe as {@code identity} (name, value pairs) unless it carries identity headers itself. */
  Outcome send(String baseUrl, List<String[]> identity) {
    URI uri = URI.create(baseUrl);
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
        + uri.getPort());
    boolean ownIdentity = headers.stream().anyMatch(h -> IDENTITY.contains(h[0].toLowerCase(Locale.ROOT)));
    if (!ownIdentity) {
      identity.forEach(h -> head.append("\r\n").append(h[0]).append(": ").append(h[1]));
    }
    headers.forEach(h -> head.append("\r\n").append(h[0]).append(": ").append(h[1]));
    boolean framed = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding")
        || h[0].equalsIgnoreCase("Content-Length"));
    byte[] sent = body == null ? new byte[0] : body;
    if (!framed && (body != null || !method.equals("GET") && !method.equals("HEAD"))) {
      head.append("\r\nContent-Length: ").append(sent.length);
    }
    long start = System.nanoTime();
    try {
      Response r = RawHttp.exchange(baseUrl, head.toString(), sent, PROMPTLY);
      return new Outcome(this, r, null, Duration.ofNanos(System.nanoTime() - start));
    } catch (UncheckedIOException | AssertionError e) {
      return new Outcome(this, null, e, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** What came back for a probe: an answer, or the failure to get one. */
  record Outcome(Probe probe, Response response, Throwable failure, Duration took) {
    /** What is wrong with the answer, or null when nothing is. */
    String problem() {
      if (response == null) {
        boolean hung = failure.getCause() instanceof SocketTimeoutException;
        return hung ? "no answer within " + PROMPTLY.toSeconds() + " s" : "no answer: " + failure;
      }
      if (response.status() >= 500) {
        return "HTTP " + response.status() + ": " + excerpt(response.body());
      }
      var leak = LEAK.matcher(response.body());
      if (leak.find()) {
        return "HTTP " + response.status() + " shows '" + leak.group() + "': " + excerpt(response.body());
      }
      return null;
    }

    int status() {
      return response == null ? -1 : response.status();
    }
  }

  static String excerpt(String text) {
    String line = text.replace('\n', ' ');
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  @Override
  public String toString() {
    String shown = target.length() > 120 ? target.substring(0, 120) + "…(" + target.length() + " chars)" : target;
    return method + " " + shown + " [" + label + "]";
  }
}
