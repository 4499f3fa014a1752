package org.glimpse.server.http;

import io.javalin.config.JettyConfig;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What a client may hold of the server, and for how long, so that slow or silent clients are cut
 * off while the others are served:
 *
 * <ul>
 *   <li>a request's line and headers must arrive within {@code headerTimeout} of their first byte
 *       ({@link HeaderDeadline}); no thread is given to a request before its headers are in;
 *   <li>a body other than image data is read without a thread and must arrive within {@code
 *       bodyTimeout} ({@link BufferedBodies}); a request gets its thread once its body is in;
 *   <li>image data streams while its request holds a thread, and must keep {@code bodyMinRate}
 *       bytes per second while the server waits for it ({@link MinimumRate}: 408 and the
 *       connection closed);
 *   <li>a connection idle for {@code socketTimeout} is closed, between requests or while a read or
 *       write makes no progress (zero: never);
 *   <li>at most {@code threads} requests run at once (Jetty's thread pool); the rest wait.
 * </ul>
 */
public record ClientLimits(Duration socketTimeout, Duration headerTimeout, int bodyMinRate,
    Duration bodyTimeout, int threads) {

  static final int INPUT_BUFFER_SIZE = 64 * 1024;

  /** Configures Javalin's Jetty: its thread pool, the one connector on host:port, the filters. */
  public void install(JettyConfig jetty, String host, int port) {
    QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(8, threads), 60_000);
    pool.setName("glimpse-http");
    jetty.threadPool = pool;
    jetty.addConnector((server, http) -> {
      HeaderDeadline factory = new HeaderDeadline(http, headerTimeout);
      // image data arrives in reads of up to this size (Jetty's 8 KiB default meant 131k reads per GiB)
      factory.setInputBufferSize(INPUT_BUFFER_SIZE);
      ServerConnector connector = new ServerConnector(server, factory);
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(socketTimeout.toMillis());
      return connector;
    });
    jetty.modifyServletContextHandler(context -> context.addFilter(
        new FilterHolder(new BufferedBodies(bodyTimeout, bodyMinRate)), "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC)));
  }
}
