package org.glimpse.server.auth.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.server.config.ConfigLoader;
import org.glimpse.server.config.GlimpseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** validate_member_project's lookups: Keystone's answers, their cache, and Keystone out of reach. */
class KeystoneProjectsTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
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
  };
  private FakeKeystone keystone;

  @BeforeEach
  void start() throws IOException {
    keystone = new FakeKeystone(() -> now);
    keystone.known.add("projects/p-known");
    keystone.known.add("domains/d-known");
  }

  @AfterEach
  void stop() {
    keystone.close();
  }

  private static KeystoneSettings settings(String authUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("GLIMPSE_PASTE_DEPLOY__FLAVOR", "keystone");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_URL", authUrl);
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__USERNAME", "glance");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PASSWORD", "secret");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__USER_DOMAIN_NAME", "Default");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_NAME", "service");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_DOMAIN_NAME", "Default");
    env.put("GLIMPSE_KEYSTONE_AUTHTOKEN__HTTP_CONNECT_TIMEOUT", "2");
    GlimpseConfig config = new ConfigLoader(w -> {}).load(List.of(), env);
    return KeystoneSettings.from(config);
  }

  @Test
  void knownAndUnknownProjectsAndDomainsAreTold() {
    KeystoneProjects projects = new KeystoneProjects(settings(keystone.url()), Duration.ofSeconds(60), clock);
    assertThat(projects.projectExists("p-known")).isTrue();
    assertThat(projects.projectExists("p-unknown")).isFalse();
    assertThat(projects.domainExists("d-known")).isTrue();
    assertThat(projects.domainExists("p-known")).isFalse();
    assertThat(keystone.issued.get()).isEqualTo(1);
  }

  @Test
  void answersAreReusedForTheCacheTimeThenAskedAgain() {
    KeystoneProjects projects = new KeystoneProjects(settings(keystone.url()), Duration.ofSeconds(60), clock);
    assertThat(projects.projectExists("p-unknown")).isFalse();
    assertThat(projects.projectExists("p-unknown")).isFalse();
    assertThat(keystone.lookups.get()).isEqualTo(1);
    keystone.known.add("projects/p-unknown");
    now = now.plusSeconds(61);
    assertThat(projects.projectExists("p-unknown")).isTrue();
    assertThat(keystone.lookups.get()).isEqualTo(2);
  }

  @Test
  void aRefusedServiceTokenIsRenewedOnce() {
    KeystoneProjects projects = new KeystoneProjects(settings(keystone.url()), Duration.ZERO, clock);
    assertThat(projects.projectExists("p-known")).isTrue();
    keystone.refuseServiceTokens();
    assertThat(projects.projectExists("p-known")).isTrue();
    assertThat(keystone.issued.get()).isEqualTo(2);
  }

  @Test
  void keystoneOutOfReachIsUnavailableNotAGuess() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    KeystoneProjects projects = new KeystoneProjects(settings("http://127.0.0.1:" + closed),
        Duration.ofSeconds(60), clock);
    assertThatThrownBy(() -> projects.projectExists("p-known"))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("cannot tell whether project p-known exists");
  }
}
