package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /v2/images and GET /v2/images/{id}: defaults, every field, and every refusal. */
class ImageCreateTest extends ServerTest {
  static final List<String> BASE_KEYS = List.of("name", "disk_format", "container_format", "visibility",
      "size", "virtual_size", "status", "checksum", "protected", "min_ram", "min_disk", "owner", "os_hidden",
      "os_hash_algo", "os_hash_value", "id", "created_at", "updated_at", "tags", "self", "file", "schema");
  static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

  @Test
  void minimalImageTakesGlanceDefaults() {
    Response r = a.postJson("/v2/images", "{}").assertStatus(201);
    JsonNode image = r.json();
    assertThat(fieldNames(image)).containsExactlyElementsOf(BASE_KEYS);
    String id = image.get("id").asText();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    for (String nullKey : List.of("name", "disk_format", "container_format", "size", "virtual_size",
        "checksum", "os_hash_algo", "os_hash_value")) {
      assertThat(image.get(nullKey).isNull()).as(nullKey).isTrue();
    }
    assertThat(image.get("visibility").asText()).isEqualTo("shared");
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.get("protected").asBoolean()).isFalse();
    assertThat(image.get("os_hidden").asBoolean()).isFalse();
    assertThat(image.get("min_ram").asInt()).isZero();
    assertThat(image.get("min_disk").asInt()).isZero();
    assertThat(image.get("owner").asText()).isEqualTo("projA");
    assertThat(image.get("tags")).isEmpty();
    assertThat(image.get("created_at").asText()).matches(TIMESTAMP).isEqualTo(image.get("updated_at").asText());
    assertThat(image.get("self").asText()).isEqualTo("/v2/images/" + id);
    assertThat(image.get("file").asText()).isEqualTo("/v2/images/" + id + "/file");
    assertThat(image.get("schema").asText()).isEqualTo("/v2/schemas/image");
    assertThat(r.header("Location")).isEqualTo(server.baseUrl() + "/v2/images/" + id);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("x-openstack-request-id")).startsWith("req-");

    Response shown = a.get("/v2/images/" + id).assertStatus(200);
    assertThat(shown.json()).isEqualTo(image);
    assertThat(shown.header("Location")).isNull();
  }

  @Test
  void everyFieldIsKeptAndCustomPropertiesComeFirst() {
    String id = UUID.randomUUID().toString();
    JsonNode image = a.postJson("/v2/images", "{\"id\":\"" + id + "\",\"name\":\"full-image\",\"disk_format\":\"qcow2\","
        + "\"container_format\":\"bare\",\"visibility\":\"private\",\"tags\":[\"t1\",\"t2\",\"t1\"],\"min_disk\":5,"
        + "\"min_ram\":512,\"protected\":true,\"os_hidden\":true,\"custom1\":\"v1\",\"hw_disk_bus\":\"scsi\","
        + "\"architecture\":\"x86_64\",\"kernel_id\":null,\"owner\":\"projA\"}").assertStatus(201).json();
    List<String> names = fieldNames(image);
    assertThat(names.subList(0, 4)).containsExactlyInAnyOrder("custom1", "hw_disk_bus", "architecture", "kernel_id");
    assertThat(names.subList(4, names.size())).containsExactlyElementsOf(BASE_KEYS);
    assertThat(image.get("id").asText()).isEqualTo(id);
    assertThat(image.get("name").asText()).isEqualTo("full-image");
    assertThat(image.get("disk_format").asText()).isEqualTo("qcow2");
    assertThat(image.get("container_format").asText()).isEqualTo("bare");
    assertThat(image.get("visibility").asText()).isEqualTo("private");
    assertThat(texts(image.get("tags"))).containsExactlyInAnyOrder("t1", "t2");
    assertThat(image.get("min_disk").asInt()).isEqualTo(5);
    assertThat(image.get("min_ram").asInt()).isEqualTo(512);
    assertThat(image.get("protected").asBoolean()).isTrue();
    assertThat(image.get("os_hidden").asBoolean()).isTrue();
    assertThat(image.get("custom1").asText()).isEqualTo("v1");
    assertThat(image.get("kernel_id").isNull()).isTrue();
    assertThat(a.get("/v2/images/" + id).json()).isEqualTo(image);
  }

  @Test
  void locationFollowsTheHostHeader() {
    Response r = RawHttp.exchange(server.baseUrl(), "POST /v2/images HTTP/1.1\r\nHost: glance.example.com:9292\r\n"
        + "X-Project-Id: projA\r\nX-Roles: member\r\nContent-Type: application/json\r\nContent-Length: 2", "{}".getBytes());
    r.assertStatus(201);
    assertThat(r.header("Location")).isEqualTo("http://glance.example.com:9292/v2/images/" + r.json().get("id").asText());
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("{\"foo\":\"bar\"}", "foo", "bar"),
        Arguments.of("{\"foo\":\"\"}", "foo", ""),
        Arguments.of("{\"\":\"x\"}", "", "x"),
        Arguments.of("{\"foo\":\"" + "v".repeat(65535) + "\"}", "foo", "v".repeat(65535)),
        Arguments.of("{\"" + "k".repeat(255) + "\":\"v\"}", "k".repeat(255), "v"),
        Arguments.of("{\"disk_format\":null}", "disk_format", null),
        Arguments.of("{\"name\":null}", "name", null),
        Arguments.of("{\"name\":\"" + "n".repeat(255) + "\"}", "name", "n".repeat(255)),
        Arguments.of("{\"visibility\":\"community\"}", "visibility", "community"),
        Arguments.of("{\"visibility\":\"shared\"}", "visibility", "shared"),
        Arguments.of("{\"visibility\":\"private\"}", "visibility", "private"),
        Arguments.of("{\"owner\":\"projA\"}", "owner", "projA"),
        Arguments.of("{\"os_hash_algo\":\"md5\"}", "os_hash_algo", null),
        Arguments.of("{\"os_hash_value\":\"x\"}", "os_hash_value", null),
        Arguments.of("{\"min_ram\":2147483647}", "min_ram", "2147483647"),
        Arguments.of("{\"description\":\"d\",\"os_version\":\"1\"}", "description", "d"),
        Arguments.of("{\"cinder_encryption_key_deletion_policy\":\"do_not_delete\"}",
            "cinder_encryption_key_deletion_policy", "do_not_delete"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("accepted")
  void acceptedBodies(String body, String key, String expected) {
    JsonNode image = a.postJson("/v2/images", body).assertStatus(201).json();
    if (expected == null) {
      assertThat(image.get(key).isNull()).as(key).isTrue();
    } else {
      assertThat(image.get(key).asText()).isEqualTo(expected);
    }
  }

  @Test
  void tagsAreASetAndMayBeEmptyStrings() {
    JsonNode image = a.postJson("/v2/images", "{\"tags\":[\"a\",\"a\",\"b\",\"\",\"" + "t".repeat(255) + "\"]}")
        .assertStatus(201).json();
    assertThat(texts(image.get("tags"))).containsExactlyInAnyOrder("a", "b", "", "t".repeat(255));
  }

  @Test
  void requestContentTypeIsNotChecked() {
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/octet-stream",
        "application/json; charset=UTF-8")) {
      a.send("POST", "/v2/images", java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"ct\"}"),
          "Content-Type", type).assertStatus(201);
    }
  }

  static Stream<Arguments> refused() {
    String schema = "Provided object does not match schema 'image': ";
    return Stream.of(
        Arguments.of("{\"foo\":1}", 400, schema + "1 is not of type 'string'"),
        Arguments.of("{\"foo\":null}", 400, schema + "None is not of type 'string'"),
        Arguments.of("{\"foo\":true}", 400, schema + "True is not of type 'string'"),
        Arguments.of("{\"foo\":[\"a\"]}", 400, schema + "['a'] is not of type 'string'"),
        Arguments.of("{\"" + "k".repeat(256) + "\":\"v\"}", 400, "Custom property should not be greater than 255 characters."),
        Arguments.of("{\"os_glance_foo\":\"1\"}", 403, "Access was denied to this resource."),
        Arguments.of("{\"os_glance_import_task\":\"1\"}", 403, "Attribute 'os_glance_import_task' is reserved."),
        Arguments.of("{\"status\":\"x\"}", 400, schema + "'x' is not one of ['queued', 'saving', 'active', 'killed', "
            + "'deleted', 'uploading', 'importing', 'pending_delete', 'deactivated']"),
        Arguments.of("{\"status\":\"queued\"}", 403, "Attribute 'status' is read-only."),
        Arguments.of("{\"size\":1}", 403, "Attribute 'size' is read-only."),
        Arguments.of("{\"checksum\":\"x\"}", 403, "Attribute 'checksum' is read-only."),
        Arguments.of("{\"created_at\":\"x\"}", 403, "Attribute 'created_at' is read-only."),
        Arguments.of("{\"updated_at\":\"x\"}", 403, "Attribute 'updated_at' is read-only."),
        Arguments.of("{\"virtual_size\":1}", 403, "Attribute 'virtual_size' is read-only."),
        Arguments.of("{\"self\":\"x\"}", 403, "Attribute 'self' is read-only."),
        Arguments.of("{\"file\":\"x\"}", 403, "Attribute 'file' is read-only."),
        Arguments.of("{\"schema\":\"x\"}", 403, "Attribute 'schema' is read-only."),
        Arguments.of("{\"direct_url\":\"x\"}", 403, "Attribute 'direct_url' is read-only."),
        Arguments.of("{\"stores\":\"x\"}", 403, "Attribute 'stores' is read-only."),
        Arguments.of("{\"locations\":[]}", 403, "Attribute 'locations' is reserved."),
        Arguments.of("{\"deleted\":false}", 400, schema + "False is not of type 'string'"),
        Arguments.of("{\"deleted\":\"x\"}", 403, "Attribute 'deleted' is reserved."),
        Arguments.of("{\"location\":\"x\"}", 403, "Attribute 'location' is reserved."),
        // characters beyond the Basic Multilingual Plane, refused as Glance refuses them
        Arguments.of("{\"name\":\"\ud83d\ude00\"}", 400, "Name can't contain 4 byte unicode characters."),
        Arguments.of("{\"os_distro\":\"x\ud83d\ude00\"}", 400, "Os_Distro can't contain 4 byte unicode characters."),
        Arguments.of("{\"k\ud83d\ude00\":\"v\"}", 400, "Property names can't contain 4 byte unicode."),
        Arguments.of("{\"tags\":[\"\ud83d\ude00\"]}", 400, "Param values can't contain 4 byte unicode."),
        Arguments.of("{\"owner\":null}", 403, "You are not permitted to create images owned by 'None'."),
        Arguments.of("{\"deleted_at\":\"x\"}", 403, "Attribute 'deleted_at' is reserved."),
        Arguments.of("{\"id\":\"abc\"}", 400, schema + "'abc' does not match '^([0-9a-fA-F]){8}-"),
        Arguments.of("{\"id\":\"bbbbbbbb222233334444555555555555\"}", 400, "does not match"),
        Arguments.of("{\"id\":5}", 400, schema + "5 is not of type 'string'"),
        Arguments.of("{\"id\":null}", 400, schema + "None is not of type 'string'"),
        Arguments.of("{\"disk_format\":\"foo\"}", 400, schema + "'foo' is not one of [None, 'ami', 'ari', 'aki', "
            + "'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop']"),
        Arguments.of("{\"disk_format\":\"\"}", 400, schema + "'' is not one of [None,"),
        Arguments.of("{\"container_format\":\"foo\"}", 400, schema + "'foo' is not one of [None, 'ami', 'ari', "
            + "'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed']"),
        Arguments.of("{\"visibility\":\"bogus\"}", 400, schema + "'bogus' is not one of ['community', 'public', "
            + "'private', 'shared']"),
        Arguments.of("{\"visibility\":\"public\"}", 403, "You are not authorized to complete publicize_image action."),
        Arguments.of("{bad", 400, "Malformed JSON in request body."),
        Arguments.of("\"x\"", 400, "Unexpected body type. Expected list/dict."),
        Arguments.of("null", 400, "Unexpected body type. Expected list/dict."),
        // Glance answers 500 to an array (a bug); a client error it is
        Arguments.of("[]", 400, "Unexpected body type"),
        Arguments.of("", 400, "Body expected in request."),
        Arguments.of("{\"name\":\"" + "n".repeat(256) + "\"}", 400, "is too long"),
        Arguments.of("{\"name\":5}", 400, schema + "5 is not of type 'null', 'string'"),
        Arguments.of("{\"owner\":\"projB\"}", 403, "You are not permitted to create images owned by 'projB'."),
        Arguments.of("{\"min_disk\":-1}", 400, "Invalid value '-1' for parameter 'min_disk': Cannot be a negative value"),
        Arguments.of("{\"min_ram\":-5}", 400, "Invalid value '-5' for parameter 'min_ram': Cannot be a negative value"),
        Arguments.of("{\"min_ram\":\"512\"}", 400, schema + "'512' is not of type 'integer'"),
        Arguments.of("{\"min_ram\":1.5}", 400, schema + "1.5 is not of type 'integer'"),
        Arguments.of("{\"min_ram\":99999999999}", 400, "'min_ram' value out of range, must not exceed 2147483647."),
        Arguments.of("{\"protected\":\"yes\"}", 400, schema + "'yes' is not of type 'boolean'"),
        Arguments.of("{\"os_hidden\":\"true\"}", 400, schema + "'true' is not of type 'boolean'"),
        Arguments.of("{\"tags\":[\"" + "t".repeat(256) + "\"]}", 400, "is too long"),
        Arguments.of("{\"tags\":\"a\"}", 400, schema + "'a' is not of type 'array'"),
        Arguments.of("{\"tags\":[1]}", 400, schema + "1 is not of type 'string'"),
        Arguments.of("{\"tags\":null}", 400, schema + "None is not of type 'array'"),
        Arguments.of("{\"tags\":[" + IntStream.range(0, 129).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","))
            + "]}", 413, "The limit has been exceeded on the number of allowed image tags. Attempted: 129, Maximum: 128"),
        Arguments.of("{" + IntStream.range(0, 129).mapToObj(i -> "\"p" + i + "\":\"v\"").collect(Collectors.joining(","))
            + "}", 413, "The limit has been exceeded on the number of allowed image properties. Attempted: 129, Maximum: 128"),
        Arguments.of("{\"kernel_id\":\"abc\"}", 400, schema + "'abc' does not match"),
        Arguments.of("{\"cinder_encryption_key_deletion_policy\":\"x\"}", 400, "is not one of"));
  }

  @ParameterizedTest(name = "[{index}] {1} {2}")
  @MethodSource("refused")
  void refusedBodies(String body, int status, String message) {
    int before = countOwn();
    a.postJson("/v2/images", body).assertError(status, message);
    assertThat(countOwn()).as("no image was created").isEqualTo(before);
  }

  @Test
  void reservedPropertiesAreExplainedInTheDetail() {
    Response r = a.send("POST", "/v2/images", java.net.http.HttpRequest.BodyPublishers.ofString("{\"os_glance_x\":\"1\"}"),
        "Accept", "application/json");
    r.assertStatus(403);
    assertThat(r.json().get("message").asText())
        .isEqualTo("Access was denied to this resource.<br /><br />\nAttribute 'os_glance_x' is reserved.\n\n");
  }

  @Test
  void quotasAllowExactlyTheLimit() {
    a.postJson("/v2/images", "{\"tags\":[" + IntStream.range(0, 128).mapToObj(i -> "\"t" + i + "\"")
        .collect(Collectors.joining(",")) + "]}").assertStatus(201);
    a.postJson("/v2/images", "{" + IntStream.range(0, 128).mapToObj(i -> "\"p" + i + "\":\"v\"")
        .collect(Collectors.joining(",")) + "}").assertStatus(201);
  }

  @Test
  void anIdCanBeTakenOnlyOnce() {
    String id = UUID.randomUUID().toString();
    a.postJson("/v2/images", "{\"id\":\"" + id + "\"}").assertStatus(201);
    a.postJson("/v2/images", "{\"id\":\"" + id + "\"}").assertError(409, "Image ID " + id + " already exists!");
    b.postJson("/v2/images", "{\"id\":\"" + id + "\"}").assertError(409, "Image ID " + id + " already exists!");
    a.delete("/v2/images/" + id).assertStatus(204);
    a.postJson("/v2/images", "{\"id\":\"" + id + "\"}").assertError(409, "already exists!");
  }

  @Test
  void idsAreCaseSensitive() {
    String upper = UUID.randomUUID().toString().toUpperCase();
    assertThat(a.postJson("/v2/images", "{\"id\":\"" + upper + "\"}").assertStatus(201).json().get("id").asText())
        .isEqualTo(upper);
    a.get("/v2/images/" + upper).assertStatus(200);
    a.get("/v2/images/" + upper.toLowerCase()).assertError(404, "No image found with ID " + upper.toLowerCase());
  }

  @Test
  void adminMaySetAnyOwnerAndVisibility() {
    assertThat(admin.postJson("/v2/images", "{\"owner\":\"projB\",\"visibility\":\"public\"}").assertStatus(201)
        .json().get("owner").asText()).isEqualTo("projB");
    // as in Glance, an admin may make an image with no owner: anyone may show it (not list it),
    // only admins change it
    String ownerless = admin.postJson("/v2/images", "{\"owner\":null}").assertStatus(201).json().get("id").asText();
    assertThat(a.get("/v2/images/" + ownerless).assertStatus(200).json().get("owner").isNull()).isTrue();
    assertThat(a.get("/v2/images?limit=1000").json().get("images").toString()).doesNotContain(ownerless);
    a.patch("/v2/images/" + ownerless, "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"z\"}]").assertStatus(403);
    a.delete("/v2/images/" + ownerless).assertStatus(403);
    admin.delete("/v2/images/" + ownerless).assertStatus(204);
  }

  @Test
  void readersAndUsersWithoutRolesMayCreate() {
    server.as("projR", "reader").postJson("/v2/images", "{}").assertStatus(201);
    server.as("projN", "").postJson("/v2/images", "{}").assertStatus(201);
  }

  @Test
  void whoSeesWhichImage() {
    String shared = a.createImage("{\"name\":\"s\"}");
    String priv = a.createImage("{\"visibility\":\"private\"}");
    String community = a.createImage("{\"visibility\":\"community\"}");
    String pub = admin.createImage("{\"visibility\":\"public\"}");
    for (String id : List.of(shared, priv)) {
      b.get("/v2/images/" + id).assertError(404, "No image found with ID " + id);
      admin.get("/v2/images/" + id).assertStatus(200);
      a.get("/v2/images/" + id).assertStatus(200);
    }
    b.get("/v2/images/" + community).assertStatus(200);
    b.get("/v2/images/" + pub).assertStatus(200);
    a.get("/v2/images/not-a-uuid").assertError(404, "No image found with ID not-a-uuid");
    a.get("/v2/images/00000000-0000-0000-0000-000000000000")
        .assertError(404, "No image found with ID 00000000-0000-0000-0000-000000000000");
  }

  @Test
  void wrongMethodsAreRefusedWithAllow() {
    String id = a.createImage("{}");
    a.putJson("/v2/images/" + id, "{}").assertError(405, "The method PUT is not allowed for this resource.");
    assertThat(a.putJson("/v2/images/" + id, "{}").header("Allow")).isEqualTo("GET, PATCH, DELETE");
    assertThat(a.postJson("/v2/images/" + id, "{}").assertStatus(405).header("Allow")).isEqualTo("GET, PATCH, DELETE");
    assertThat(a.delete("/v2/images").assertError(405, "The method DELETE is not allowed for this resource.")
        .header("Allow")).isEqualTo("GET, POST");
  }

  private int countOwn() {
    return a.get("/v2/images?owner=projA&limit=1000&os_hidden=false").json().get("images").size()
        + a.get("/v2/images?owner=projA&limit=1000&os_hidden=true").json().get("images").size();
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
