package org.glimpse.ft.locations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web server on 127.0.0.1 holding image data at {@code /image}: HEAD gives its length, GET its
 * bytes or the range asked; anything else is 404. Counts the HEADs it answered.
 */
final class RemoteData implements AutoCloseable {
  final byte[] data;
  final AtomicInteger heads = new AtomicInteger();
  private final HttpServer server;

  RemoteData(byte[] data) throws IOException {
    this.data = data;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/image", this::image);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String base() {
    return "http://127.0.0.1:" + port();
  }

  String url() {
    return base() + "/image";
  }

  private void image(HttpExchange x) throws IOException {
    if (!x.getRequestURI().getPath().equals("/image")) {
      x.sendResponseHeaders(404, -1);
      x.close();
      return;
    }
    if (x.getRequestMethod().equals("HEAD")) {
      heads.incrementAndGet();
      x.getResponseHeaders().add("Content-Length", Integer.toString(data.length));
      x.sendResponseHeaders(200, -1);
      x.close();
      return;
    }
    String range = x.getRequestHeaders().getFirst("Range");
    byte[] body = data;
    int status = 200;
    if (range != null) {
      String[] b = range.substring("bytes=".length()).split("-", -1);
      int from = Integer.parseInt(b[0]);
      int to = b[1].isEmpty() ? data.length - 1 : Integer.parseInt(b[1]);
      body = Arrays.copyOfRange(data, from, to + 1);
      x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + data.length);
      status = 206;
    }
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
