package org.glimpse.server.auth.keystone;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;

/**
 * {@code [keystone_authtoken]} checked and turned into what the authenticator needs; a setting
 * that cannot work stops the server at start with a message naming the option.
 *
 * @param identityV3 the v3 base URL (ending in /v3/) tokens are issued and validated at
 * @param challenge the value of WWW-Authenticate on a 401
 * @param authRequest the body of the service user's POST /v3/auth/tokens
 * @param cacheTime how long a validation is trusted; zero when the cache is off
 */
public record KeystoneSettings(
    URI identityV3,
    String challenge,
    ObjectNode authRequest,
    Duration cacheTime,
    Duration timeout,
    int retries,
    Set<String> serviceTokenRoles,
    boolean serviceTokenRolesRequired,
    boolean delayAuthDecision,
    boolean allowAnonymousAccess) {

  /** Glimpse's bound on a request to Keystone when http_connect_timeout is unset. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public static KeystoneSettings from(GlimpseConfig config) {
    return from(config, config.keystoneAuthtoken());
  }

  /** The settings of a client that authenticates with {@code k}'s credentials. */
  public static KeystoneSettings from(GlimpseConfig config, GlimpseConfig.KeystoneAuthtoken k) {
    String authUrl = k.authUrl().orElseThrow(() -> new ConfigException(
        "[keystone_authtoken] auth_url is required with [paste_deploy] flavor = keystone"));
    String type = k.authType().strip();
    if (!type.equals("password") && !type.equals("v3password")) {
      throw new ConfigException("[keystone_authtoken] auth_type = " + type
          + ": Glimpse authenticates its service user by password only (password, v3password)");
    }
    String www = k.wwwAuthenticateUri().or(k::authUri).orElse(authUrl);
    return new KeystoneSettings(
        v3(authUrl),
        "Keystone uri=\"" + www + "\"",
        authRequest(k),
        k.tokenCacheTime() < 0 ? Duration.ZERO : Duration.ofSeconds(k.tokenCacheTime()),
        k.httpConnectTimeout().map(s -> Duration.ofSeconds(s)).orElse(DEFAULT_TIMEOUT),
        k.httpRequestMaxRetries(),
        Set.copyOf(k.serviceTokenRoles().stream().map(String::toLowerCase).toList()),
        k.serviceTokenRolesRequired(),
        k.delayAuthDecision(),
        config.defaultSection().allowAnonymousAccess());
  }

  /** auth_url as the v3 base: /v3 appended unless the URL names a version already. */
  static URI v3(String authUrl) {
    String url = authUrl.replaceAll("/+$", "");
    if (!url.matches(".*/v3(\\.\\d+)?$")) {
      if (url.matches(".*/v2\\.0$")) {
        throw new ConfigException("[keystone_authtoken] auth_url = " + authUrl
            + ": Keystone v2.0 is gone; give the v3 endpoint (or the unversioned one)");
      }
      url = url + "/v3";
    }
    return URI.create(url + "/");
  }

  /** keystoneauth's v3 password plugin request: user by id or name and domain, then the scope. */
  private static ObjectNode authRequest(GlimpseConfig.KeystoneAuthtoken k) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String password = k.password().orElseThrow(() -> new ConfigException(
        "[keystone_authtoken] password is required with auth_type = password"));
    ObjectNode user = f.objectNode();
    if (k.userId().isPresent()) {
      user.put("id", k.userId().get());
    } else {
      user.put("name", k.username().orElseThrow(() -> new ConfigException(
          "[keystone_authtoken] username (or user_id) is required with auth_type = password")));
      user.set("domain", domain(k.userDomainId(), k.userDomainName(), "user_domain")
          .orElseThrow(() -> new ConfigException("[keystone_authtoken] user_domain_name (or"
              + " user_domain_id) is required with username")));
    }
    user.put("password", password);
    ObjectNode auth = f.objectNode();
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    identity.putObject("password").set("user", user);
    if (k.systemScope().isPresent()) {
      auth.putObject("scope").putObject("system").put("all", true);
    } else if (k.projectId().isPresent()) {
      auth.putObject("scope").putObject("project").put("id", k.projectId().get());
    } else if (k.projectName().isPresent()) {
      ObjectNode project = auth.putObject("scope").putObject("project");
      project.put("name", k.projectName().get());
      project.set("domain", domain(k.projectDomainId(), k.projectDomainName(), "project_domain")
          .orElseThrow(() -> new ConfigException("[keystone_authtoken] project_domain_name (or"
              + " project_domain_id) is required with project_name")));
    }
    ObjectNode root = f.objectNode();
    root.set("auth", auth);
    return root;
  }

  private static Optional<ObjectNode> domain(Optional<String> id, Optional<String> name, String what) {
    if (id.isPresent()) {
      return Optional.of(JsonNodeFactory.instance.objectNode().put("id", id.get()));
    }
    return name.map(n -> JsonNodeFactory.instance.objectNode().put("name", n));
  }

  /** Secrets stay out of logs. */
  @Override
  public String toString() {
    return "KeystoneSettings[" + identityV3 + "]";
  }
}
