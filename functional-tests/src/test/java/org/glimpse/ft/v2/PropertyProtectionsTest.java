package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.glimpse.server.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property protections through v2, as Glance applies them: create and PATCH refuse what the
 * caller may not create, update or delete (403 "Attribute '<name>' is reserved."), a property the
 * caller may not read is left out of every image shown and does not exist for its PATCH, and
 * admins get no exemption. One server reads a roles file, another a policies file.
 */
class PropertyProtectionsTest {
  static final String ROLES_FILE = String.join("\n",
      "[^x_owner_.*]", "create = admin,member", "read = admin,member", "update = admin,member", "delete = admin,member",
      "[x_none_read]", "create = admin,member", "read = !", "update = !", "delete = !",
      "[x_none_update]", "create = admin,member", "read = admin,member", "update = !", "delete = admin,member",
      "[x_none_delete]", "create = admin,member", "read = admin,member", "update = admin,member", "delete = !",
      "[^x_audit_]", "create = admin,member", "read = auditor", "update = auditor", "delete = auditor", "");
  static final String POLICIES_FILE = String.join("\n",
      "[spl_creator_policy]", "create = glance_creator", "read = glance_creator", "update = context_is_admin",
      "delete = context_is_admin",
      "[^x_all_permitted.*]", "create = @", "read = @", "update = @", "delete = @",
      "[x_none_read]", "create = context_is_admin", "read = !", "update = !", "delete = !",
      "[.*]", "create = context_is_admin", "read = context_is_admin", "update = context_is_admin",
      "delete = context_is_admin", "");

  static Path dir;
  static GlimpseTestServer roles;
  static GlimpseTestServer policies;

  final String project = "pp-" + UUID.randomUUID().toString().substring(0, 8);
  final Client member = roles.as(project, "member,reader");
  final Client auditor = roles.as(project, "auditor");
  final Client admin = roles.as(project + "-adm", "admin");

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("glimpse-pp-v2-");
    roles = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__PROPERTY_PROTECTION_FILE", write("roles.conf", ROLES_FILE)));
    policies = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__PROPERTY_PROTECTION_FILE", write("policies.conf", POLICIES_FILE),
        "GLIMPSE_DEFAULT__PROPERTY_PROTECTION_RULE_FORMAT", "policies",
        "GLIMPSE_OSLO_POLICY__POLICY_FILE", write("policy.yaml", "glance_creator: \"role:admin or role:spl_role\"\n")));
  }

  @AfterAll
  static void stop() throws IOException {
    roles.close();
    policies.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  private static Response patch(Client caller, String id, String op, String property, String value) {
    String change = "{\"op\":\"" + op + "\",\"path\":\"/" + property + "\""
        + (value == null ? "" : ",\"value\":\"" + value + "\"") + "}";
    return caller.patch("/v2/images/" + id, "[" + change + "]");
  }

  private static JsonNode show(Client caller, String id) {
    return caller.get("/v2/images/" + id).assertStatus(200).json();
  }

  private static JsonNode listed(Client caller, String id) {
    for (JsonNode image : caller.get("/v2/images?limit=1000").assertStatus(200).json().get("images")) {
      if (image.get("id").asText().equals(id)) {
        return image;
      }
    }
    throw new AssertionError("image " + id + " not listed");
  }

  @Test
  void createNeedsCreatePermissionForEveryProperty() {
    member.postJson("/v2/images", "{\"name\":\"p\",\"foo\":\"bar\"}").assertError(403, "Attribute 'foo' is reserved.");
    member.postJson("/v2/images", "{\"name\":\"p\",\"x_owner_a\":\"1\",\"x_none_permitted\":\"2\"}")
        .assertError(403, "Attribute 'x_none_permitted' is reserved.");
    Response ok = member.postJson("/v2/images", "{\"name\":\"p\",\"x_owner_a\":\"1\"}").assertStatus(201);
    assertThat(ok.json().get("x_owner_a").asText()).isEqualTo("1");
  }

  @Test
  void adminsAreNotExempt() {
    admin.postJson("/v2/images", "{\"name\":\"p\",\"foo\":\"bar\"}").assertError(403, "Attribute 'foo' is reserved.");
    String id = admin.createImage("{\"name\":\"p\",\"x_none_update\":\"v\"}");
    patch(admin, id, "add", "foo", "bar").assertError(403, "Attribute 'foo' is reserved.");
    patch(admin, id, "replace", "x_none_update", "w").assertError(403, "Attribute 'x_none_update' is reserved.");
  }

  @Test
  void unreadablePropertiesAreLeftOutOfEveryImageShown() {
    Response created = member.postJson("/v2/images",
        "{\"name\":\"p\",\"x_owner_a\":\"1\",\"x_audit_note\":\"n\",\"x_none_read\":\"s\"}").assertStatus(201);
    String id = created.json().get("id").asText();
    assertThat(created.json().has("x_audit_note")).isFalse();
    assertThat(created.json().has("x_none_read")).isFalse();
    assertThat(created.json().get("x_owner_a").asText()).isEqualTo("1");
    assertThat(show(member, id).has("x_audit_note")).isFalse();
    assertThat(listed(member, id).has("x_audit_note")).isFalse();
    assertThat(listed(member, id).get("x_owner_a").asText()).isEqualTo("1");
    Response patched = patch(member, id, "replace", "name", "q").assertStatus(200);
    assertThat(patched.json().has("x_audit_note")).isFalse();

    // the member's PATCH kept what it could not read
    JsonNode audited = show(auditor, id);
    assertThat(audited.get("x_audit_note").asText()).isEqualTo("n");
    assertThat(audited.has("x_owner_a")).isFalse();
    assertThat(audited.has("x_none_read")).isFalse();
    assertThat(listed(auditor, id).get("x_audit_note").asText()).isEqualTo("n");
  }

  @Test
  void replaceNeedsUpdatePermission() {
    String id = member.createImage("{\"name\":\"p\",\"x_owner_a\":\"1\",\"x_none_update\":\"v\"}");
    patch(member, id, "replace", "x_none_update", "w").assertError(403, "Attribute 'x_none_update' is reserved.");
    assertThat(patch(member, id, "replace", "x_owner_a", "2").assertStatus(200).json().get("x_owner_a").asText())
        .isEqualTo("2");
    assertThat(show(member, id).get("x_none_update").asText()).isEqualTo("v");
  }

  @Test
  void addNeedsCreateForANewPropertyAndUpdateForAnExistingOne() {
    String id = member.createImage("{\"name\":\"p\",\"x_owner_a\":\"1\",\"x_none_update\":\"v\"}");
    patch(member, id, "add", "foo", "bar").assertError(403, "Attribute 'foo' is reserved.");
    patch(member, id, "add", "x_none_update", "w").assertError(403, "Attribute 'x_none_update' is reserved.");
    patch(member, id, "add", "x_owner_b", "2").assertStatus(200);
    JsonNode image = patch(member, id, "add", "x_owner_a", "9").assertStatus(200).json();
    assertThat(image.get("x_owner_a").asText()).isEqualTo("9");
    assertThat(image.get("x_owner_b").asText()).isEqualTo("2");
  }

  @Test
  void removeNeedsDeletePermission() {
    String id = member.createImage("{\"name\":\"p\",\"x_owner_a\":\"1\",\"x_none_delete\":\"v\"}");
    patch(member, id, "remove", "x_none_delete", null).assertError(403, "Attribute 'x_none_delete' is reserved.");
    assertThat(patch(member, id, "remove", "x_owner_a", null).assertStatus(200).json().has("x_owner_a")).isFalse();
    assertThat(show(member, id).get("x_none_delete").asText()).isEqualTo("v");
  }

  @Test
  void aPropertyTheCallerMayNotReadDoesNotExistForItsPatch() {
    String id = member.createImage("{\"name\":\"p\",\"x_audit_note\":\"n\"}");
    patch(member, id, "replace", "x_audit_note", "m").assertError(409, "Property x_audit_note does not exist.");
    patch(member, id, "remove", "x_audit_note", null).assertError(409, "Property x_audit_note does not exist.");
    assertThat(show(auditor, id).get("x_audit_note").asText()).isEqualTo("n");
    // the auditor reads, updates and deletes it
    patch(auditor, id, "replace", "x_audit_note", "m").assertStatus(200);
    assertThat(show(auditor, id).get("x_audit_note").asText()).isEqualTo("m");
    assertThat(patch(auditor, id, "remove", "x_audit_note", null).assertStatus(200).json().has("x_audit_note")).isFalse();
  }

  @Test
  void policiesNameRulesOfThePolicy() {
    Client plain = policies.as(project, "member");
    Client spl = policies.as(project, "member,spl_role");
    Client padmin = policies.as(project + "-adm", "admin");

    plain.postJson("/v2/images", "{\"name\":\"p\",\"foo\":\"bar\"}").assertError(403, "Attribute 'foo' is reserved.");
    plain.postJson("/v2/images", "{\"name\":\"p\",\"spl_creator_policy\":\"v\"}")
        .assertError(403, "Attribute 'spl_creator_policy' is reserved.");
    String open = plain.createImage("{\"name\":\"p\",\"x_all_permitted_1\":\"v\"}");
    assertThat(show(plain, open).get("x_all_permitted_1").asText()).isEqualTo("v");

    String id = spl.createImage("{\"name\":\"p\",\"spl_creator_policy\":\"v\"}");
    assertThat(show(spl, id).get("spl_creator_policy").asText()).isEqualTo("v");
    assertThat(show(plain, id).has("spl_creator_policy")).isFalse();
    patch(spl, id, "replace", "spl_creator_policy", "w").assertError(403, "Attribute 'spl_creator_policy' is reserved.");

    String pub = padmin.createImage("{\"name\":\"p\",\"visibility\":\"public\",\"foo\":\"bar\",\"x_none_read\":\"s\"}");
    JsonNode asAdmin = show(padmin, pub);
    assertThat(asAdmin.get("foo").asText()).isEqualTo("bar");
    assertThat(asAdmin.has("x_none_read")).isFalse();
    assertThat(show(plain, pub).has("foo")).isFalse();
    patch(padmin, pub, "replace", "foo", "baz").assertStatus(200);
  }

  @Test
  void anInvalidFileStopsTheServerNamingFileSectionAndKey() throws IOException {
    String file = write("broken.conf", "[^x_.*]\ncreate = @\nread = @\nupdate = @\n");
    assertThatThrownBy(() -> GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__PROPERTY_PROTECTION_FILE", file)).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("property_protection_file " + file)
        .hasMessageContaining("[^x_.*] has no 'delete' key");
    String both = write("both.conf", "[a]\ncreate = @,!\nread = @\nupdate = @\ndelete = @\n");
    assertThatThrownBy(() -> GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__PROPERTY_PROTECTION_FILE", both)).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[a] create = @,!");
    assertThatThrownBy(() -> GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__PROPERTY_PROTECTION_FILE", file,
        "GLIMPSE_DEFAULT__PROPERTY_PROTECTION_RULE_FORMAT", "Roles")).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("property_protection_rule_format");
  }
}
