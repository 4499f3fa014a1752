package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Create, read, update and delete through v1 headers (spec §5, §6, §8; scenarios 7–16, 18, 20–23, 25–26, 28–29, 76, 78). */
class V1ImagesTest {
  static final String ABC_MD5 = "900150983cd24fb0d6963f7d28e17f72";
  static final List<String> DETAIL_KEYS = List.of("id", "name", "status", "size", "checksum", "disk_format",
      "container_format", "is_public", "protected", "min_ram", "min_disk", "virtual_size", "owner",
      "created_at", "updated_at", "deleted_at", "deleted", "properties");

  Actors x;

  @BeforeEach
  void actors() {
    x = new Actors(V1Servers.standard());
  }

  static List<String> keys(JsonNode o) {
    List<String> keys = new java.util.ArrayList<>();
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }

  @Test
  void reserveWithoutHeadersMakesAQueuedPrivateImage() {
    Response r = x.a.create();
    assertThat(r.status()).isEqualTo(201);
    JsonNode image = V1Client.image(r);
    assertThat(keys(image)).containsExactlyInAnyOrderElementsOf(DETAIL_KEYS);
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.get("size").asLong()).isZero();
    assertThat(image.get("is_public").asBoolean()).isFalse();
    assertThat(image.get("owner").asText()).isEqualTo(x.t("tA"));
    assertThat(image.get("checksum").isNull()).isTrue();
    assertThat(image.get("properties").size()).isZero();
    assertThat(image.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
    assertThat(r.header("Location")).endsWith("/v1/images/" + image.get("id").asText());
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void createWithDataIsActiveAndServedBack() {
    Response r = x.a.create("abc".getBytes(), "x-image-meta-name", "img", "x-image-meta-disk_format", "raw",
        "x-image-meta-container_format", "bare");
    assertThat(r.status()).isEqualTo(201);
    JsonNode image = V1Client.image(r);
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isEqualTo(3);
    assertThat(image.get("checksum").asText()).isEqualTo(ABC_MD5);
    assertThat(r.header("ETag")).isEqualTo(ABC_MD5);
    String id = image.get("id").asText();

    Response head = x.a.head(id);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.bytes()).isEmpty();
    Map<String, String> expected = Map.of("x-image-meta-name", "img", "x-image-meta-status", "active",
        "x-image-meta-is_public", "False", "x-image-meta-size", "3", "x-image-meta-owner", x.t("tA"),
        "x-image-meta-deleted", "False", "x-image-meta-protected", "False", "ETag", ABC_MD5);
    expected.forEach((h, v) -> assertThat(head.header(h)).as(h).isEqualTo(v));
    assertThat(head.header("x-image-meta-location")).isNull();
    assertThat(head.header("x-image-meta-deleted_at")).isNull();

    Response data = x.a.get("/v1/images/" + id);
    assertThat(data.status()).isEqualTo(200);
    assertThat(data.body()).isEqualTo("abc");
    assertThat(data.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(data.header("Content-Length")).isEqualTo("3");
    expected.forEach((h, v) -> assertThat(data.header(h)).as(h).isEqualTo(v));
  }

  @Test
  void onlyAdminsMayPublicize() {
    assertThat(x.a.create("x-image-meta-is_public", "true").status()).isEqualTo(403);
    Response r = x.adm.create("x-image-meta-is_public", "true");
    assertThat(r.status()).isEqualTo(201);
    assertThat(V1Client.image(r).get("is_public").asBoolean()).isTrue();
    assertThat(x.a.create("x-image-meta-is_public", "false").status()).isEqualTo(201);
  }

  @Test
  void propertyHeadersAreLowerCasedWithUnderscores() {
    Response r = x.a.create("X-Image-Meta-Property-Foo-Bar", "V1", "x-image-meta-property-UPPER", "v2");
    assertThat(r.status()).isEqualTo(201);
    assertThat(props(r)).isEqualTo(Map.of("foo_bar", "V1", "upper", "v2"));
    Response head = x.a.head(V1Client.image(r).get("id").asText());
    assertThat(head.header("x-image-meta-property-foo_bar")).isEqualTo("V1");
  }

  @Test
  void headerNamesAreCaseAndSeparatorInsensitive() {
    for (String header : List.of("X-Image-Meta-Disk-Format", "x-image-meta-disk_format", "X-IMAGE-META-DISK_FORMAT")) {
      Response r = x.a.create(header, "qcow2");
      assertThat(V1Client.image(r).get("disk_format").asText()).as(header).isEqualTo("qcow2");
    }
  }

  static Stream<Arguments> badCreates() {
    return Stream.of(
        Arguments.of(new String[] {"x-image-meta-foo", "x"}, "Bad header: x-image-meta-foo"),
        Arguments.of(new String[] {"x-image-meta-disk_format", "foo"}, "Invalid disk format 'foo'"),
        Arguments.of(new String[] {"x-image-meta-disk_format", "RAW"}, "Invalid disk format 'RAW'"),
        Arguments.of(new String[] {"x-image-meta-container_format", "box"}, "Invalid container format 'box'"),
        Arguments.of(new String[] {"x-image-meta-disk_format", "aki", "x-image-meta-container_format", "bare"},
            "Invalid mix of disk and container formats"),
        Arguments.of(new String[] {"x-image-meta-size", "abc"}, "Cannot convert image size 'abc' to an integer"),
        Arguments.of(new String[] {"x-image-meta-size", "-1"}, "Cannot be a negative value"),
        Arguments.of(new String[] {"x-image-meta-min_ram", "-1"}, "Cannot be a negative value"),
        Arguments.of(new String[] {"x-image-meta-min_ram", "lots"}, "Cannot convert image min_ram 'lots'"),
        Arguments.of(new String[] {"x-image-meta-min_disk", "2147483648"}, "value out of range"),
        Arguments.of(new String[] {"x-image-meta-virtual_size", "big"}, "Cannot convert image virtual_size"),
        Arguments.of(new String[] {"x-image-meta-name", "n".repeat(256)}, "Image name too long: 256"),
        Arguments.of(new String[] {"x-image-meta-checksum", "c".repeat(33)}, "Invalid checksum"),
        Arguments.of(new String[] {"x-image-meta-id", "not-a-uuid"}, "Invalid image id format"),
        Arguments.of(new String[] {"x-image-meta-created_at", "yesterday"}, "Invalid time format for created_at"),
        Arguments.of(new String[] {"x-image-meta-updated_at", "1800-01-01T00:00:00"}, "Invalid time format for updated_at"),
        Arguments.of(new String[] {"x-image-meta-location", ""}, "External source should not be empty"),
        Arguments.of(new String[] {"x-image-meta-location", "file:///etc/passwd"}, "External sources are not supported"),
        Arguments.of(new String[] {"x-glance-api-copy-from", "http://example.com/x.img"}, "External sources are not supported"),
        Arguments.of(new String[] {"x-image-meta-location", "http://a/b", "x-glance-api-copy-from", "http://a/c"},
            "multiple image sources"),
        Arguments.of(new String[] {"x-image-meta-store", "nowhere"}, "Required store nowhere is invalid"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badCreates")
  void malformedMetadataIsRefusedAndCreatesNothing(String[] headers, String phrase) {
    Response r = x.a.create(headers);
    assertThat(r.status()).as("%s", r).isEqualTo(400);
    assertThat(r.body()).contains(phrase);
    assertThat(x.a.ownedEver()).isEmpty();
  }

  @Test
  void kernelFormatsFillInTheMissingHalf() {
    Response r = x.a.create("x-image-meta-disk_format", "aki");
    assertThat(r.status()).isEqualTo(201);
    assertThat(V1Client.image(r).get("container_format").asText()).isEqualTo("aki");
    Response r2 = x.a.create("x-image-meta-container_format", "ari");
    assertThat(V1Client.image(r2).get("disk_format").asText()).isEqualTo("ari");
  }

  @Test
  void imageIdsAreUniqueAcrossProjects() {
    String img = x.a.img();
    assertThat(x.a.create("x-image-meta-id", img).status()).isEqualTo(409);
    Response r = x.b.create("x-image-meta-id", img);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body()).contains("already exists");
    String own = java.util.UUID.randomUUID().toString();
    assertThat(V1Client.idOf(x.b.create("x-image-meta-id", own), 201)).isEqualTo(own);
  }

  @Test
  void dataMustBeOctetStream() {
    Response r = x.a.create("abc".getBytes(), "Content-Type", "text/plain", "x-image-meta-disk_format", "raw",
        "x-image-meta-container_format", "bare");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Content-Type must be application/octet-stream");
    assertThat(x.a.ownedEver()).isEmpty();
  }

  @Test
  void dataNeedsBothFormats() {
    Response r = x.a.create("abc".getBytes(), "x-image-meta-container_format", "bare");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Disk format is not specified");
    assertThat(x.a.ownedEver()).isEmpty();
  }

  @Test
  void sizeZeroReservationIsActiveAndEmpty() {
    Response r = x.a.create("x-image-meta-size", "0");
    assertThat(V1Client.image(r).get("status").asText()).isEqualTo("active");
    Response data = x.a.get("/v1/images/" + V1Client.image(r).get("id").asText());
    assertThat(data.status()).isEqualTo(200);
    assertThat(data.bytes()).isEmpty();
  }

  @Test
  void updatePurgesPropertiesUnlessToldOrUploading() {
    String id = x.a.reserve("x-image-meta-property-a", "1", "x-image-meta-property-b", "2");
    Response get = x.a.get("/v1/images/" + id);
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.body()).contains("is not active");

    Response purged = x.a.update(id, "x-image-meta-property-c", "3");
    assertThat(purged.status()).isEqualTo(200);
    assertThat(props(purged)).isEqualTo(Map.of("c", "3"));
    Response kept = x.a.update(id, "x-image-meta-property-d", "4", "x-glance-registry-purge-props", "false");
    assertThat(props(kept)).isEqualTo(Map.of("c", "3", "d", "4"));

    Response upload = x.a.update(id, "hello".getBytes(), "x-image-meta-property-z", "zz",
        "x-image-meta-disk_format", "raw", "x-image-meta-container_format", "bare");
    assertThat(upload.status()).as("%s", upload).isEqualTo(200);
    assertThat(V1Client.image(upload).get("status").asText()).isEqualTo("active");
    assertThat(V1Client.image(upload).get("size").asLong()).isEqualTo(5);
    assertThat(props(upload)).isEqualTo(Map.of("c", "3", "d", "4", "z", "zz"));
    Response again = x.a.update(id, "more".getBytes());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("Cannot upload to an unqueued image");

    // scenario 23: size and checksum of an active image
    Response size = x.a.update(id, "x-image-meta-size", "99");
    assertThat(size.status()).isEqualTo(403);
    assertThat(size.body()).contains("Forbidden to modify 'size' of active image");
    assertThat(x.a.update(id, "x-image-meta-size", "5", "x-glance-registry-purge-props", "false").status()).isEqualTo(200);
    assertThat(x.a.update(id, "x-image-meta-checksum", "abc").status()).isEqualTo(403);
    assertThat(x.adm.update(id, "x-image-meta-size", "99", "x-glance-registry-purge-props", "false").status()).isEqualTo(200);
    Response status = x.a.update(id, "x-image-meta-status", "queued");
    assertThat(status.status()).isEqualTo(403);
    assertThat(status.body()).contains("Forbidden to modify 'status'");
    assertThat(x.adm.update(id, "x-image-meta-status", "queued").status()).isEqualTo(403);
    assertThat(x.a.update(id, "x-image-meta-status", "active", "x-glance-registry-purge-props", "false").status()).isEqualTo(200);
    assertThat(x.a.head(id).header("x-image-meta-size")).isEqualTo("99");
  }

  static Map<String, String> props(Response r) {
    Map<String, String> out = new java.util.TreeMap<>();
    V1Client.image(r).get("properties").fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    return out;
  }

  @Test
  void onlyAdminsChangeTheOwner() {
    String id = x.a.img();
    Response mine = x.a.update(id, "x-image-meta-owner", x.t("tZ"));
    assertThat(mine.status()).isEqualTo(200);
    assertThat(V1Client.image(mine).get("owner").asText()).isEqualTo(x.t("tA"));
    Response admin = x.adm.update(id, "x-image-meta-owner", x.t("tZ"));
    assertThat(V1Client.image(admin).get("owner").asText()).isEqualTo(x.t("tZ"));
  }

  @Test
  void protectedImagesResistDeletionAndDeletedOnesStayForAdmins() {
    String id = x.a.img();
    assertThat(x.a.update(id, "x-image-meta-protected", "True").status()).isEqualTo(200);
    Response refused = x.a.delete(id);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("Image is protected");
    assertThat(x.a.update(id, "x-image-meta-protected", "False").status()).isEqualTo(200);
    Response deleted = x.a.delete(id);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.bytes()).isEmpty();
    assertThat(x.a.delete(id).status()).isEqualTo(404);
    assertThat(x.a.head(id).status()).isEqualTo(404);
    Response admin = x.adm.head(id);
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.header("x-image-meta-status")).isEqualTo("deleted");
    assertThat(admin.header("x-image-meta-deleted")).isEqualTo("True");
    assertThat(admin.header("x-image-meta-deleted_at")).isNotNull();
    Response update = x.adm.update(id, "x-image-meta-name", "again");
    assertThat(update.status()).isEqualTo(403);
    assertThat(update.body()).contains("Forbidden to update deleted image.");
    assertThat(x.adm.delete(id).status()).isEqualTo(404);
  }

  @Test
  void othersCannotChangeAPublicImage() {
    String id = x.a.img();
    assertThat(x.adm.update(id, "x-image-meta-is_public", "true").status()).isEqualTo(200);
    assertThat(x.b.head(id).status()).isEqualTo(200);
    Response put = x.b.update(id, "x-image-meta-name", "mine");
    assertThat(put.status()).isEqualTo(403);
    assertThat(put.body()).contains("Forbidden to update image");
    Response delete = x.b.delete(id);
    assertThat(delete.status()).isEqualTo(403);
    assertThat(delete.body()).contains("Forbidden to delete image");
  }

  @Test
  void deactivatedImagesAreListedButNotServed() {
    String id = x.a.img();
    assertThat(x.a.http.send("POST", "/v2/images/" + id + "/actions/deactivate",
        java.net.http.HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(204);
    for (V1Client caller : List.of(x.a, x.adm)) {
      Response r = caller.get("/v1/images/" + id);
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.body()).contains("is deactivated");
    }
    assertThat(x.a.head(id).status()).isEqualTo(200);
    assertThat(x.a.ids("/v1/images")).contains(id);
  }

  @Test
  void emptyPropertyValueIsNullAndHasNoHeader() {
    String id = x.a.reserve();
    Response r = x.a.update(id, "x-image-meta-property-c", "", "x-glance-registry-purge-props", "false");
    assertThat(r.status()).isEqualTo(200);
    assertThat(V1Client.image(r).get("properties").get("c").isNull()).isTrue();
    Response head = x.a.head(id);
    assertThat(head.header("x-image-meta-property-c")).isNull();
    assertThat(head.header("ETag")).isNull();
  }

  @Test
  void unknownListParametersAreIgnored() {
    x.a.img();
    assertThat(x.a.ids("/v1/images?owner=" + x.t("tB") + "&deleted=true&foo=bar")).isEqualTo(x.a.ids("/v1/images"));
  }

  @Test
  void clientTimestampsAndDeletedAreIgnored() {
    Response r = x.a.create("x-image-meta-created_at", "2001-01-01T00:00:00", "x-image-meta-deleted", "true",
        "x-image-meta-status", "active");
    assertThat(r.status()).isEqualTo(201);
    JsonNode image = V1Client.image(r);
    assertThat(image.get("created_at").asText()).doesNotStartWith("2001");
    assertThat(image.get("deleted").asBoolean()).isFalse();
    assertThat(image.get("status").asText()).isEqualTo("queued");
  }
}
