package org.glimpse.ft.imports;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A web server on 127.0.0.1 for web-download tests: fixed bodies, redirects, and a body that
 * stalls after its first bytes until released.
 */
final class WebFixture implements AutoCloseable {
  private final HttpServer http;
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  final CountDownLatch release = new CountDownLatch(1);

  WebFixture() {
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      try (exchange) {
        String target = redirects.get(path);
        if (target != null) {
          exchange.getResponseHeaders().add("Location", target);
          exchange.sendResponseHeaders(302, -1);
          return;
        }
        if (path.equals("/stall")) {
          exchange.sendResponseHeaders(200, 1 << 20);
          OutputStream out = exchange.getResponseBody();
          out.write(new byte[1024]);
          out.flush();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return;
        }
        byte[] body = bodies.get(path);
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "web-fixture");
      t.setDaemon(true);
      return t;
    }));
    http.start();
  }

  int port() {
    return http.getAddress().getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  void serve(String path, byte[] body) {
    bodies.put(path, body);
  }

  void redirect(String path, String target) {
    redirects.put(path, target);
  }

  @Override
  public void close() {
    release.countDown();
    http.stop(0);
  }
}
