package org.glimpse.server.auth.keystone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A stand-in for Keystone's v3 token API on a loopback port: POST /v3/auth/tokens issues the
 * service token, GET /v3/auth/tokens validates tokens registered with {@link #token}, and counts
 * what it was asked. Tokens may be revoked, and the service token refused, at will.
 */
final class FakeKeystone implements AutoCloseable {
  final HttpServer server;
  final AtomicInteger issued = new AtomicInteger();
  final AtomicInteger validations = new AtomicInteger();
  final Map<String, String> tokens = new ConcurrentHashMap<>();
  final Set<String> serviceTokens = ConcurrentHashMap.newKeySet();
  volatile String lastServiceToken;
  /** Projects and domains GET /v3/projects/{id} and /v3/domains/{id} find, as "projects/p1". */
  final Set<String> known = ConcurrentHashMap.newKeySet();
  final AtomicInteger lookups = new AtomicInteger();
  private final Supplier<Instant> now;

  FakeKeystone(Supplier<Instant> now) throws IOException {
    this.now = now;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v3/auth/tokens", this::handle);
    server.createContext("/v3/projects/", this::lookup);
    server.createContext("/v3/domains/", this::lookup);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Registers a token Keystone will accept, with the given JSON fragment inside "token". */
  void token(String id, String fragment, Instant expiresAt) {
    tokens.put(id, "{\"token\": {\"user\": {\"id\": \"u-" + id + "\", \"domain\": {\"id\": \"default\"}},"
        + " \"expires_at\": \"" + expiresAt + "\"" + (fragment.isEmpty() ? "" : ", " + fragment) + "}}");
  }

  void projectToken(String id, String project, Instant expiresAt, String... roles) {
    StringBuilder r = new StringBuilder();
    for (String role : roles) {
      r.append(r.length() == 0 ? "" : ", ").append("{\"id\": \"r\", \"name\": \"").append(role).append("\"}");
    }
    token(id, "\"project\": {\"id\": \"" + project + "\", \"domain\": {\"id\": \"pd\"}}, \"roles\": [" + r + "]",
        expiresAt);
  }

  void revoke(String id) {
    tokens.remove(id);
  }

  /** Keystone forgets every service token issued so far (as when they expire or are revoked). */
  void refuseServiceTokens() {
    serviceTokens.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (exchange.getRequestMethod().equals("POST")) {
        String id = "svc-" + issued.incrementAndGet();
        serviceTokens.add(id);
        lastServiceToken = id;
        exchange.getResponseHeaders().add("X-Subject-Token", id);
        send(exchange, 201, "{\"token\": {\"user\": {\"id\": \"glance\"}, \"expires_at\": \""
            + now.get().plusSeconds(3600) + "\"}}");
        return;
      }
      validations.incrementAndGet();
      String auth = exchange.getRequestHeaders().getFirst("X-Auth-Token");
      if (auth == null || !serviceTokens.contains(auth)) {
        send(exchange, 401, "{\"error\": {\"code\": 401}}");
        return;
      }
      String body = tokens.get(exchange.getRequestHeaders().getFirst("X-Subject-Token"));
      if (body == null) {
        send(exchange, 404, "{\"error\": {\"code\": 404}}");
        return;
      }
      send(exchange, 200, body);
    }
  }

  /** GET /v3/projects/{id} or /v3/domains/{id}: 200 if known, 404 if not, 401 without a service token. */
  private void lookup(HttpExchange exchange) throws IOException {
    try (exchange) {
      lookups.incrementAndGet();
      String auth = exchange.getRequestHeaders().getFirst("X-Auth-Token");
      if (auth == null || !serviceTokens.contains(auth)) {
        send(exchange, 401, "{\"error\": {\"code\": 401}}");
        return;
      }
      String key = exchange.getRequestURI().getPath().substring("/v3/".length());
      if (known.contains(key)) {
        send(exchange, 200, "{\"project\": {\"id\": \"" + key + "\"}}");
      } else {
        send(exchange, 404, "{\"error\": {\"code\": 404}}");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
