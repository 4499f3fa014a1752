package org.glimpse.server.http;

import io.javalin.Javalin;
import io.javalin.config.JettyConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.glimpse.core.error.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping the HTTP server without cutting requests short: it stops accepting connections at
 * once, lets requests in flight finish for up to the grace period (Jetty's graceful stop, which
 * waits for the requests its StatisticsHandler counts), and then stops. While it stops, Jetty
 * closes connections idle for a second (its shutdown idle timeout): kept-alive clients, and
 * uploads whose client has stopped sending, which then fail like any cut-off upload. Image
 * uploads may run far longer than any grace period, so those still running near its end are
 * failed on purpose: their next read of the body throws UnavailableException, which the upload
 * pipeline handles as any failed upload (temporary data removed, the image put back) before the
 * client gets a 503 with Retry-After. Either way the upload's thread finishes while the database
 * is still open.
 */
public final class GracefulShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private final Duration grace;
  private final AtomicInteger uploads = new AtomicInteger();
  private volatile boolean failingUploads;

  public GracefulShutdown(Duration grace) {
    this.grace = grace;
  }

  /** Image data uploads whose request is being served now. */
  public int uploadsInFlight() {
    return uploads.get();
  }

  /** Sets Jetty's graceful stop timeout and tracks the uploads of every request. */
  public void install(JettyConfig jetty) {
    jetty.modifyServer(server -> server.setStopTimeout(grace.toMillis()));
    jetty.modifyServletContextHandler(context -> context.addFilter(
        new FilterHolder(new UploadTracker()), "/*", EnumSet.of(DispatcherType.REQUEST)));
  }

  /** Stops the server as described above; returns when it has stopped. */
  public void stop(Javalin app) {
    StatisticsHandler stats = app.jettyServer().server()
        .getChildHandlerByClass(StatisticsHandler.class);
    LOG.info("stopping: accepting no new connections, letting {} request(s) in flight finish"
        + " within {} s", stats == null ? "the" : stats.getRequestsActive(), grace.toSeconds());
    // near the end of the grace period, with time left for the uploads to clean up
    long failAt = grace.toMillis() - Math.min(5_000, grace.toMillis() / 2);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "glimpse-shutdown-timer");
      thread.setDaemon(true);
      return thread;
    });
    timer.schedule(this::failUploads, failAt, TimeUnit.MILLISECONDS);
    try {
      app.stop();
    } finally {
      timer.shutdownNow();
    }
    LOG.info("stopped serving HTTP");
  }

  private void failUploads() {
    int running = uploads.get();
    if (running > 0) {
      LOG.warn("failing {} image upload(s) still in flight: the server is stopping", running);
    }
    failingUploads = true;
  }

  /** Registers requests that carry image data for as long as they run. */
  private final class UploadTracker implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest req = (HttpServletRequest) request;
      if (!carriesImageData(req)) {
        chain.doFilter(request, response);
        return;
      }
      uploads.incrementAndGet();
      try {
        chain.doFilter(new Tracked(req), response);
      } finally {
        uploads.decrementAndGet();
      }
    }
  }

  private static boolean carriesImageData(HttpServletRequest req) {
    String type = req.getContentType();
    boolean hasBody = req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    return hasBody && type != null && type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)
        .equals("application/octet-stream");
  }

  /** The upload's request, whose body fails once uploads are being failed. */
  private final class Tracked extends HttpServletRequestWrapper {
    private ServletInputStream body;

    Tracked(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (body == null) {
        body = new FailingInput(super.getInputStream());
      }
      return body;
    }
  }

  private final class FailingInput extends ForwardingInput {
    FailingInput(ServletInputStream in) {
      super(in);
    }

    private void check() {
      if (failingUploads) {
        throw new UnavailableException("The server is shutting down; the upload was not"
            + " completed. Please try again later.");
      }
    }

    @Override
    public int read() throws IOException {
      check();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      return in.read(b, off, len);
    }
  }
}
