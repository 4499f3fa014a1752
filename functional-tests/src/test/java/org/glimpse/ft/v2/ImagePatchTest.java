package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PATCH /v2/images/{id}: both JSON-patch dialects, every refusal, atomicity and who may patch. */
class ImagePatchTest extends ServerTest {
  private static final String SCHEMA = "Provided object does not match schema 'image': ";

  private String newImage() {
    return a.createImage("{\"name\":\"p\",\"custom1\":\"v1\",\"tags\":[\"t\"]}");
  }

  static Stream<Arguments> applied() {
    return Stream.of(
        Arguments.of("[{\"op\":\"add\",\"path\":\"/long\",\"value\":\"" + "x".repeat(300) + "\"}]", "long", "\"" + "x".repeat(300) + "\""),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/a~1b\",\"value\":\"1\"}]", "a/b", "\"1\""),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/c~0d\",\"value\":\"1\"}]", "c~d", "\"1\""),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/\",\"value\":\"root\"}]", "", "\"root\""),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/\",\"value\":\"1\"},{\"op\":\"replace\",\"path\":\"/\",\"value\":\"2\"}]", "", "\"2\""),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/\",\"value\":\"1\"},{\"op\":\"remove\",\"path\":\"/\"}]", "", null),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/name\",\"value\":\"added\"}]", "name", "\"added\""),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"replaced\"}]", "name", "\"replaced\""),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":null}]", "name", "null"),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/custom2\",\"value\":\"v2\"}]", "custom2", "\"v2\""),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/custom1\",\"value\":\"again\"}]", "custom1", "\"again\""),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/custom1\",\"value\":\"v9\"}]", "custom1", "\"v9\""),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/custom1\"}]", "custom1", null),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"private\"}]", "visibility", "\"private\""),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"community\"}]", "visibility", "\"community\""),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"shared\"}]", "visibility", "\"shared\""),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/protected\",\"value\":true}]", "protected", "true"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/os_hidden\",\"value\":true}]", "os_hidden", "true"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/min_ram\",\"value\":512}]", "min_ram", "512"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/min_disk\",\"value\":0}]", "min_disk", "0"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/disk_format\",\"value\":\"qcow2\"}]", "disk_format", "\"qcow2\""),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/container_format\",\"value\":\"ova\"}]", "container_format", "\"ova\""),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[\"x\"]}]", "tags", "[\"x\"]"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[]}]", "tags", "[]"),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/kernel_id\",\"value\":null}]", "kernel_id", "null"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"extra\",\"comment\":\"ignored\"}]", "name", "\"extra\""),
        Arguments.of("[]", "name", "\"p\""));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("applied")
  void appliedPatches(String ops, String key, String expectedJson) throws Exception {
    String id = newImage();
    JsonNode patched = a.patch("/v2/images/" + id, ops).assertStatus(200).json();
    if (expectedJson == null) {
      assertThat(patched.has(key)).as("%s removed", key).isFalse();
    } else {
      assertThat(patched.get(key)).as(key).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(expectedJson));
    }
    assertThat(a.get("/v2/images/" + id).json()).isEqualTo(patched);
  }

  @Test
  void tagsReplacedAsASet() {
    String id = newImage();
    JsonNode tags = a.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[\"x\",\"y\",\"x\"]}]")
        .assertStatus(200).json().get("tags");
    assertThat(ImageCreateTest.texts(tags)).containsExactlyInAnyOrder("x", "y");
  }

  static Stream<Arguments> refused() {
    String readOnly = "[{\"op\":\"replace\",\"path\":\"/%s\",\"value\":\"x\"}]";
    Stream<Arguments> readOnlyCases = Stream.of("status", "checksum", "size", "id", "created_at", "updated_at",
            "os_hash_value", "os_hash_algo", "virtual_size", "self", "file", "schema", "direct_url")
        .map(name -> Arguments.of(String.format(readOnly, name), 403, "Attribute '" + name + "' is read-only."));
    Stream<Arguments> cases = Stream.of(
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/name\"}]", 403, "Access was denied to this resource."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/name\"}]", 403, "Property name may not be removed."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/tags\"}]", 403, "Property tags may not be removed."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/min_ram\"}]", 403, "Property min_ram may not be removed."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/nope\"}]", 409, "There was a conflict when trying to complete your request."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/nope\"}]", 409, "Property nope does not exist."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/nope\",\"value\":\"x\"}]", 409, "Property nope does not exist."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/custom3\",\"value\":5}]", 400, SCHEMA + "5 is not of type 'string'"),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/custom3\",\"value\":{}}]", 400, SCHEMA + "{} is not of type 'string'"),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/foo/bar\",\"value\":\"x\"}]", 400, "Invalid JSON pointer for this resource: '/foo/bar'"),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/tags/-\",\"value\":\"x\"}]", 400, "Invalid JSON pointer for this resource: '/tags/-'"),
        Arguments.of("[{\"op\":\"add\",\"path\":\"name\",\"value\":\"x\"}]", 400, "Pointer `name` does not start with \"/\"."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"\",\"value\":\"x\"}]", 400, "Pointer `` does not start with \"/\"."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"public\"}]", 403,
            "You are not authorized to complete publicize_image action."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"bogus\"}]", 400,
            SCHEMA + "'bogus' is not one of ['community', 'public', 'private', 'shared']"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/protected\",\"value\":\"yes\"}]", 400, SCHEMA + "'yes' is not of type 'boolean'"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":\"a\"}]", 400, SCHEMA + "'a' is not of type 'array'"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/min_ram\",\"value\":\"512\"}]", 400, SCHEMA + "'512' is not of type 'integer'"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/min_ram\",\"value\":-1}]", 400,
            "Invalid value '-1' for parameter 'min_ram': Cannot be a negative value"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/disk_format\",\"value\":\"bogus\"}]", 400, SCHEMA + "'bogus' is not one of [None,"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/owner\",\"value\":\"projB\"}]", 403, "Owner can't be updated by non admin."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/owner\",\"value\":\"projA\"}]", 403, "Owner can't be updated by non admin."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":[]}]", 403, "Cannot set locations to empty list."),
        // locations are not shown (show_multiple_locations off), so Glance refuses to change them; one
        // location is added at or removed from a position, a whole list is only replaced
        Arguments.of("[{\"op\":\"add\",\"path\":\"/locations/-\",\"value\":{\"url\":\"http://a/b\",\"metadata\":{}}}]",
            403, "It's not allowed to add locations if locations are invisible."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/locations/0\",\"value\":{\"url\":\"http://a/b\",\"metadata\":{}}}]",
            403, "It's not allowed to add locations if locations are invisible."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/locations/0\"}]", 403,
            "It's not allowed to remove locations if locations are invisible."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":[{\"url\":\"http://a/b\",\"metadata\":{}}]}]",
            403, "It's not allowed to update locations if locations are invisible."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/locations/-\",\"value\":\"x\"}]", 400,
            SCHEMA + "'x' is not of type 'object'"),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/locations\",\"value\":[]}]", 400,
            "Invalid JSON pointer for this resource: '/locations'"),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/locations\"}]", 400,
            "Invalid JSON pointer for this resource: '/locations'"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/locations/0\",\"value\":{}}]", 400,
            "Invalid JSON pointer for this resource: '/locations/0'"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/deleted\",\"value\":\"x\"}]", 403, "Attribute 'deleted' is reserved."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/location\",\"value\":\"x\"}]", 403, "Attribute 'location' is reserved."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"\ud83d\ude00\"}]", 400, "Name can't contain 4 byte unicode characters."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/p\ud83d\ude00\",\"value\":\"v\"}]", 400, "Property names can't contain 4 byte unicode."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[\"\ud83d\ude00\"]}]", 400, "Param values can't contain 4 byte unicode."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/location\"}]", 403, "Attribute 'location' is reserved."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/deleted_at\",\"value\":\"x\"}]", 403, "Attribute 'deleted_at' is reserved."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/checksum\",\"value\":\"x\"}]", 403, "Attribute 'checksum' is read-only."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/status\"}]", 403, "Attribute 'status' is read-only."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/id\"}]", 403, "Attribute 'id' is read-only."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/os_glance_foo\",\"value\":\"x\"}]", 403, "Attribute 'os_glance_foo' is reserved."),
        Arguments.of("[{\"op\":\"remove\",\"path\":\"/os_glance_foo\"}]", 403, "Attribute 'os_glance_foo' is reserved."),
        Arguments.of("[{\"op\":\"move\",\"path\":\"/name\",\"from\":\"/x\"}]", 400,
            "Invalid operation: `move`. It must be one of the following: add, remove, replace."),
        Arguments.of("[{\"op\":\"copy\",\"path\":\"/name\",\"from\":\"/x\"}]", 400, "Invalid operation: `copy`."),
        Arguments.of("[{\"op\":\"test\",\"path\":\"/name\",\"value\":\"p\"}]", 400, "Invalid operation: `test`."),
        Arguments.of("[{\"op\":\"bogus\",\"path\":\"/name\"}]", 400, "Invalid operation: `bogus`."),
        Arguments.of("[{\"path\":\"/name\",\"value\":\"x\"}]", 400,
            "Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/name\"}]", 400, "Operation \"add\" requires a member named \"value\"."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/name\"}]", 400, "Operation \"replace\" requires a member named \"value\"."),
        Arguments.of("[{\"op\":\"add\",\"value\":\"x\"}]", 400, "Unable to find 'path' in JSON Schema change"),
        Arguments.of("{\"op\":\"add\",\"path\":\"/name\",\"value\":\"x\"}", 400, "Request body must be a JSON array of operation objects."),
        Arguments.of("[{bad", 400, "Malformed JSON in request body."),
        Arguments.of("", 400, "Body expected in request."),
        // odd shapes a client might send: refused, never a server error
        Arguments.of("[1]", 400, ""),
        Arguments.of("[null]", 400, ""),
        Arguments.of("[{\"op\":5,\"path\":\"/name\",\"value\":\"x\"}]", 400, ""),
        Arguments.of("[{\"op\":\"add\",\"path\":null,\"value\":\"x\"}]", 400, ""),
        Arguments.of("[{\"op\":\"add\",\"path\":[\"/name\"],\"value\":\"x\"}]", 400, ""),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/name\",\"value\":{\"a\":1}}]", 400, SCHEMA),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/min_disk\",\"value\":99999999999}]", 400, "out of range"),
        // a patch is atomic: an allowed change before a refused one is not kept
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"changed\"},{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"active\"}]",
            403, "Attribute 'status' is read-only."),
        Arguments.of("[{\"op\":\"add\",\"path\":\"/fresh\",\"value\":\"1\"},{\"op\":\"remove\",\"path\":\"/nope\"}]",
            409, "Property nope does not exist."),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"changed\"},{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"public\"}]",
            403, "publicize_image"),
        Arguments.of("[" + IntStream.range(0, 128).mapToObj(i -> "{\"op\":\"add\",\"path\":\"/p" + i + "\",\"value\":\"v\"}")
            .collect(Collectors.joining(",")) + "]", 413,
            "The limit has been exceeded on the number of allowed image properties. Attempted: 129, Maximum: 128"),
        Arguments.of("[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[" + IntStream.range(0, 129).mapToObj(i -> "\"t" + i + "\"")
            .collect(Collectors.joining(",")) + "]}]", 413,
            "The limit has been exceeded on the number of allowed image tags. Attempted: 129, Maximum: 128"));
    return Stream.concat(readOnlyCases, cases);
  }

  @ParameterizedTest(name = "[{index}] {1} {2}")
  @MethodSource("refused")
  void refusedPatchesChangeNothing(String ops, int status, String message) {
    String id = newImage();
    JsonNode before = a.get("/v2/images/" + id).json();
    a.patch("/v2/images/" + id, ops).assertError(status, message);
    assertThat(a.get("/v2/images/" + id).json()).isEqualTo(before);
  }

  @Test
  void oldDialectStillWorks() {
    String id = newImage();
    JsonNode patched = a.patch("/v2/images/" + id, "[{\"replace\":\"/name\",\"value\":\"v20-name\"},"
        + "{\"add\":\"/v20prop\",\"value\":\"y\"},{\"remove\":\"/custom1\"}]", Client.PATCH_V20).assertStatus(200).json();
    assertThat(patched.get("name").asText()).isEqualTo("v20-name");
    assertThat(patched.get("v20prop").asText()).isEqualTo("y");
    assertThat(patched.has("custom1")).isFalse();
    a.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"x\"}]", Client.PATCH_V20)
        .assertError(400, "Operation objects must contain exactly one member named \"add\", \"remove\", or \"replace\".");
    a.patch("/v2/images/" + id, "[{\"replace\":\"/name\",\"value\":\"x\",\"add\":\"/y\"}]", Client.PATCH_V20)
        .assertStatus(400);
    a.patch("/v2/images/" + id, "[{\"replace\":\"/name\",\"value\":\"x\"}]", Client.PATCH_V21)
        .assertError(400, "Unable to find `op` in JSON Schema change.");
    a.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"cs\"}]", Client.PATCH_V21 + "; charset=UTF-8")
        .assertStatus(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json-patch+json", "text/plain", ""})
  void otherMediaTypesAreRefusedBeforeTheImageIsLookedUp(String type) {
    String id = newImage();
    String reported = type.isEmpty() ? "text/plain" : type;
    for (String target : new String[] {id, "00000000-0000-0000-0000-000000000000"}) {
      Response r = a.patch("/v2/images/" + target, "[]", type.isEmpty() ? null : type)
          .assertError(415, "The request media type " + reported + " is not supported by this server.");
      assertThat(r.header("Accept-Patch"))
          .isEqualTo("application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch");
    }
  }

  @Test
  void onlyTheOwnerOrAnAdminMayPatch() {
    String pub = admin.createImage("{\"visibility\":\"public\"}");
    String name = "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"mine\"}]";
    a.patch("/v2/images/" + pub, name).assertError(403, "You do not own this image");
    String priv = a.createImage("{\"visibility\":\"private\"}");
    b.patch("/v2/images/" + priv, name).assertError(404, "No image found with ID " + priv);
    a.patch("/v2/images/00000000-0000-0000-0000-000000000000", name)
        .assertError(404, "No image found with ID 00000000-0000-0000-0000-000000000000");
    a.patch("/v2/images/not-a-uuid", name).assertError(404, "No image found with ID not-a-uuid");

    // a member of a shared image sees it but does not own it
    String shared = a.createImage("{}");
    a.postJson("/v2/images/" + shared + "/members", "{\"member\":\"projB\"}").assertStatus(200);
    b.patch("/v2/images/" + shared, name).assertError(403, "You do not own this image");

    // an admin changes owner and visibility; the owner can still edit, and make it private again
    JsonNode moved = admin.patch("/v2/images/" + priv, "[{\"op\":\"replace\",\"path\":\"/owner\",\"value\":\"projB\"}]")
        .assertStatus(200).json();
    assertThat(moved.get("owner").asText()).isEqualTo("projB");
    a.get("/v2/images/" + priv).assertStatus(404);
    admin.patch("/v2/images/" + priv, "[{\"op\":\"replace\",\"path\":\"/owner\",\"value\":\"projA\"},"
        + "{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"public\"}]").assertStatus(200);
    a.patch("/v2/images/" + priv, name).assertStatus(200);
    assertThat(a.patch("/v2/images/" + priv, "[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"private\"}]")
        .assertStatus(200).json().get("visibility").asText()).isEqualTo("private");
    admin.patch("/v2/images/" + priv, "[{\"op\":\"add\",\"path\":\"/os_glance_foo\",\"value\":\"x\"}]")
        .assertError(403, "Attribute 'os_glance_foo' is reserved.");
    admin.patch("/v2/images/" + priv, "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"active\"}]")
        .assertError(403, "Attribute 'status' is read-only.");
  }

  @Test
  void formatsAreFixedOnceThereIsData() {
    String id = a.createActiveImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\"}", "data");
    a.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/disk_format\",\"value\":\"qcow2\"}]")
        .assertError(403, "Attribute disk_format can be only replaced for a queued image.");
    a.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/container_format\",\"value\":\"ova\"}]")
        .assertError(403, "Attribute container_format can be only replaced for a queued image.");
    assertThat(a.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/min_disk\",\"value\":3}]")
        .assertStatus(200).json().get("min_disk").asInt()).isEqualTo(3);
    a.post("/v2/images/" + id + "/actions/deactivate").assertStatus(204);
    assertThat(a.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"while-off\"}]")
        .assertStatus(200).json().get("status").asText()).isEqualTo("deactivated");
  }

  @Test
  void deletedImagesCannotBePatched() {
    String id = newImage();
    a.delete("/v2/images/" + id).assertStatus(204);
    a.patch("/v2/images/" + id, "[]").assertError(404, "No image found with ID " + id);
  }

  @Test
  void aKeyLongerThan255IsRefused() {
    // Glance (on SQLite) stores it; Glimpse keeps the limit POST has, which every database can hold
    String id = newImage();
    a.patch("/v2/images/" + id, "[{\"op\":\"add\",\"path\":\"/" + "k".repeat(256) + "\",\"value\":\"v\"}]")
        .assertError(400, "Custom property should not be greater than 255 characters.");
  }
}
