package org.glimpse.server.http;

import io.javalin.config.JettyConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.servlet.FilterHolder;

/**
 * {@code /healthcheck} as oslo.middleware's healthcheck answers it in Glance's pipeline, where it
 * sits before authentication and the API: any method, no credentials. With the disable_by_file
 * backend (which Glance's paste file enables), the server reports itself unavailable while the
 * configured file exists, so that an operator can take it out of a load balancer before stopping
 * it. GET answers 200 "OK" or 503 "DISABLED BY FILE" as plain text, HTML or JSON by the Accept
 * header (plain text first, as oslo offers them); HEAD answers 204 or 503 with no body.
 *
 * <p>Like oslo's default backends, it does not query the database: a database outage is answered
 * by every API request with a 503 and Retry-After, and taking every node out of a load balancer
 * because their shared database is down would only turn those answers into connection errors.
 */
public final class Healthcheck implements Filter {
  public static final String PATH = "/healthcheck";
  private static final String OK = "OK";
  private static final String DISABLED = "DISABLED BY FILE";

  private enum Format {
    PLAIN("text/plain"), HTML("text/html"), JSON("application/json");

    final String mediaType;

    Format(String mediaType) {
      this.mediaType = mediaType;
    }
  }

  private final Path disableFile;

  /** @param disableFile while it exists, the server reports itself disabled; null for none */
  public Healthcheck(Path disableFile) {
    this.disableFile = disableFile;
  }

  /** Answers {@value #PATH} ahead of authentication and the API. */
  public static void install(JettyConfig jetty, Path disableFile) {
    jetty.modifyServletContextHandler(context -> context.addFilter(
        new FilterHolder(new Healthcheck(disableFile)), PATH, EnumSet.of(DispatcherType.REQUEST)));
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    boolean healthy = disableFile == null || !Files.exists(disableFile);
    String reason = healthy ? OK : DISABLED;
    if (req.getMethod().equals("HEAD")) {
      res.setStatus(healthy ? 204 : 503);
      res.setContentType("text/plain; charset=UTF-8");
      return;
    }
    Format format = negotiate(req.getHeader("Accept"));
    byte[] body = render(format, reason).getBytes(StandardCharsets.UTF_8);
    res.setStatus(healthy ? 200 : 503);
    res.setContentType(format.mediaType + "; charset=UTF-8");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  /** The offer of highest quality, plain text on a tie or when nothing matches (as oslo). */
  private static Format negotiate(String accept) {
    if (accept == null) {
      return Format.PLAIN;
    }
    List<AcceptHeader.MediaRange> ranges = AcceptHeader.parse(accept);
    Format best = Format.PLAIN;
    double bestQ = 0;
    for (Format offer : Format.values()) {
      double q = 0;
      int specificity = -1;
      for (AcceptHeader.MediaRange range : ranges) {
        int s = range.hasParameters() ? -1 : range.specificity(offer.mediaType);
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

  private static String render(Format format, String reason) {
    return switch (format) {
      case PLAIN -> reason;
      case JSON -> "{\n    \"detailed\": false,\n    \"reasons\": [\n        \"" + reason
          + "\"\n    ]\n}";
      case HTML -> "<HTML>\n<HEAD><TITLE>Healthcheck Status</TITLE></HEAD>\n<BODY>\n\n"
          + "<H2>Result of 1 checks:</H2>\n<TABLE bgcolor=\"#ffffff\" border=\"1\">\n<TBODY>\n"
          + "<TR>\n\n<TH>\nReason\n</TH>\n</TR>\n<TR>\n\n    <TD>" + reason + "</TD>\n\n</TR>\n"
          + "</TBODY>\n</TABLE>\n<HR></HR>\n\n</BODY>\n</HTML>";
    };
  }
}
