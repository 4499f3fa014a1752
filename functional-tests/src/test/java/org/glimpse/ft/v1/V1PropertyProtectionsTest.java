package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property protections through v1 (spec §10, scenario 73): the roles file of Glance's tests (its
 * {@code [^x_owner_.*]} and {@code [x_none_*]} sections, no catch-all) plus a section readable
 * only by an "auditor" role.
 */
class V1PropertyProtectionsTest {
  static final String FILE = String.join("\n",
      "[^x_owner_.*]", "create = admin,member", "read = admin,member", "update = admin,member", "delete = admin,member",
      "[x_none_read]", "create = admin,member", "read = !", "update = !", "delete = !",
      "[x_none_update]", "create = admin,member", "read = admin,member", "update = !", "delete = admin,member",
      "[x_none_delete]", "create = admin,member", "read = admin,member", "update = admin,member", "delete = !",
      "[^x_audit_]", "create = admin,member", "read = auditor", "update = auditor", "delete = auditor", "");

  static Path dir;
  static GlimpseTestServer server;
  V1Client member;
  V1Client auditor;
  V1Client admin;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("glimpse-pp-v1-");
    Path file = dir.resolve("property-protections.conf");
    Files.writeString(file, FILE);
    server = GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__PROPERTY_PROTECTION_FILE", file.toString()));
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    Files.deleteIfExists(dir.resolve("property-protections.conf"));
    Files.deleteIfExists(dir);
  }

  V1PropertyProtectionsTest() {
    String project = "pp-" + UUID.randomUUID().toString().substring(0, 8);
    member = new V1Client(server.as(project, "member"), project);
    auditor = new V1Client(server.as(project, "auditor"), project);
    admin = new V1Client(server.as(project, "admin"), project);
  }

  private static String prop(String name) {
    return "x-image-meta-property-" + name;
  }

  private static JsonNode properties(Response r) {
    return V1Client.image(r).get("properties");
  }

  @Test
  void scenario73() {
    member.create(prop("foo"), "bar").assertError(403, "Property 'foo' is protected");
    Response created = member.create(prop("x_owner_foo"), "o").assertStatus(201);
    assertThat(properties(created).get("x_owner_foo").asText()).isEqualTo("o");

    String id = V1Client.idOf(admin.create(prop("x_none_read"), "secret"), 201);
    Response head = admin.head(id).assertStatus(200);
    assertThat(head.header(prop("x_none_read"))).isNull();
    assertThat(head.header("x-image-meta-id")).isEqualTo(id);
  }

  @Test
  void adminsAreNotExempt() {
    admin.create(prop("foo"), "bar").assertError(403, "Property 'foo' is protected");
    String id = admin.reserve();
    admin.update(id, prop("foo"), "bar").assertError(403, "Property 'foo' is protected");
  }

  @Test
  void addingAPropertyOnUpdateNeedsCreate() {
    String id = member.reserve(prop("x_owner_a"), "1");
    member.update(id, prop("x_owner_a"), "1", prop("foo"), "2").assertError(403, "Property 'foo' is protected");
    Response ok = member.update(id, prop("x_owner_a"), "1", prop("x_owner_b"), "2").assertStatus(200);
    assertThat(properties(ok).get("x_owner_b").asText()).isEqualTo("2");
  }

  @Test
  void namingAnUnreadablePropertyIsRefusedEvenUnchanged() {
    String id = member.reserve(prop("x_none_read"), "v");
    member.update(id, prop("x_none_read"), "v").assertError(403, "Property 'x_none_read' is protected");
    member.update(id, prop("x_none_read"), "w", "x-glance-registry-purge-props", "false")
        .assertError(403, "Property 'x_none_read' is protected");
  }

  @Test
  void anUnchangedValueNeedsOnlyRead() {
    String id = member.reserve(prop("x_none_update"), "v");
    Response same = member.update(id, prop("x_none_update"), "v", "x-image-meta-name", "renamed").assertStatus(200);
    assertThat(properties(same).get("x_none_update").asText()).isEqualTo("v");
    assertThat(V1Client.image(same).get("name").asText()).isEqualTo("renamed");
    member.update(id, prop("x_none_update"), "w").assertError(403, "Property 'x_none_update' is protected");
    assertThat(member.head(id).header(prop("x_none_update"))).isEqualTo("v");
  }

  @Test
  void aPurgeKeepsUnreadablePropertiesSilently() {
    String id = member.reserve(prop("x_audit_note"), "n", prop("x_owner_a"), "1");
    Response purged = member.update(id, prop("x_owner_b"), "2").assertStatus(200);
    assertThat(properties(purged).fieldNames()).toIterable().containsExactly("x_owner_b");
    Response seen = auditor.head(id).assertStatus(200);
    assertThat(seen.header(prop("x_audit_note"))).isEqualTo("n");
    assertThat(member.head(id).header(prop("x_owner_a"))).isNull();
  }

  @Test
  void aPurgeOfAReadableUndeletablePropertyIsRefused() {
    String id = member.reserve(prop("x_none_delete"), "v", prop("x_owner_a"), "1");
    member.update(id, prop("x_owner_a"), "1").assertError(403, "Property 'x_none_delete' is protected");
    assertThat(member.head(id).header(prop("x_none_delete"))).isEqualTo("v");
    member.update(id, prop("x_owner_a"), "2", "x-glance-registry-purge-props", "false").assertStatus(200);
    member.update(id, prop("x_none_delete"), "v").assertStatus(200);
    assertThat(member.head(id).header(prop("x_owner_a"))).isNull();
  }

  @Test
  void eachCallerPurgesOnlyWhatItMayReadAndDelete() {
    String id = member.reserve(prop("x_owner_a"), "1", prop("x_audit_note"), "n");
    Response byAuditor = auditor.update(id).assertStatus(200);
    assertThat(properties(byAuditor).size()).isZero();
    assertThat(member.head(id).header(prop("x_owner_a"))).isEqualTo("1");
    assertThat(auditor.head(id).header(prop("x_audit_note"))).isNull();

    String other = member.reserve(prop("x_owner_a"), "1", prop("x_audit_note"), "n");
    member.update(other).assertStatus(200);
    assertThat(member.head(other).header(prop("x_owner_a"))).isNull();
    assertThat(auditor.head(other).header(prop("x_audit_note"))).isEqualTo("n");
  }

  @Test
  void unreadablePropertiesAreLeftOutOfEveryAnswer() {
    Response created = member.create("abc".getBytes(), "x-image-meta-name", "pp-read",
        "x-image-meta-disk_format", "raw", "x-image-meta-container_format", "bare",
        prop("x_audit_note"), "n", prop("x_owner_a"), "1").assertStatus(201);
    String id = V1Client.image(created).get("id").asText();
    assertThat(properties(created).has("x_audit_note")).isFalse();
    assertThat(properties(created).get("x_owner_a").asText()).isEqualTo("1");

    assertThat(member.head(id).header(prop("x_audit_note"))).isNull();
    Response data = member.get("/v1/images/" + id).assertStatus(200);
    assertThat(data.body()).isEqualTo("abc");
    assertThat(data.header(prop("x_audit_note"))).isNull();
    assertThat(data.header(prop("x_owner_a"))).isEqualTo("1");
    assertThat(detail(member, id).get("properties").has("x_audit_note")).isFalse();
    Response updated = member.update(id, prop("x_owner_a"), "1", "x-image-meta-name", "pp-read2").assertStatus(200);
    assertThat(properties(updated).has("x_audit_note")).isFalse();

    assertThat(auditor.get("/v1/images/" + id).header(prop("x_audit_note"))).isEqualTo("n");
    assertThat(detail(auditor, id).get("properties").get("x_audit_note").asText()).isEqualTo("n");
    assertThat(detail(auditor, id).get("properties").has("x_owner_a")).isFalse();
  }

  /** The image as GET /v1/images/detail lists it to the caller (each test has its own project). */
  private static JsonNode detail(V1Client caller, String id) {
    Response r = caller.get("/v1/images/detail").assertStatus(200);
    for (JsonNode image : r.json().get("images")) {
      if (image.get("id").asText().equals(id)) {
        return image;
      }
    }
    throw new AssertionError("image " + id + " not listed: " + r);
  }
}
