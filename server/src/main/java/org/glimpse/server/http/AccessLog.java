package org.glimpse.server.http;

import io.javalin.config.JettyConfig;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.glimpse.core.RequestContext;
import org.glimpse.server.auth.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per request when its answer has been sent, however it ended (refused by Jetty,
 * failed, or served), on the logger {@code org.glimpse.server.http.AccessLog}:
 *
 * <pre>
 * 127.0.0.1 "GET /v2/images?limit=2 HTTP/1.1" status=200 bytes=1234 duration_ms=12 project=demo
 * </pre>
 *
 * with the request's id in the line's MDC {@value RequestIds#MDC_KEY} like every other log line
 * of the request, and {@code project=-} when no caller was established. Jetty calls it after the
 * request scope ended, so the id is read back from the answer's header.
 */
public final class AccessLog implements RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
  /** Longest request target logged; the rest is cut (a listing may carry a long query). */
  private static final int MAX_TARGET = 2048;

  /** Makes it Jetty's request log. */
  public static void install(JettyConfig jetty) {
    jetty.modifyServer(server -> server.setRequestLog(new AccessLog()));
  }

  @Override
  public void log(Request request, Response response) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String previous = MDC.get(RequestIds.MDC_KEY);
    try {
      MetaData.Response committed = response.getCommittedMetaData();
      String id = response.getHeader(RequestIds.HEADER);
      if (id == null && committed != null && committed.getFields() != null) {
        id = committed.getFields().get(RequestIds.HEADER); // a request Jetty could not parse
      }
      if (id != null) {
        MDC.put(RequestIds.MDC_KEY, id);
      }
      int status = committed != null ? committed.getStatus() : response.getStatus();
      long bytes = response.getHttpChannel().getBytesWritten();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
      Object caller = request.getAttribute(Authenticator.ATTRIBUTE);
      String project = caller instanceof RequestContext rc && rc.owner() != null ? rc.owner() : "-";
      LOG.info("{} \"{} {} {}\" status={} bytes={} duration_ms={} project={}",
          request.getRemoteAddr(), orDash(request.getMethod()), target(request),
          orDash(request.getProtocol()),
          status, bytes, millis, printable(project));
    } catch (RuntimeException e) {
      LOG.debug("could not write an access log line", e);
    } finally {
      if (previous != null) {
        MDC.put(RequestIds.MDC_KEY, previous);
      } else {
        MDC.remove(RequestIds.MDC_KEY);
      }
    }
  }

  private static String target(Request request) {
    String target = request.getOriginalURI();
    if (target == null) {
      target = request.getRequestURI();
    }
    if (target == null) {
      return "-";
    }
    return printable(target.length() > MAX_TARGET ? target.substring(0, MAX_TARGET) + "..." : target);
  }

  private static String orDash(String value) {
    return value == null ? "-" : printable(value);
  }

  /** Control characters and quotes cannot forge or break a line. */
  static String printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnprintable(text.charAt(i))) {
        return replaceUnprintable(text);
      }
    }
    return text;
  }

  private static String replaceUnprintable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(isUnprintable(c) ? '?' : c);
    }
    return out.toString();
  }

  /** What the former {@code [\p{Cntrl}"]} matched: ASCII controls, DEL and the quote. */
  private static boolean isUnprintable(char c) {
    return c < 0x20 || c == 0x7f || c == '"';
  }
}
