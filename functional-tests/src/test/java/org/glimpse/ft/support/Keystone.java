package org.glimpse.ft.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The real Keystone the Keystone suites run against, as scripts/keystone-up.sh leaves it:
 * GLIMPSE_KEYSTONE_URL (default http://127.0.0.1:5000), its bootstrap admin (password
 * GLIMPSE_KEYSTONE_ADMIN_PASSWORD, default glimpse-admin) and the service user glance (password
 * GLIMPSE_KEYSTONE_GLANCE_PASSWORD, default glimpse-glance) in project service. The tests do not
 * start it: when it does not answer they are skipped, unless GLIMPSE_REQUIRE_SERVICES=1, which
 * fails them. Projects and users made here get random names and are deleted by {@link #close}.
 */
public final class Keystone implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String adminToken;
  private final List<String> cleanup = new ArrayList<>();
  /** What was made with a system-scoped token, deleted first and last-made first. */
  private final List<String> systemCleanup = new ArrayList<>();
  private String systemToken;
  private final Map<String, String> roleIds = new HashMap<>();

  /** A user made for a test, with its password. */
  public record User(String id, String name, String password, String projectId) {}

  private Keystone(String url, String adminToken) {
    this.url = url;
    this.adminToken = adminToken;
  }

  public static String url() {
    return env("GLIMPSE_KEYSTONE_URL", "http://127.0.0.1:5000");
  }

  public static String glancePassword() {
    return env("GLIMPSE_KEYSTONE_GLANCE_PASSWORD", "glimpse-glance");
  }

  /** The Keystone, or the calling test aborted (failed when services are required). */
  public static Keystone require() {
    String url = url();
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v3"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("GET /v3 answered " + r.statusCode());
      }
    } catch (IOException | InterruptedException e) {
      String message = "Keystone is not running at " + url + " (" + e + ")";
      RequiredService.missing(message, "start it with scripts/keystone-up.sh");
    }
    String admin = passwordToken(url, "admin", env("GLIMPSE_KEYSTONE_ADMIN_PASSWORD", "glimpse-admin"),
        projectScope("admin"));
    return new Keystone(url, admin);
  }

  /** The server settings of a Glimpse that authenticates with this Keystone as user glance. */
  public Map<String, String> glimpseSettings() {
    Map<String, String> env = new HashMap<>();
    env.put("GLIMPSE_PASTE_DEPLOY__FLAVOR", "keystone");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__WWW_AUTHENTICATE_URI", url);
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_URL", url);
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_TYPE", "password");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__USERNAME", "glance");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PASSWORD", glancePassword());
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__USER_DOMAIN_NAME", "Default");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_NAME", "service");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_DOMAIN_NAME", "Default");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__MEMCACHED_SERVERS", "127.0.0.1:11211");
    return env;
  }

  public String adminToken() {
    return adminToken;
  }

  /** A new project, deleted at close; returns its id. */
  public String project(String prefix) {
    String name = prefix + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
    ObjectNode body = JSON.createObjectNode();
    body.putObject("project").put("name", name).put("domain_id", "default");
    String id = call("POST", "/v3/projects", adminToken, body, 201).path("project").path("id").asText();
    cleanup.add("/v3/projects/" + id);
    return id;
  }

  /** A new user with the given roles on {@code projectId}, deleted at close. */
  public User user(String prefix, String projectId, String... roles) {
    String name = prefix + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
    String password = "pw-" + HexFormat.of().toHexDigits(new SecureRandom().nextLong());
    ObjectNode body = JSON.createObjectNode();
    body.putObject("user").put("name", name).put("domain_id", "default").put("password", password);
    String id = call("POST", "/v3/users", adminToken, body, 201).path("user").path("id").asText();
    cleanup.add(0, "/v3/users/" + id);
    for (String role : roles) {
      call("PUT", "/v3/projects/" + projectId + "/users/" + id + "/roles/" + roleId(role), adminToken,
          null, 204);
    }
    return new User(id, name, password, projectId);
  }

  /** A token of {@code user} scoped to its project. */
  public String token(User user) {
    ObjectNode scope = JSON.createObjectNode();
    scope.putObject("project").put("id", user.projectId());
    return passwordToken(url, user.name(), user.password(), scope);
  }

  /** A new user with {@code role} on the system (as oslo.limit's user needs reader), deleted at close. */
  public User systemUser(String prefix, String role) {
    User user = user(prefix, null);
    call("PUT", "/v3/system/users/" + user.id() + "/roles/" + roleId(role), system(), null, 204);
    return user;
  }

  /** A new service of {@code type} with a random name, deleted at close; returns its id. */
  public String service(String type) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("service").put("type", type)
        .put("name", "glimpse-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()));
    return systemMade("/v3/services", call("POST", "/v3/services", system(), body, 201).path("service"));
  }

  /** A new public endpoint of {@code serviceId} in {@code region}, deleted at close; returns its id. */
  public String endpoint(String serviceId, String region, String url) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("endpoint").put("service_id", serviceId).put("region_id", region).put("interface", "public")
        .put("url", url);
    return systemMade("/v3/endpoints", call("POST", "/v3/endpoints", system(), body, 201).path("endpoint"));
  }

  /** A new region with a random id starting with {@code prefix}, deleted at close; returns its id. */
  public String region(String prefix) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("region").put("id", prefix + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()));
    return systemMade("/v3/regions", call("POST", "/v3/regions", system(), body, 201).path("region"));
  }

  /** A new endpoint of {@code serviceId} in {@code region} for {@code iface}, deleted at close; returns its id. */
  public String endpoint(String serviceId, String region, String iface, String url) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("endpoint").put("service_id", serviceId).put("region_id", region).put("interface", iface)
        .put("url", url);
    return systemMade("/v3/endpoints", call("POST", "/v3/endpoints", system(), body, 201).path("endpoint"));
  }

  /** A registered (default) limit of {@code resource} for the service, deleted at close; returns its id. */
  public String registeredLimit(String serviceId, String region, String resource, long defaultLimit) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("registered_limits").addObject().put("service_id", serviceId).put("region_id", region)
        .put("resource_name", resource).put("default_limit", defaultLimit);
    return systemMade("/v3/registered_limits",
        call("POST", "/v3/registered_limits", system(), body, 201).path("registered_limits").get(0));
  }

  /** A limit of {@code resource} for {@code projectId}, deleted at close; returns its id. */
  public String projectLimit(String serviceId, String region, String projectId, String resource, long limit) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("limits").addObject().put("service_id", serviceId).put("region_id", region)
        .put("project_id", projectId).put("resource_name", resource).put("resource_limit", limit);
    return systemMade("/v3/limits", call("POST", "/v3/limits", system(), body, 201).path("limits").get(0));
  }

  private String systemMade(String collection, JsonNode entity) {
    String id = entity.path("id").asText();
    systemCleanup.add(0, collection + "/" + id);
    return id;
  }

  private String system() {
    if (systemToken == null) {
      systemToken = systemAdminToken();
    }
    return systemToken;
  }

  /** A token of the bootstrap admin scoped to the system. */
  public String systemAdminToken() {
    ObjectNode scope = JSON.createObjectNode();
    scope.putObject("system").put("all", true);
    return passwordToken(url, "admin", env("GLIMPSE_KEYSTONE_ADMIN_PASSWORD", "glimpse-admin"), scope);
  }

  /** A token of the service user glance (roles service and admin on project service). */
  public String glanceToken() {
    return passwordToken(url, "glance", glancePassword(), projectScope("service"));
  }

  /** Revokes a token (DELETE /v3/auth/tokens). */
  public void revoke(String token) {
    send("DELETE", "/v3/auth/tokens", adminToken, null, 204, token);
  }

  /** A token and when it expires. */
  public record ExpiringToken(String id, Instant expiresAt) {}

  /**
   * A token of {@code user} that lives a few seconds: issued by the short-token twin Keystone
   * (GLIMPSE_KEYSTONE_SHORT_URL, default http://127.0.0.1:5001; same database and keys, short
   * [token] expiration), valid for the main one until it expires. Aborts the test (fails it when
   * services are required) when the twin is not running.
   */
  public ExpiringToken shortLivedToken(User user) {
    String shortUrl = env("GLIMPSE_KEYSTONE_SHORT_URL", "http://127.0.0.1:5001");
    ObjectNode body = JSON.createObjectNode();
    ObjectNode auth = body.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    identity.putObject("password").putObject("user").put("name", user.name()).put("password", user.password())
        .putObject("domain").put("id", "default");
    auth.putObject("scope").putObject("project").put("id", user.projectId());
    HttpResponse<String> r;
    try {
      r = exchange(shortUrl, "POST", "/v3/auth/tokens?nocatalog", null, body, null);
    } catch (RuntimeException e) {
      RequiredService.missing("the short-token Keystone is not running at " + shortUrl + " (" + e + ")",
          "start it with scripts/keystone-up.sh");
      return null;
    }
    if (r.statusCode() != 201) {
      throw new IllegalStateException("the short-token Keystone refused a token: " + r.statusCode());
    }
    try {
      String expires = JSON.readTree(r.body()).path("token").path("expires_at").asText();
      return new ExpiringToken(r.headers().firstValue("X-Subject-Token").orElseThrow(), Instant.parse(expires));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String roleId(String role) {
    return roleIds.computeIfAbsent(role, r -> {
      JsonNode roles = call("GET", "/v3/roles?name=" + r, adminToken, null, 200).path("roles");
      if (roles.isEmpty()) {
        throw new IllegalStateException("Keystone has no role " + r + " (run scripts/keystone-up.sh)");
      }
      return roles.get(0).path("id").asText();
    });
  }

  @Override
  public void close() {
    for (String path : systemCleanup) {
      try {
        send("DELETE", path, system(), null, -1, null);
      } catch (RuntimeException ignored) {
        // left behind in a throw-away Keystone: harmless
      }
    }
    for (String path : cleanup) {
      try {
        send("DELETE", path, adminToken, null, -1, null);
      } catch (RuntimeException ignored) {
        // left behind in a throw-away Keystone: harmless
      }
    }
  }

  private static ObjectNode projectScope(String name) {
    ObjectNode scope = JSON.createObjectNode();
    scope.putObject("project").put("name", name).putObject("domain").put("id", "default");
    return scope;
  }

  private static String passwordToken(String url, String user, String password, ObjectNode scope) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode auth = body.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    identity.putObject("password").putObject("user").put("name", user).put("password", password)
        .putObject("domain").put("id", "default");
    auth.set("scope", scope);
    return issue(url, body);
  }

  private static String issue(String url, ObjectNode body) {
    HttpResponse<String> r = exchange(url, "POST", "/v3/auth/tokens?nocatalog", null, body, null);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("Keystone refused to issue a token: " + r.statusCode() + " " + r.body());
    }
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private JsonNode call(String method, String path, String token, ObjectNode body, int expected) {
    HttpResponse<String> r = send(method, path, token, body, expected, null);
    try {
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> send(String method, String path, String token, ObjectNode body,
      int expected, String subject) {
    HttpResponse<String> r = exchange(url, method, path, token, body, subject);
    if (expected > 0 && r.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + ": Keystone answered " + r.statusCode()
          + " " + r.body());
    }
    return r;
  }

  private static HttpResponse<String> exchange(String url, String method, String path, String token,
      ObjectNode body, String subject) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    b.header("Content-Type", "application/json");
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    if (subject != null) {
      b.header("X-Subject-Token", subject);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
