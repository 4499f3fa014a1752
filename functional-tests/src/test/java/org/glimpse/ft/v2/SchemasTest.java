package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GET /v2/schemas/*: the documents clients read to learn the image model, with Glance's keys in
 * Glance's order. The formats come from the configuration (here a shorter list than Glance's).
 */
class SchemasTest extends ServerTest {
  static final List<String> IMAGE_PROPERTIES = List.of("id", "name", "status", "visibility", "protected", "os_hidden",
      "checksum", "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size", "container_format", "disk_format",
      "created_at", "updated_at", "tags", "direct_url", "min_ram", "min_disk", "self", "file", "stores", "schema",
      "locations", "kernel_id", "ramdisk_id", "instance_uuid", "architecture", "os_distro", "os_version", "description",
      "cinder_encryption_key_id", "cinder_encryption_key_deletion_policy");

  @Override
  protected Map<String, String> overrides() {
    return Map.of("GLIMPSE_IMAGE_FORMAT__DISK_FORMATS", "raw,qcow2", "GLIMPSE_IMAGE_FORMAT__CONTAINER_FORMATS", "bare");
  }

  private JsonNode schema(String name) {
    Response r = a.get("/v2/schemas/" + name).assertStatus(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    return r.json();
  }

  @Test
  void image() {
    JsonNode s = schema("image");
    assertThat(ImageCreateTest.fieldNames(s)).containsExactly("name", "properties", "additionalProperties", "links");
    assertThat(s.get("name").asText()).isEqualTo("image");
    JsonNode p = s.get("properties");
    assertThat(ImageCreateTest.fieldNames(p)).containsExactlyElementsOf(IMAGE_PROPERTIES);
    assertThat(s.get("additionalProperties").toString()).isEqualTo("{\"type\":\"string\"}");
    assertThat(s.get("links").toString()).isEqualTo("[{\"rel\":\"self\",\"href\":\"{self}\"},"
        + "{\"rel\":\"enclosure\",\"href\":\"{file}\"},{\"rel\":\"describedby\",\"href\":\"{schema}\"}]");
    assertThat(p.get("status").get("enum").toString()).isEqualTo("[\"queued\",\"saving\",\"active\",\"killed\","
        + "\"deleted\",\"uploading\",\"importing\",\"pending_delete\",\"deactivated\"]");
    assertThat(p.get("visibility").get("enum").toString()).isEqualTo("[\"community\",\"public\",\"private\",\"shared\"]");
    assertThat(p.get("disk_format").get("enum").toString()).isEqualTo("[null,\"raw\",\"qcow2\"]");
    assertThat(p.get("container_format").get("enum").toString()).isEqualTo("[null,\"bare\"]");
    assertThat(p.get("name").get("type").toString()).isEqualTo("[\"null\",\"string\"]");
    assertThat(p.get("name").get("maxLength").asInt()).isEqualTo(255);
    assertThat(p.get("tags").get("items").toString()).contains("\"maxLength\":255");
    assertThat(p.get("id").get("pattern").asText()).startsWith("^([0-9a-fA-F]){8}-");
    for (String readOnly : List.of("status", "checksum", "size", "virtual_size", "created_at", "updated_at",
        "self", "file", "schema", "direct_url", "stores", "os_hash_algo", "os_hash_value")) {
      assertThat(p.get(readOnly).get("readOnly").asBoolean()).as(readOnly).isTrue();
    }
    for (String extra : IMAGE_PROPERTIES.subList(IMAGE_PROPERTIES.indexOf("kernel_id"), IMAGE_PROPERTIES.size())) {
      assertThat(p.get(extra).get("is_base").asBoolean(true)).as(extra).isFalse();
    }
    for (JsonNode property : p) {
      assertThat(property.has("type")).isTrue();
    }
  }

  @Test
  void images() {
    JsonNode s = schema("images");
    assertThat(ImageCreateTest.fieldNames(s)).containsExactly("name", "properties", "links");
    assertThat(ImageCreateTest.fieldNames(s.get("properties"))).containsExactly("images", "first", "next", "schema");
    assertThat(s.get("properties").get("images").get("items")).isEqualTo(schema("image"));
    assertThat(s.get("links").toString()).isEqualTo("[{\"rel\":\"first\",\"href\":\"{first}\"},"
        + "{\"rel\":\"next\",\"href\":\"{next}\"},{\"rel\":\"describedby\",\"href\":\"{schema}\"}]");
  }

  @Test
  void members() {
    JsonNode member = schema("member");
    assertThat(ImageCreateTest.fieldNames(member)).containsExactly("name", "properties");
    assertThat(ImageCreateTest.fieldNames(member.get("properties")))
        .containsExactly("member_id", "image_id", "created_at", "updated_at", "status", "schema");
    assertThat(member.get("properties").get("status").get("enum").toString()).isEqualTo("[\"pending\",\"accepted\",\"rejected\"]");
    JsonNode members = schema("members");
    assertThat(ImageCreateTest.fieldNames(members)).containsExactly("name", "properties", "links");
    assertThat(ImageCreateTest.fieldNames(members.get("properties"))).containsExactly("members", "schema");
    assertThat(members.get("properties").get("members").get("items")).isEqualTo(member);
  }

  @Test
  void theSchemaIsWhatRequestsAreCheckedAgainst() {
    a.postJson("/v2/images", "{\"disk_format\":\"vmdk\"}")
        .assertError(400, "Provided object does not match schema 'image': 'vmdk' is not one of [None, 'raw', 'qcow2']");
    a.postJson("/v2/images", "{\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}").assertStatus(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {"image", "images", "member", "members"})
  void onlyGet(String name) {
    Response r = a.send("HEAD", "/v2/schemas/" + name, HttpRequest.BodyPublishers.noBody()).assertStatus(405);
    assertThat(r.header("Allow")).isEqualTo("GET");
    a.postJson("/v2/schemas/" + name, "{}").assertError(405, "The method POST is not allowed for this resource.");
  }
}
