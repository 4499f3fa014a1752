package org.glimpse.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.Context;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.server.auth.keystone.KeystoneAuthenticator;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.ConfigLoader;
import org.glimpse.server.config.GlimpseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticatorsTest {
  private static GlimpseConfig config(Map<String, String> env) {
    return new ConfigLoader(warning -> {}).load(List.of(), env);
  }

  /** A request that has only the given headers (names in any case). */
  private static Context request(Map<String, String> headers) {
    Map<String, String> byName = new HashMap<>();
    headers.forEach((k, v) -> byName.put(k.toLowerCase(), v));
    return (Context) Proxy.newProxyInstance(AuthenticatorsTest.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> {
          if (method.getName().equals("header") && args.length == 1) {
            return byName.get(((String) args[0]).toLowerCase());
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  @ParameterizedTest(name = "flavor ''{0}''")
  @ValueSource(strings = {"", "  "})
  void noFlavorIsNoauth(String flavor) {
    assertThat(Authenticators.fromConfig(config(Map.of("GLIMPSE_PASTE_DEPLOY__FLAVOR", flavor))))
        .isInstanceOf(NoAuthAuthenticator.class);
    assertThat(Authenticators.fromConfig(GlimpseConfig.defaults())).isInstanceOf(NoAuthAuthenticator.class);
  }

  @ParameterizedTest(name = "flavor {0}")
  @ValueSource(strings = {"keystone", "keystone+cachemanagement", "keystone+caching"})
  void keystoneFlavorsAuthenticateWithKeystone(String flavor) {
    GlimpseConfig keystone = config(Map.of("GLIMPSE_PASTE_DEPLOY__FLAVOR", flavor,
        "GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_URL", "http://127.0.0.1:5000",
        "GLIMPSE_KEYSTONE_AUTHTOKEN__USERNAME", "glance",
        "GLIMPSE_KEYSTONE_AUTHTOKEN__PASSWORD", "secret",
        "GLIMPSE_KEYSTONE_AUTHTOKEN__USER_DOMAIN_NAME", "Default"));
    assertThat(Authenticators.fromConfig(keystone)).isInstanceOf(KeystoneAuthenticator.class);
    assertThat(Authenticators.isKeystone(keystone)).isTrue();
    assertThatThrownBy(() -> Authenticators.fromConfig(config(Map.of("GLIMPSE_PASTE_DEPLOY__FLAVOR", flavor))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[keystone_authtoken] auth_url is required");
  }

  @ParameterizedTest(name = "flavor {0}")
  @CsvSource({"caching, false, true, false", "cachemanagement, false, true, true",
      "keystone+caching, true, true, false", "keystone+cachemanagement, true, true, true",
      "keystone, true, false, false", "'', false, false, false"})
  void cachingFlavorsTurnOnGlancesCacheMiddleware(String flavor, boolean keystone, boolean caches,
      boolean manages) {
    GlimpseConfig config = config(Map.of("GLIMPSE_PASTE_DEPLOY__FLAVOR", flavor));
    assertThat(Authenticators.isKeystone(config)).isEqualTo(keystone);
    assertThat(Authenticators.cachesDownloads(config)).isEqualTo(caches);
    assertThat(Authenticators.managesCache(config)).isEqualTo(manages);
    if (!keystone) {
      assertThat(Authenticators.fromConfig(config)).isInstanceOf(NoAuthAuthenticator.class);
    }
  }

  @ParameterizedTest(name = "flavor {0}")
  @ValueSource(strings = {"trusted-auth", "noauth", "caching+trusted-auth"})
  void otherFlavorsStopTheStart(String flavor) {
    assertThatThrownBy(() -> Authenticators.fromConfig(config(Map.of("GLIMPSE_PASTE_DEPLOY__FLAVOR", flavor))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("[paste_deploy] flavor = " + flavor + ": ")
        .hasMessageContaining("leave the option unset");
  }

  @Test
  void noauthTakesTheIdentityFromHeaders() {
    Authenticator noauth = new NoAuthAuthenticator("admin", Set.of("admin", "member"));
    assertThat(noauth.authenticate(request(Map.of("X-Project-Id", " p1 ", "X-User-Id", "u1", "X-Roles", "Member, ,reader")),
        "req-1")).isEqualTo(new RequestContext("p1", "u1", Set.of("member", "reader"), true, "req-1"));
    assertThat(noauth.authenticate(request(Map.of("X-Tenant-Id", "t1")), "req-2"))
        .isEqualTo(new RequestContext("t1", null, Set.of(), true, "req-2"));
    assertThat(noauth.authenticate(request(Map.of()), "req-3"))
        .isEqualTo(new RequestContext("admin", null, Set.of("admin", "member"), true, "req-3"));
    assertThat(new NoAuthAuthenticator("", Set.of("admin")).authenticate(request(Map.of()), "req-4"))
        .isEqualTo(RequestContext.anonymous("req-4"));
  }
}
