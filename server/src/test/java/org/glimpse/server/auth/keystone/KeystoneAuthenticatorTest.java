package org.glimpse.server.auth.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.Context;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.UnauthorizedException;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.ConfigLoader;
import org.glimpse.server.config.GlimpseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Keystone authenticator against a stand-in Keystone, with a clock the test moves. */
class KeystoneAuthenticatorTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** A clock the test sets. */
  static final class TestClock extends Clock {
    volatile Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private final TestClock clock = new TestClock();
  private FakeKeystone keystone;

  @BeforeEach
  void start() throws IOException {
    keystone = new FakeKeystone(() -> clock.now);
  }

  @AfterEach
  void stop() {
    keystone.close();
  }

  private static GlimpseConfig config(String authUrl, Map<String, String> more) {
    Map<String, String> env = new HashMap<>();
    env.put("GLIMPSE_PASTE_DEPLOY__FLAVOR", "keystone");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_URL", authUrl);
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__WWW_AUTHENTICATE_URI", "http://keystone.example:5000");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__USERNAME", "glance");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PASSWORD", "secret");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__USER_DOMAIN_NAME", "Default");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_NAME", "service");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_DOMAIN_NAME", "Default");
    env.putAll(more);
    return new ConfigLoader(w -> {}).load(List.of(), env);
  }

  private KeystoneAuthenticator authenticator(Map<String, String> more) {
    return new KeystoneAuthenticator(KeystoneSettings.from(config(keystone.url(), more)), clock);
  }

  /** A request with the given headers; attributes it is given are kept in {@code attributes}. */
  private static Context request(Map<String, String> headers, Map<String, Object> attributes) {
    Map<String, String> byName = new HashMap<>();
    headers.forEach((k, v) -> byName.put(k.toLowerCase(), v));
    return (Context) Proxy.newProxyInstance(KeystoneAuthenticatorTest.class.getClassLoader(),
        new Class<?>[] {Context.class}, (proxy, method, args) -> {
          if (method.getName().equals("header") && args.length == 1) {
            return byName.get(((String) args[0]).toLowerCase());
          }
          if (method.getName().equals("attribute") && args.length == 2) {
            attributes.put((String) args[0], args[1]);
            return null;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static Context request(Map<String, String> headers) {
    return request(headers, new HashMap<>());
  }

  @Test
  void aValidTokenBecomesTheCallersContextAndIsCached() {
    keystone.projectToken("tok", "p1", T0.plusSeconds(3600), "Member", "reader");
    KeystoneAuthenticator auth = authenticator(Map.of());

    RequestContext ctx = auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "req-1");

    assertThat(ctx.projectId()).isEqualTo("p1");
    assertThat(ctx.userId()).isEqualTo("u-tok");
    assertThat(ctx.userDomainId()).isEqualTo("default");
    assertThat(ctx.projectDomainId()).isEqualTo("pd");
    assertThat(ctx.roles()).containsExactlyInAnyOrder("member", "reader");
    assertThat(ctx.tokenScope()).isEqualTo("project");
    assertThat(ctx.authToken()).as("kept for calls on the caller's behalf").isEqualTo("tok");
    assertThat(ctx.isAdminProject()).isTrue();
    assertThat(ctx.authenticated()).isTrue();
    assertThat(ctx.requestId()).isEqualTo("req-1");

    auth.authenticate(request(Map.of("X-Auth-Token", " tok ")), "req-2");
    assertThat(keystone.validations.get()).isEqualTo(1);
    assertThat(keystone.issued.get()).isEqualTo(1);
  }

  @Test
  void aSystemScopedTokenCarriesItsScope() {
    keystone.token("sys", "\"system\": {\"all\": true}, \"roles\": [{\"name\": \"admin\"}]",
        T0.plusSeconds(3600));
    RequestContext ctx = authenticator(Map.of()).authenticate(request(Map.of("X-Auth-Token", "sys")), "r");
    assertThat(ctx.systemScope()).isEqualTo("all");
    assertThat(ctx.projectId()).isNull();
    assertThat(ctx.tokenScope()).isEqualTo("system");
    assertThat(ctx.isAdmin()).isTrue();
  }

  @Test
  void aCachedTokenIsNeverTrustedPastItsExpiry() {
    keystone.projectToken("short", "p1", T0.plusSeconds(60), "member");
    KeystoneAuthenticator auth = authenticator(Map.of());
    auth.authenticate(request(Map.of("X-Auth-Token", "short")), "r");

    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> auth.authenticate(request(Map.of("X-Auth-Token", "short")), "r"))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void aRevokedTokenIsRefusedOnceItsCacheEntryAgesOut() {
    keystone.projectToken("tok", "p1", T0.plusSeconds(3600), "member");
    KeystoneAuthenticator auth = authenticator(Map.of("GLIMPSE_KEYSTONE_AUTHTOKEN__TOKEN_CACHE_TIME", "30"));
    auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r");
    keystone.revoke("tok");

    clock.advance(Duration.ofSeconds(29));
    assertThat(auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r").projectId()).isEqualTo("p1");
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r"))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void withoutCacheEveryRequestAsksKeystone() {
    keystone.projectToken("tok", "p1", T0.plusSeconds(3600), "member");
    KeystoneAuthenticator auth = authenticator(Map.of("GLIMPSE_KEYSTONE_AUTHTOKEN__TOKEN_CACHE_TIME", "-1"));
    auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r");
    auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r");
    assertThat(keystone.validations.get()).isEqualTo(2);
  }

  @Test
  void noTokenOrAnUnknownOneIsUnauthorizedWithTheKeystoneChallenge() {
    KeystoneAuthenticator auth = authenticator(Map.of());
    Map<String, Object> attributes = new HashMap<>();
    assertThatThrownBy(() -> auth.authenticate(request(Map.of(), attributes), "r"))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(attributes).containsEntry(Authenticator.CHALLENGE, "Keystone uri=\"http://keystone.example:5000\"");
    assertThatThrownBy(() -> auth.authenticate(request(Map.of("X-Auth-Token", "nope")), "r"))
        .isInstanceOf(UnauthorizedException.class);
    // not a token at all: refused without asking Keystone
    int asked = keystone.validations.get();
    assertThatThrownBy(() -> auth.authenticate(request(Map.of("X-Auth-Token", "a b\u00e9")), "r"))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(keystone.validations.get()).isEqualTo(asked);
  }

  @Test
  void aRefusedServiceTokenIsRenewedOnce() {
    keystone.projectToken("tok", "p1", T0.plusSeconds(3600), "member");
    keystone.projectToken("tok2", "p2", T0.plusSeconds(3600), "member");
    KeystoneAuthenticator auth = authenticator(Map.of());
    auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r");
    keystone.refuseServiceTokens();

    assertThat(auth.authenticate(request(Map.of("X-Auth-Token", "tok2")), "r").projectId()).isEqualTo("p2");
    assertThat(keystone.issued.get()).isEqualTo(2);
  }

  @Test
  void theServiceTokenIsRenewedBeforeItExpires() {
    keystone.projectToken("tok", "p1", T0.plusSeconds(7200), "member");
    KeystoneAuthenticator auth = authenticator(Map.of("GLIMPSE_KEYSTONE_AUTHTOKEN__TOKEN_CACHE_TIME", "-1"));
    auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r");
    clock.advance(Duration.ofMinutes(59));
    auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r");
    assertThat(keystone.issued.get()).isEqualTo(2);
  }

  @Test
  void serviceTokensNeedAServiceRoleUnlessConfiguredOtherwise() {
    keystone.projectToken("user", "p1", T0.plusSeconds(3600), "member");
    keystone.projectToken("svc", "service", T0.plusSeconds(3600), "service");
    keystone.projectToken("plain", "p9", T0.plusSeconds(3600), "member");
    KeystoneAuthenticator auth = authenticator(Map.of());

    RequestContext ctx = auth.authenticate(request(Map.of("X-Auth-Token", "user", "X-Service-Token", "svc")), "r");
    assertThat(ctx.serviceRoles()).containsExactly("service");
    assertThat(ctx.serviceProjectId()).isEqualTo("service");
    assertThat(ctx.projectId()).isEqualTo("p1");

    assertThatThrownBy(() -> auth.authenticate(
        request(Map.of("X-Auth-Token", "user", "X-Service-Token", "plain")), "r"))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> auth.authenticate(
        request(Map.of("X-Auth-Token", "user", "X-Service-Token", "unknown")), "r"))
        .isInstanceOf(UnauthorizedException.class);

    KeystoneAuthenticator lax = authenticator(Map.of(
        "GLIMPSE_KEYSTONE_AUTHTOKEN__SERVICE_TOKEN_ROLES_REQUIRED", "false"));
    assertThat(lax.authenticate(request(Map.of("X-Auth-Token", "user", "X-Service-Token", "plain")), "r")
        .serviceRoles()).containsExactly("member");
  }

  @Test
  void keystoneDownIsUnavailableNeverAPass() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    KeystoneAuthenticator auth = new KeystoneAuthenticator(
        KeystoneSettings.from(config("http://127.0.0.1:" + closed, Map.of())), clock);
    long start = System.nanoTime();
    assertThatThrownBy(() -> auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r"))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("The Keystone service is temporarily unavailable.");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aKeystoneThatDoesNotAnswerIsUnavailableWithinTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0)) { // accepts connections (backlog), never answers
      KeystoneAuthenticator auth = new KeystoneAuthenticator(KeystoneSettings.from(config(
          "http://127.0.0.1:" + silent.getLocalPort(),
          Map.of("GLIMPSE_KEYSTONE_AUTHTOKEN__HTTP_CONNECT_TIMEOUT", "1"))), clock);
      long start = System.nanoTime();
      assertThatThrownBy(() -> auth.authenticate(request(Map.of("X-Auth-Token", "tok")), "r"))
          .isInstanceOf(UnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void delayAuthDecisionLeavesTheDecisionToAnonymousAccess() {
    KeystoneAuthenticator open = authenticator(Map.of(
        "GLIMPSE_KEYSTONE_AUTHTOKEN__DELAY_AUTH_DECISION", "true",
        "GLIMPSE_DEFAULT__ALLOW_ANONYMOUS_ACCESS", "true"));
    assertThat(open.authenticate(request(Map.of("X-Auth-Token", "nope")), "r"))
        .isEqualTo(RequestContext.anonymous("r"));
    KeystoneAuthenticator closed = authenticator(Map.of(
        "GLIMPSE_KEYSTONE_AUTHTOKEN__DELAY_AUTH_DECISION", "true"));
    assertThatThrownBy(() -> closed.authenticate(request(Map.of()), "r"))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void settingsThatCannotWorkStopTheStart() {
    assertThatThrownBy(() -> KeystoneSettings.from(new ConfigLoader(w -> {}).load(List.of(),
        Map.of("GLIMPSE_PASTE_DEPLOY__FLAVOR", "keystone"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth_url is required");
    assertThatThrownBy(() -> KeystoneSettings.from(config(keystone.url(),
        Map.of("GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_TYPE", "v3token"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("password only");
    assertThatThrownBy(() -> KeystoneSettings.from(config(keystone.url(),
        Map.of("GLIMPSE_KEYSTONE_AUTHTOKEN__USER_DOMAIN_NAME", ""))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("user_domain_name");
    assertThat(KeystoneSettings.v3("http://k:5000/").toString()).isEqualTo("http://k:5000/v3/");
    assertThat(KeystoneSettings.v3("http://k/identity/v3").toString()).isEqualTo("http://k/identity/v3/");
    assertThat(KeystoneSettings.from(config(keystone.url(), Map.of())).toString()).doesNotContain("secret");
    assertThat(Set.of()).isEmpty();
  }
}
