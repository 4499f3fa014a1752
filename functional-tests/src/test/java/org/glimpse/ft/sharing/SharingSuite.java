package org.glimpse.ft.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * Base of the sharing suites: one real server per test class on the database {@link #database()}
 * names (a subclass per database), with no default noauth project and anonymous access allowed,
 * so that a request without identity headers is Glance's read-only anonymous caller, and a client
 * per {@link Actor}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharingSuite {
  static final byte[] DATA = "shared bytes".getBytes(StandardCharsets.UTF_8);

  private final TestDatabase database = database();
  /** The server's {@code [database] connection}; null for its own H2 file. */
  String connection;
  GlimpseTestServer server;
  private final Map<Actor, Client> clients = new EnumMap<>(Actor.class);
  /** Why the suite is skipped: its database server is unreachable (and not required). */
  private String skipReason;

  /** The database this suite runs on; H2 unless a subclass says otherwise. */
  TestDatabase database() {
    return TestDatabase.h2();
  }

  /** Further {@code GLIMPSE_<SECTION>__<KEY>} settings of the suite's server. */
  Map<String, String> overrides() {
    return Map.of();
  }

  @BeforeAll
  void startServer() {
    String base = reference();
    if (base == null) {
      try {
        connection = database.create();
      } catch (TestAbortedException e) {
        // aborting here would hide the reason (surefire reports "0 tests"): skip each test instead
        skipReason = e.getMessage();
        System.err.println(getClass().getSimpleName() + ": " + skipReason);
        return;
      }
      server = startServer(overrides());
      base = server.baseUrl();
    }
    for (Actor actor : Actor.values()) {
      clients.put(actor, actor == Actor.ANONYMOUS ? Client.anonymous(base)
          : Client.of(base, actor.project, actor.roles));
    }
    prepare();
  }

  /**
   * The base URL of another server to run the suite against instead of a Glimpse of its own
   * (system property {@code glimpse.ft.reference}, e.g. the reference Glance), or null. Only
   * suites that talk to the server through {@link #as} can do that; the server's configuration
   * ({@link #overrides}) is then the operator's business.
   */
  static String reference() {
    String url = System.getProperty("glimpse.ft.reference");
    return url == null || url.isBlank() ? null : url;
  }

  /** Another server on the suite's database, with these settings too; the caller closes it. */
  GlimpseTestServer startServer(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("GLIMPSE_NOAUTH__DEFAULT_PROJECT_ID", "");
    // the anonymous caller of the matrices is Glance's read-only one
    settings.put("GLIMPSE_DEFAULT__ALLOW_ANONYMOUS_ACCESS", "true");
    settings.putAll(overrides());
    settings.putAll(extra);
    return GlimpseTestServer.start(connection, settings);
  }

  /** Class-level fixtures, once the server runs. */
  void prepare() {}

  @BeforeEach
  void skipWithoutDatabase() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    database.drop();
  }

  Client as(Actor actor) {
    return clients.get(actor);
  }

  /**
   * A new active image of the owner, shared with the pending, accepted and rejected members
   * (whose answers {@link #answeredBy} gave), then turned to {@code visibility} (public by an
   * admin, as only admins may publicize). Returns its id.
   */
  String sharedImage(String visibility, String... tags) {
    StringBuilder body = new StringBuilder("{\"name\":\"sharing-" + visibility + "\","
        + "\"disk_format\":\"raw\",\"container_format\":\"bare\",\"tags\":[");
    for (int i = 0; i < tags.length; i++) {
      body.append(i == 0 ? "\"" : ",\"").append(tags[i]).append('"');
    }
    Response created = as(Actor.OWNER).postJson("/v2/images", body.append("]}").toString());
    assertThat(created.status()).as("create %s", created).isEqualTo(201);
    String id = created.json().get("id").asText();
    expect(as(Actor.OWNER).putData("/v2/images/" + id + "/file", DATA), 204);
    for (Actor member : Actor.MEMBERS) {
      addMember(id, member.project);
      if (member != Actor.PENDING) {
        answer(answeredBy(member), member, id, member.memberStatus());
      }
    }
    if (!visibility.equals("shared")) {
      setVisibility(id, visibility);
    }
    return id;
  }

  void addMember(String imageId, String project) {
    expect(as(Actor.OWNER).postJson(members(imageId), "{\"member\":\"" + project + "\"}"), 200);
  }

  /**
   * Who records a member's answer in {@link #sharedImage}: the member itself, unless a suite
   * whose policy is under test must not depend on the member rules for its fixtures.
   */
  Actor answeredBy(Actor member) {
    return member;
  }

  void answer(Actor member, String imageId, String status) {
    answer(member, member, imageId, status);
  }

  /** {@code caller} sets {@code member}'s status. */
  void answer(Actor caller, Actor member, String imageId, String status) {
    expect(as(caller).putJson(members(imageId) + "/" + member.project,
        "{\"status\":\"" + status + "\"}"), 200);
  }

  void setVisibility(String imageId, String visibility) {
    Actor who = visibility.equals("public") ? Actor.ADMIN : Actor.OWNER;
    expect(as(who).patch("/v2/images/" + imageId,
        "[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"" + visibility + "\"}]"), 200);
  }

  static String members(String imageId) {
    return "/v2/images/" + imageId + "/members";
  }

  static Response expect(Response response, int status) {
    assertThat(response.status()).as("%s", response).isEqualTo(status);
    return response;
  }
}
