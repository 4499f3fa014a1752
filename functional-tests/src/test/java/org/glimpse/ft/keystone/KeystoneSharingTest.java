package org.glimpse.ft.keystone;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The sharing extensions behind the real Keystone (scripts/keystone-up.sh): with
 * validate_member_project, members, domains and producers Keystone does not know are refused;
 * a domain share reaches a project of that domain as its token tells it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeystoneSharingTest {
  private Keystone keystone;
  private GlimpseTestServer server;
  private Keystone.User producer;
  private Keystone.User consumer;
  private String consumerProject;

  @BeforeAll
  void start() {
    keystone = Keystone.require();
    String producerProject = keystone.project("glimpse-share-p");
    consumerProject = keystone.project("glimpse-share-c");
    producer = keystone.user("sharer", producerProject, "member", "reader");
    consumer = keystone.user("consumer", consumerProject, "member", "reader");
    Map<String, String> settings = new HashMap<>(keystone.glimpseSettings());
    settings.put("GLIMPSE_DEFAULT__VALIDATE_MEMBER_PROJECT", "true");
    server = GlimpseTestServer.start(null, settings);
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

  @Test
  void membersKeystoneDoesNotKnowAreRefusedAndKnownOnesShared() {
    Client owner = as(producer);
    String image = owner.createImage("{\"name\": \"checked\", \"visibility\": \"shared\"}");
    Response unknown = owner.postJson("/v2/images/" + image + "/members", "{\"member\": \"no-such-project\"}");
    assertThat(unknown.status()).as("%s", unknown).isEqualTo(400);
    assertThat(unknown.body()).contains("no-such-project");
    Response known = owner.postJson("/v2/images/" + image + "/members", "{\"member\": \"" + consumerProject + "\"}");
    assertThat(known.status()).as("%s", known).isEqualTo(200);
    Response batch = owner.postJson("/v1/cloudimages/members", "{\"images\": [\"" + image
        + "\"], \"projects\": [\"nobody-at-all\"]}");
    assertThat(batch.status()).as("%s", batch).isEqualTo(400);
    Response domain = owner.postJson("/v2/glimpse/images/" + image + "/domains", "{\"domain_id\": \"no-such-domain\"}");
    assertThat(domain.status()).as("%s", domain).isEqualTo(400);
    Response trust = as(consumer).put("/v2/glimpse/projects/" + consumerProject + "/trusted-producers/not-a-project");
    assertThat(trust.status()).as("%s", trust).isEqualTo(400);
  }

  @Test
  void aDomainShareReachesProjectsOfTheDomainTheirTokensName() {
    Client owner = as(producer);
    String image = owner.createImage("{\"name\": \"for-the-domain\", \"visibility\": \"shared\"}");
    Response shared = owner.postJson("/v2/glimpse/images/" + image + "/domains", "{\"domain_id\": \"default\"}");
    assertThat(shared.status()).as("%s", shared).isEqualTo(200);
    Client me = as(consumer);
    assertThat(me.get("/v2/images/" + image).status()).isEqualTo(200);
    Response member = me.get("/v2/images/" + image + "/members/" + consumerProject);
    assertThat(member.status()).as("%s", member).isEqualTo(200);
    assertThat(member.json().get("status").asText()).isEqualTo("pending");
    assertThat(me.putJson("/v2/images/" + image + "/members/" + consumerProject,
        "{\"status\": \"accepted\"}").status()).isEqualTo(200);
    assertThat(me.get("/v2/images?limit=100").body()).contains(image);
  }
}
