package org.glimpse.ft.metadefs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.PolicyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what with the catalog, under Glance's legacy defaults (Glimpse's default with
 * noauth), its secure-RBAC defaults (enforce_new_defaults, and the same rules from
 * etc/policy-secure-rbac.yaml) and an operator's override.
 */
class MetadefPolicyTest {
  private static final String NS = "/v2/metadefs/namespaces";

  /** Namespaces of project projC: one public, one private; and one private of projB. */
  private static void seed(GlimpseTestServer server) {
    Client admin = server.as("projAdmin", "admin");
    admin.postJson(NS, "{\"namespace\": \"pol::public\", \"visibility\": \"public\", \"owner\": \"projC\"}")
        .assertStatus(201);
    admin.postJson(NS, "{\"namespace\": \"pol::private\", \"owner\": \"projC\"}").assertStatus(201);
    admin.postJson(NS, "{\"namespace\": \"pol::mine\", \"owner\": \"projB\"}").assertStatus(201);
  }

  @Test
  void legacyDefaultsLetAnyoneReadWhatTheySeeAndOnlyAdminsChange() {
    try (GlimpseTestServer server = GlimpseTestServer.start(null, Map.of())) {
      seed(server);
      Client owner = server.as("projB", "member");
      owner.postJson(NS, "{\"namespace\": \"pol::new\"}").assertError(403, "add_metadef_namespace");
      // no reader role needed under the legacy rules
      owner.get(NS + "/pol::mine").assertStatus(200);
      owner.get(NS + "/pol::public/objects").assertStatus(200);
      owner.get(NS + "/pol::private").assertStatus(404);
      // the owner of a namespace is no admin: 403 on it, 404 on one it cannot see
      owner.putJson(NS + "/pol::mine", "{\"namespace\": \"pol::mine\"}").assertError(403, "modify_metadef_namespace");
      owner.post(NS + "/pol::mine/tags/t").assertError(403, "add_metadef_tag");
      owner.delete(NS + "/pol::mine/properties").assertStatus(403);
      owner.post(NS + "/pol::private/tags/t").assertStatus(404);
      assertThat(owner.get(NS).assertStatus(200).json().path("namespaces")).hasSize(2);
    }
  }

  @Test
  void secureRbacDefaultsAskForTheReaderRole() {
    try (GlimpseTestServer server = GlimpseTestServer.start(null,
        Map.of("GLIMPSE_OSLO_POLICY__ENFORCE_NEW_DEFAULTS", "true"))) {
      seed(server);
      assertSecureRbac(server);
    }
  }

  @Test
  void theSampleSecureRbacPolicyFileHasTheSameMetadefRules() {
    try (GlimpseTestServer server = GlimpseTestServer.start(null,
        Map.of("GLIMPSE_OSLO_POLICY__POLICY_FILE", PolicyFiles.secureRbac().toString()))) {
      seed(server);
      assertSecureRbac(server);
    }
  }

  private static void assertSecureRbac(GlimpseTestServer server) {
    Client memberOnly = server.as("projB", "member");
    memberOnly.get(NS).assertError(403, "get_metadef_namespaces");
    memberOnly.get(NS + "/pol::mine").assertStatus(404);
    memberOnly.get("/v2/metadefs/resource_types").assertStatus(403);
    Client reader = server.as("projB", "reader");
    reader.get(NS + "/pol::mine").assertStatus(200);
    reader.get(NS + "/pol::public/tags").assertStatus(200);
    reader.get(NS + "/pol::private").assertStatus(404);
    reader.delete(NS + "/pol::public").assertStatus(403);
    assertThat(reader.get(NS).assertStatus(200).json().path("namespaces")).hasSize(2);
    server.as("projAdmin", "admin").postJson(NS, "{\"namespace\": \"pol::admins\"}").assertStatus(201);
  }

  @Test
  void anOperatorsPolicyFileOverridesTheMetadefRules(@TempDir Path dir) throws IOException {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "\"add_metadef_namespace\": \"role:member\"\n"
        + "\"get_metadef_tags\": \"!\"\n");
    try (GlimpseTestServer server = GlimpseTestServer.start(null,
        Map.of("GLIMPSE_OSLO_POLICY__POLICY_FILE", policy.toString()))) {
      Client member = server.as("projB", "member");
      member.postJson(NS, "{\"namespace\": \"pol::byMember\"}").assertStatus(201);
      member.get(NS + "/pol::byMember/objects").assertStatus(200);
      member.get(NS + "/pol::byMember/tags").assertError(403, "get_metadef_tags");
      // as in Glance, showing a namespace needs the right to read each kind of its content
      member.get(NS + "/pol::byMember").assertError(403, "get_metadef_tags");
    }
  }
}
