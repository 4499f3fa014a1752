package org.glimpse.ft.keystone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Keystone;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Glimpse with {@code [paste_deploy] flavor = keystone} in front of the real Keystone
 * (scripts/keystone-up.sh): tokens valid, expired, revoked and of other projects; the reader,
 * member and admin personas and a system-scoped admin under Glance's current defaults (new
 * defaults and scope enforced); Keystone down; an operator's policy file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeystoneAuthTest {
  private Keystone keystone;
  private GlimpseTestServer server;
  private String projectA;
  private String projectB;
  private Keystone.User readerA;
  private Keystone.User memberA;
  private Keystone.User memberB;
  private Keystone.User adminA;

  @BeforeAll
  void start() {
    keystone = Keystone.require();
    projectA = keystone.project("glimpse-ft-a");
    projectB = keystone.project("glimpse-ft-b");
    readerA = keystone.user("reader-a", projectA, "reader");
    memberA = keystone.user("member-a", projectA, "member", "reader");
    memberB = keystone.user("member-b", projectB, "member", "reader");
    adminA = keystone.user("admin-a", projectA, "admin", "member", "reader");
    server = GlimpseTestServer.start(null, keystone.glimpseSettings());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (keystone != null) {
      keystone.close();
    }
  }

  private Client as(Keystone.User user) {
    return Client.withToken(server.baseUrl(), keystone.token(user));
  }

  private String privateImageOfA() {
    return as(memberA).createImage("{\"name\": \"a-private\", \"disk_format\": \"raw\","
        + " \"container_format\": \"bare\"}");
  }

  @Test
  void noTokenOrABadOneIsUnauthorizedAndNamesKeystone() {
    for (Client caller : new Client[] {server.anonymous(), Client.withToken(server.baseUrl(), "not-a-token")}) {
      Response r = caller.get("/v2/images");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Keystone uri=\"" + Keystone.url() + "\"");
    }
    assertThat(server.anonymous().get("/v1/images").status()).isEqualTo(401);
    // version discovery answers before authentication, as Glance's version negotiation does
    assertThat(server.anonymous().get("/versions").status()).isEqualTo(200);
    assertThat(server.anonymous().get("/").status()).isEqualTo(300);
  }

  @Test
  void aValidTokenActsAsItsUserInItsProject() {
    Response created = as(memberA).postJson("/v2/images",
        "{\"name\": \"mine\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}").assertStatus(201);
    assertThat(created.json().path("owner").asText()).isEqualTo(projectA);
    String id = created.json().path("id").asText();
    assertThat(as(memberA).get("/v2/images/" + id).status()).isEqualTo(200);
    assertThat(as(readerA).get("/v2/images/" + id).status()).isEqualTo(200);
  }

  @Test
  void aTokenOfAnotherProjectDoesNotSeeAPrivateImage() {
    String id = privateImageOfA();
    Client b = as(memberB);
    assertThat(b.get("/v2/images/" + id).status()).isEqualTo(404);
    assertThat(b.delete("/v2/images/" + id).status()).isEqualTo(404);
    assertThat(b.get("/v2/images").json().path("images").findValuesAsText("id")).doesNotContain(id);
  }

  @Test
  void readersReadMembersWriteAdminsMayDoMore() {
    String id = privateImageOfA();
    Client reader = as(readerA);
    Client member = as(memberA);
    Client admin = as(adminA);
    String rename = "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"renamed\"}]";
    String publish = "[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"public\"}]";

    assertThat(reader.get("/v2/images").status()).isEqualTo(200);
    assertThat(reader.postJson("/v2/images", "{\"name\": \"r\"}").status()).isEqualTo(403);
    assertThat(reader.patch("/v2/images/" + id, rename).status()).isEqualTo(403);
    assertThat(reader.delete("/v2/images/" + id).status()).isEqualTo(403);

    assertThat(member.patch("/v2/images/" + id, rename).status()).isEqualTo(200);
    assertThat(member.patch("/v2/images/" + id, publish).status()).isEqualTo(403);

    assertThat(admin.patch("/v2/images/" + id, publish).status()).isEqualTo(200);
    // an admin of project A acts on project B's image too (Glance's admin is not project-bound)
    String ofB = as(memberB).createImage("{\"name\": \"b\"}");
    assertThat(admin.delete("/v2/images/" + ofB).status()).isEqualTo(204);
  }

  @Test
  void aSystemScopedAdminIsRefusedTheProjectScopedImageApi() {
    String id = privateImageOfA();
    Client system = Client.withToken(server.baseUrl(), keystone.systemAdminToken());
    assertThat(system.get("/v2/images").status()).isEqualTo(403);
    assertThat(system.get("/v2/images/" + id).status()).isEqualTo(404);
    assertThat(system.postJson("/v2/images", "{\"name\": \"sys\"}").status()).isEqualTo(403);
    assertThat(system.delete("/v2/images/" + id).status()).isEqualTo(404);
    assertThat(as(memberA).get("/v2/images/" + id).status()).as("still there").isEqualTo(200);
  }

  @Test
  void anExpiredTokenIsRefusedThoughItWasCached() throws InterruptedException {
    Keystone.ExpiringToken token = keystone.shortLivedToken(memberA);
    Client shortLived = Client.withToken(server.baseUrl(), token.id());
    assertThat(Duration.between(Instant.now(), token.expiresAt())).as("lifetime left")
        .isPositive().isLessThan(Duration.ofMinutes(1));
    assertThat(shortLived.get("/v2/images").status()).isEqualTo(200);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), token.expiresAt()).toMillis()) + 500);
    // the suite's server caches validations for 300 s: the expiry must still end the token
    assertThat(shortLived.get("/v2/images").status()).isEqualTo(401);
  }

  @Test
  void aRevokedTokenIsRefusedOnceTheCacheTimeIsOver() throws InterruptedException {
    Map<String, String> settings = new HashMap<>(keystone.glimpseSettings());
    settings.put("GLIMPSE_KEYSTONE_AUTHTOKEN__TOKEN_CACHE_TIME", "2");
    try (GlimpseTestServer shortCache = GlimpseTestServer.start(null, settings)) {
      String token = keystone.token(memberA);
      Client caller = Client.withToken(shortCache.baseUrl(), token);
      assertThat(caller.get("/v2/images").status()).isEqualTo(200);
      keystone.revoke(token);
      Thread.sleep(2500);
      assertThat(caller.get("/v2/images").status()).isEqualTo(401);

      String neverUsed = keystone.token(memberA);
      keystone.revoke(neverUsed);
      assertThat(Client.withToken(shortCache.baseUrl(), neverUsed).get("/v2/images").status())
          .isEqualTo(401);
    }
  }

  @Test
  void aServiceTokenNeedsTheServiceRole() {
    String user = keystone.token(memberA);
    Client withService = Client.withToken(server.baseUrl(), user);
    assertThat(withService.get("/v2/images", "X-Service-Token", keystone.glanceToken()).status())
        .isEqualTo(200);
    assertThat(withService.get("/v2/images", "X-Service-Token", keystone.token(memberB)).status())
        .isEqualTo(401);
  }

  @Test
  void keystoneDownIsServiceUnavailableSoon() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Map<String, String> settings = new HashMap<>(keystone.glimpseSettings());
    settings.put("GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_URL", "http://127.0.0.1:" + closed);
    try (GlimpseTestServer cutOff = GlimpseTestServer.start(null, settings)) {
      long start = System.nanoTime();
      Response r = Client.withToken(cutOff.baseUrl(), keystone.token(memberA)).get("/v2/images");
      assertThat(r.status()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(cutOff.anonymous().get("/v2/images").status()).as("no token is still 401").isEqualTo(401);
    }
  }

  @Test
  void aPolicyFileOverridingOneRuleIsObeyed() throws IOException {
    Path dir = Files.createTempDirectory("glimpse-policy-");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "\"get_images\": \"role:admin\"\n");
    Map<String, String> settings = new HashMap<>(keystone.glimpseSettings());
    settings.put("GLIMPSE_OSLO_POLICY__POLICY_FILE", policy.toString());
    try (GlimpseTestServer strict = GlimpseTestServer.start(null, settings)) {
      Client member = Client.withToken(strict.baseUrl(), keystone.token(memberA));
      assertThat(member.get("/v2/images").status()).isEqualTo(403);
      assertThat(Client.withToken(strict.baseUrl(), keystone.token(adminA)).get("/v2/images").status())
          .isEqualTo(200);
      // the other rules keep Glance's new defaults: the member still creates images
      assertThat(member.postJson("/v2/images", "{\"name\": \"m\"}").status()).isEqualTo(201);
    } finally {
      Files.deleteIfExists(policy);
      Files.deleteIfExists(dir);
    }
  }
}
