package org.glimpse.server.metrics;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Per request, once answered (Jetty's request log, so requests Jetty refused count too): its
 * latency by method, route template and status ({@code glimpse_http_server_requests_seconds}, a
 * histogram), and bytes received and sent by method and route. The route is the template Javalin
 * matched ({@code /v2/images/{image_id}}), so the labels stay few whatever ids clients send;
 * {@code unrouted} for a request refused before routing (by Jetty, or one no route matched).
 * The checks of every request (input, identity) run inside the matched route, so a request they
 * refuse counts under its route.
 */
public final class HttpMetrics implements RequestLog {
  static final String ROUTE = HttpMetrics.class.getName() + ".route";
  private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

  private final MeterRegistry registry;

  private HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Adds the metrics to Jetty's request log (after whatever log is already installed) and has
   * Javalin leave the matched route on each request.
   */
  public static void install(JavalinConfig c, MeterRegistry registry) {
    HttpMetrics metrics = new HttpMetrics(registry);
    c.jetty.modifyServer(server -> {
      RequestLog previous = server.getRequestLog();
      server.setRequestLog(previous == null ? metrics : (request, response) -> {
        previous.log(request, response);
        metrics.log(request, response);
      });
    });
    c.requestLogger.http((ctx, ms) -> remember(ctx));
  }

  private static void remember(Context ctx) {
    try {
      String route = ctx.endpointHandlerPath();
      if (route != null && !route.isEmpty()) {
        ctx.req().setAttribute(ROUTE, route);
      }
    } catch (RuntimeException e) {
      // no endpoint was matched
    }
  }

  @Override
  public void log(Request request, Response response) {
    try {
      MetaData.Response committed = response.getCommittedMetaData();
      int status = committed != null ? committed.getStatus() : response.getStatus();
      Object attribute = request.getAttribute(ROUTE);
      String route = attribute instanceof String s ? s : "unrouted";
      String method = request.getMethod() == null ? "-" : request.getMethod();
      if (!HttpMethods.KNOWN.contains(method)) {
        method = "other";
      }
      Timer.builder("glimpse.http.server.requests")
          .description("HTTP requests by method, route template and status")
          .tags("method", method, "route", route, "status", Integer.toString(status))
          .serviceLevelObjectives(BUCKETS)
          .register(registry)
          .record(Duration.ofNanos(System.nanoTime() - request.getBeginNanoTime()));
      bytes("glimpse.http.server.request.bytes", "Bytes of request bodies received", method, route)
          .increment(Math.max(0, request.getHttpInput().getContentReceived()));
      bytes("glimpse.http.server.response.bytes", "Bytes of answers sent", method, route)
          .increment(Math.max(0, response.getHttpChannel().getBytesWritten()));
    } catch (RuntimeException e) {
      // metrics never break a request
    }
  }

  private Counter bytes(String name, String description, String method, String route) {
    return Counter.builder(name).baseUnit("bytes").description(description)
        .tags("method", method, "route", route).register(registry);
  }
}
