package org.glimpse.ft.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sharing matrix extended with Glimpse's callers: a consumer that trusts the producer, a
 * member whose membership expired, projects of a domain the image is shared with (one answered,
 * one not), a project outside that domain, and a plain pending member for comparison; each
 * checked on what it may see and do. Then the listing walk with domain shares mixed in, the
 * anti-spam rule of trusted producers, the batch API, the inbox, and the schemas. Subclasses
 * choose the database.
 */
abstract class SharingExtensionsSuite extends SharingSuite {
  static final String DOMAIN = "domA";
  private final Map<String, Client> callers = new LinkedHashMap<>();
  private String imageId;

  @Override
  Map<String, String> overrides() {
    return Map.of("GLIMPSE_DEFAULT__IMAGE_MEMBER_QUOTA", "8",
        "GLIMPSE_DEFAULT__MEMBER_EXPIRY_SWEEP_INTERVAL", "1");
  }

  private Client caller(String name) {
    return callers.get(name);
  }

  @Override
  void prepare() {
    callers.put("trusting", server.as("projTrusting", "member,reader"));
    callers.put("expired", server.as("projExpired", "member,reader"));
    callers.put("domain-pending", server.as("projDomPending", "member,reader").inDomain(DOMAIN));
    callers.put("domain-accepted", server.as("projDomAccepted", "member,reader").inDomain(DOMAIN));
    callers.put("outside", server.as("projOutside", "member,reader").inDomain("domB"));
    callers.put("plain-pending", server.as("projPlain", "member,reader"));

    expect(caller("trusting").put("/v2/glimpse/projects/projTrusting/trusted-producers/" + Actor.OWNER.project), 200);
    imageId = sharedImage("shared");
    Instant soon = Instant.now().plusSeconds(2);
    expect(as(Actor.OWNER).postJson(members(imageId), "{\"member\":\"projTrusting\"}"), 200);
    expect(as(Actor.OWNER).postJson(members(imageId), "{\"member\":\"projPlain\"}"), 200);
    Response expiring = expect(as(Actor.OWNER).postJson(members(imageId),
        "{\"member\":\"projExpired\",\"expires_at\":\"" + soon + "\"}"), 200);
    assertThat(expiring.json().get("expires_at").asText()).isNotEmpty();
    expect(caller("expired").putJson(members(imageId) + "/projExpired", "{\"status\":\"accepted\"}"), 200);
    assertThat(listed(caller("expired"), "")).as("before its expiry").contains(imageId);
    expect(as(Actor.OWNER).postJson(domains(imageId), "{\"domain_id\":\"" + DOMAIN + "\"}"), 200);
    expect(caller("domain-accepted").putJson(members(imageId) + "/projDomAccepted", "{\"status\":\"accepted\"}"), 200);
    while (Instant.now().isBefore(soon.plusMillis(200))) {
      pause(100);
    }
  }

  static String domains(String imageId) {
    return "/v2/glimpse/images/" + imageId + "/domains";
  }

  /** caller, GET image, GET its own member, listed by default, listed as pending, download, in its inbox */
  static Stream<Arguments> matrix() {
    return Stream.of(
        Arguments.of("trusting", 200, 200, true, false, 200, true),
        Arguments.of("expired", 404, 404, false, false, 404, false),
        Arguments.of("domain-pending", 200, 200, false, true, 200, true),
        Arguments.of("domain-accepted", 200, 200, true, false, 200, true),
        Arguments.of("outside", 404, 404, false, false, 404, false),
        Arguments.of("plain-pending", 200, 200, false, true, 200, true));
  }

  @ParameterizedTest(name = "{0}: show {1}, member {2}, listed {3}, pending {4}, download {5}, inbox {6}")
  @MethodSource("org.glimpse.ft.sharing.SharingExtensionsSuite#matrix")
  void eachCallerSeesWhatItsShareGives(String name, int show, int member, boolean listed,
      boolean listedPending, int download, boolean inInbox) {
    Client c = caller(name);
    String project = c.identity().get("X-Project-Id");
    assertThat(c.get("/v2/images/" + imageId).status()).as("show").isEqualTo(show);
    Response m = c.get(members(imageId) + "/" + project);
    assertThat(m.status()).as("member %s", m).isEqualTo(member);
    assertThat(listed(c, "").contains(imageId)).as("default listing").isEqualTo(listed);
    assertThat(listed(c, "&member_status=pending").contains(imageId)).as("pending listing").isEqualTo(listedPending);
    assertThat(c.get("/v2/images/" + imageId + "/file").status()).as("download").isEqualTo(download);
    JsonNode inbox = expect(c.get("/v2/glimpse/inbox"), 200).json();
    List<String> ids = new ArrayList<>();
    inbox.get("shares").forEach(e -> ids.add(e.get("image_id").asText()));
    assertThat(ids.contains(imageId)).as("inbox %s", inbox).isEqualTo(inInbox);
    if (member == 200) {
      assertThat(m.json().get("status").asText()).isEqualTo(listed ? "accepted" : "pending");
    }
  }

  @Test
  void theOwnerSeesProjectMembersAndDomainSharesApartAndNoRowsPerDomainProject() throws Exception {
    JsonNode list = expect(as(Actor.OWNER).get(members(imageId)), 200).json();
    List<String> ids = new ArrayList<>();
    list.get("members").forEach(m -> ids.add(m.get("member_id").asText()));
    assertThat(ids).contains("projTrusting", "projPlain").doesNotContain("projExpired", "projDomPending");
    JsonNode shares = expect(as(Actor.OWNER).get(domains(imageId)), 200).json();
    assertThat(shares.get("domains")).hasSize(1);
    assertThat(shares.get("domains").get(0).get("domain_id").asText()).isEqualTo(DOMAIN);
    expect(as(Actor.STRANGER).get(domains(imageId)), 404);
    try (var db = server.openDatabase(); var rs = db.createStatement().executeQuery(
        "SELECT member FROM image_domain_answers WHERE image_id = '" + imageId + "'")) {
      List<String> answered = new ArrayList<>();
      while (rs.next()) {
        answered.add(rs.getString(1));
      }
      assertThat(answered).containsExactly("projDomAccepted");
    }
  }

  @Test
  void theExpiredMembershipIsSweptAndAMemberOfTheOwnerSetsExpiryOnlyInTheFuture() throws Exception {
    for (int i = 0; i < 50 && !deleted(imageId, "projExpired"); i++) {
      pause(100);
    }
    assertThat(deleted(imageId, "projExpired")).as("swept").isTrue();
    expect(as(Actor.OWNER).putJson(members(imageId) + "/projPlain", "{\"expires_at\":\"2001-01-01T00:00:00Z\"}"), 400);
    Response set = expect(as(Actor.OWNER).putJson(members(imageId) + "/projPlain",
        "{\"expires_at\":\"2999-01-01T00:00:00Z\"}"), 200);
    assertThat(set.json().get("expires_at").asText()).isEqualTo("2999-01-01T00:00:00Z");
    assertThat(set.json().get("status").asText()).isEqualTo("pending");
    expect(caller("plain-pending").putJson(members(imageId) + "/projPlain",
        "{\"expires_at\":\"2999-06-01T00:00:00Z\"}"), 403);
    Response cleared = expect(as(Actor.OWNER).putJson(members(imageId) + "/projPlain", "{\"expires_at\":null}"), 200);
    assertThat(cleared.json().has("expires_at")).isFalse();
    expect(as(Actor.OWNER).putJson(members(imageId) + "/projPlain", "{\"expires_at\":\"soon\"}"), 400);
  }

  private boolean deleted(String image, String member) throws Exception {
    try (var db = server.openDatabase(); var rs = db.createStatement().executeQuery(
        "SELECT deleted FROM image_members WHERE image_id = '" + image + "' AND member = '" + member + "'")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  @Test
  void aProducerCannotTrustItselfIntoAConsumersListing() {
    Client owner = as(Actor.OWNER);
    expect(owner.put("/v2/glimpse/projects/projVictim/trusted-producers/" + Actor.OWNER.project), 403);
    expect(owner.get("/v2/glimpse/projects/projVictim/trusted-producers"), 403);
    String id = sharedImage("shared");
    expect(owner.postJson(members(id), "{\"member\":\"projVictim\"}"), 200);
    Client victim = server.as("projVictim", "member,reader");
    assertThat(listed(victim, "")).doesNotContain(id);
    assertThat(expect(victim.get(members(id) + "/projVictim"), 200).json().get("status").asText()).isEqualTo("pending");
    // an admin may manage a consumer's list for it
    expect(as(Actor.ADMIN).put("/v2/glimpse/projects/projVictim/trusted-producers/someone"), 200);
    JsonNode trusted = expect(victim.get("/v2/glimpse/projects/projVictim/trusted-producers"), 200).json();
    assertThat(trusted.get("trusted_producers").get(0).get("producer").asText()).isEqualTo("someone");
    expect(victim.delete("/v2/glimpse/projects/projVictim/trusted-producers/someone"), 204);
    expect(victim.delete("/v2/glimpse/projects/projVictim/trusted-producers/someone"), 404);
  }

  @Test
  void listingWalksWithDomainSharesMixedInHoldEveryImageOnce() {
    String tag = "walk-" + System.nanoTime();
    Client viewer = server.as("projWalker", "member,reader").inDomain("domWalk");
    Client producer = server.as("projWalkProducer", "member,reader");
    List<String> accepted = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String id = producer.createImage("{\"name\":\"walk" + i + "\",\"visibility\":\"shared\",\"tags\":[\"" + tag + "\"]}");
      switch (i % 3) {
        case 0 -> expect(producer.postJson(domains(id), "{\"domain_id\":\"domWalk\"}"), 200);
        case 1 -> expect(producer.postJson(members(id), "{\"member\":\"projWalker\"}"), 200);
        default -> {
          expect(producer.postJson(domains(id), "{\"domain_id\":\"domWalk\"}"), 200);
          expect(producer.postJson(members(id), "{\"member\":\"projWalker\"}"), 200);
        }
      }
      if (i % 2 == 0) {
        expect(viewer.putJson(members(id) + "/projWalker", "{\"status\":\"accepted\"}"), 200);
        accepted.add(id);
      }
      all.add(id);
    }
    Collections.reverse(accepted);
    Collections.reverse(all);
    assertThat(walk(viewer, "tag=" + tag)).containsExactlyElementsOf(accepted);
    assertThat(walk(viewer, "tag=" + tag + "&member_status=all")).containsExactlyElementsOf(all);
    assertThat(walk(server.as("projOtherDomain", "member,reader").inDomain("domOther"), "tag=" + tag
        + "&member_status=all")).isEmpty();
  }

  @Test
  void batchesShareAnswerAndRemoveAllOrNothing() {
    Client owner = as(Actor.OWNER);
    List<String> images = List.of(sharedImage("shared"), sharedImage("shared"));
    String imgs = "[\"" + images.get(0) + "\",\"" + images.get(1) + "\"]";
    // each image has 3 members already; the quota is 8: five more fit, six do not
    Response tooMany = owner.postJson("/v1/cloudimages/members", "{\"images\":" + imgs
        + ",\"projects\":[\"b1\",\"b2\",\"b3\",\"b4\",\"b5\",\"b6\"]}");
    assertThat(tooMany.status()).as("%s", tooMany).isEqualTo(413);
    assertThat(count(owner, images.get(0))).isEqualTo(3);
    Response notMine = as(Actor.STRANGER).postJson("/v1/cloudimages/members", "{\"images\":" + imgs
        + ",\"projects\":[\"b1\"]}");
    assertThat(notMine.status()).isEqualTo(404);
    Response added = expect(owner.postJson("/v1/cloudimages/members", "{\"images\":" + imgs
        + ",\"projects\":[\"b1\",\"b2\",\"" + Actor.PENDING.project + "\"],\"domains\":[\"domBatch\"]}"), 200);
    assertThat(added.json().get("members")).hasSize(4);
    assertThat(added.json().get("existing_members")).hasSize(2);
    assertThat(added.json().get("domains")).hasSize(2);
    assertThat(count(owner, images.get(1))).isEqualTo(5);

    Client b1 = server.as("b1", "member,reader");
    expect(b1.putJson("/v1/cloudimages/members", "{\"images\":" + imgs + ",\"project_id\":\"b2\",\"status\":\"accepted\"}"), 403);
    Response answered = expect(b1.putJson("/v1/cloudimages/members", "{\"images\":" + imgs
        + ",\"project_id\":\"b1\",\"status\":\"accepted\"}"), 200);
    assertThat(answered.json().get("members")).hasSize(2);
    assertThat(listed(b1, "")).contains(images.get(0), images.get(1));
    Client domainProject = server.as("projInBatchDomain", "member,reader").inDomain("domBatch");
    expect(domainProject.putJson("/v1/cloudimages/members", "{\"images\":" + imgs
        + ",\"project_id\":\"projInBatchDomain\",\"status\":\"rejected\"}"), 200);
    assertThat(listed(domainProject, "&member_status=rejected")).contains(images.get(0), images.get(1));
    expect(b1.putJson("/v1/cloudimages/members", "{\"images\":" + imgs + ",\"project_id\":\"b1\",\"status\":\"maybe\"}"), 400);

    expect(owner.deleteJson("/v1/cloudimages/members", "{\"images\":" + imgs + ",\"projects\":[\"b1\",\"nobody\"]}"), 404);
    assertThat(listed(b1, "")).contains(images.get(0));
    expect(owner.deleteJson("/v1/cloudimages/members", "{\"images\":" + imgs
        + ",\"projects\":[\"b1\"],\"domains\":[\"domBatch\"]}"), 204);
    assertThat(listed(b1, "")).doesNotContain(images.get(0), images.get(1));
    assertThat(listed(domainProject, "&member_status=all")).doesNotContain(images.get(0), images.get(1));
    expect(owner.postJson("/v1/cloudimages/members", "{\"images\":[],\"projects\":[\"b1\"]}"), 400);
    expect(owner.postJson("/v1/cloudimages/members", "{\"images\":" + imgs + "}"), 400);
    expect(as(Actor.ANONYMOUS).postJson("/v1/cloudimages/members", "{\"images\":" + imgs + ",\"projects\":[\"b1\"]}"), 401);
  }

  @Test
  void theInboxPagesWithCountsPerStatus() {
    Client producer = server.as("projInboxProducer", "member,reader");
    Client me = server.as("projInbox", "member,reader").inDomain("domInbox");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = producer.createImage("{\"name\":\"inbox" + i + "\",\"visibility\":\"shared\"}");
      expect(producer.postJson(i % 2 == 0 ? members(id) : domains(id),
          i % 2 == 0 ? "{\"member\":\"projInbox\"}" : "{\"domain_id\":\"domInbox\"}"), 200);
      expected.add(id);
    }
    expect(me.putJson(members(expected.get(1)) + "/projInbox", "{\"status\":\"rejected\"}"), 200);
    List<String> walked = new ArrayList<>();
    String next = "/v2/glimpse/inbox?limit=2";
    JsonNode page = null;
    for (int pages = 0; next != null && pages < 10; pages++) {
      page = expect(me.get(next), 200).json();
      page.get("shares").forEach(e -> walked.add(e.get("image_id").asText()));
      next = page.has("next") ? page.get("next").asText() : null;
    }
    assertThat(walked).containsExactlyElementsOf(expected);
    assertThat(page.get("counts").get("pending").asInt()).isEqualTo(4);
    assertThat(page.get("counts").get("rejected").asInt()).isEqualTo(1);
    JsonNode rejected = expect(me.get("/v2/glimpse/inbox?status=rejected"), 200).json();
    assertThat(rejected.get("shares")).hasSize(1);
    assertThat(rejected.get("shares").get(0).get("via").asText()).isEqualTo("domain");
    assertThat(rejected.get("shares").get(0).get("owner").asText()).isEqualTo("projInboxProducer");
    expect(me.get("/v2/glimpse/inbox?status=maybe"), 400);
    expect(me.get("/v2/glimpse/inbox?limit=0"), 400);
    expect(me.get("/v2/glimpse/inbox?marker=not-in-inbox"), 400);
  }

  @Test
  void theExtensionIsListedWithItsSchemas() {
    JsonNode info = expect(as(Actor.STRANGER).get("/v2/glimpse/info"), 200).json();
    JsonNode ext = info.get("extensions").get(0);
    assertThat(ext.get("alias").asText()).isEqualTo("glimpse-sharing");
    assertThat(ext.get("features").get("image_member_quota").asInt()).isEqualTo(8);
    for (JsonNode schema : ext.get("schemas")) {
      assertThat(expect(as(Actor.STRANGER).get(schema.asText()), 200).json().get("name").asText())
          .isEqualTo(schema.asText().substring(schema.asText().lastIndexOf('/') + 1));
    }
    expect(as(Actor.STRANGER).get("/v2/glimpse/schemas/nothing"), 404);
  }

  private static int count(Client owner, String imageId) {
    return expect(owner.get(members(imageId)), 200).json().get("members").size();
  }

  /** Ids of the images a default listing (plus {@code extra}) shows, walking every page. */
  private static List<String> listed(Client c, String extra) {
    return walk(c, extra.startsWith("&") ? extra.substring(1) : extra);
  }

  /** Every image id of a listing, two a page, following next links. */
  static List<String> walk(Client c, String query) {
    List<String> ids = new ArrayList<>();
    String next = "/v2/images?limit=2" + (query.isEmpty() ? "" : "&" + query);
    for (int pages = 0; next != null; pages++) {
      assertThat(pages).isLessThan(200);
      JsonNode page = expect(c.get(next), 200).json();
      page.get("images").forEach(i -> ids.add(i.get("id").asText()));
      next = page.has("next") ? page.get("next").asText() : null;
    }
    assertThat(ids).as("listed twice").doesNotHaveDuplicates();
    return ids;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
