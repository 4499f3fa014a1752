package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One domain, two faces (spec §12a): images and memberships made through one API, read and changed through the other. */
class V1CrossApiTest {
  Actors x;

  @BeforeEach
  void setUp() {
    x = new Actors(V1Servers.standard());
  }

  static JsonNode v2(V1Client caller, String id) {
    Response r = caller.http.get("/v2/images/" + id);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json();
  }

  static Response setVisibility(V1Client caller, String id, String visibility) {
    return caller.http.patch("/v2/images/" + id, "[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"" + visibility + "\"}]");
  }

  /** A v2 image with data, of the given visibility, owned by the caller. */
  static String v2Image(V1Client caller, String visibility) {
    Client http = caller.http;
    Response created = http.postJson("/v2/images", "{\"name\":\"two\",\"disk_format\":\"raw\",\"container_format\":\"bare\","
        + "\"visibility\":\"" + visibility + "\",\"OSType\":\"Linux\",\"tags\":[\"t1\"]}");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(http.putData("/v2/images/" + id + "/file", "hello".getBytes()).status()).isEqualTo(204);
    return id;
  }

  @Test
  void v1ImageSharedThroughV2ReadsInV1() {
    String img = x.a.img();
    assertThat(v2(x.a, img).get("visibility").asText()).isEqualTo("shared");
    assertThat(v2(x.a, img).get("checksum").asText()).isEqualTo(V1ImagesTest.ABC_MD5);
    assertThat(x.a.http.postJson("/v2/images/" + img + "/members", "{\"member\":\"" + x.t("tB") + "\"}").status()).isEqualTo(200);
    // v1 counts a pending v2 membership
    assertThat(x.b.head(img).status()).isEqualTo(200);
    assertThat(x.b.ids("/v1/images")).contains(img);
    assertThat(x.a.memberMap(img)).containsExactly(Map.entry(x.t("tB"), false));
    assertThat(x.b.sharedImages(x.t("tB"))).containsExactly(Map.entry(img, false));
  }

  @Test
  void textSetThroughV2ThatNoHeaderMayCarryIsShownWithSpacesInV1() {
    Response created = x.a.http.postJson("/v2/images", "{\"name\":\"a\\u0001b\\r\\nX-Injected: yes\\u007f\","
        + "\"note\":\"tab\\tkept\\u0085\"}");
    String id = created.assertStatus(201).json().get("id").asText();
    Response head = RawHttp.exchange(x.a.http.base(), "HEAD /v1/images/" + id + " HTTP/1.1\r\nHost: x\r\n"
        + "X-Project-Id: " + x.t("tA") + "\r\nX-Roles: member", new byte[0]);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("x-image-meta-name")).isEqualTo("a b  X-Injected: yes");
    assertThat(head.header("X-Injected")).isNull();
    assertThat(head.header("x-image-meta-property-note")).isEqualTo("tab\tkept");
  }

  @Test
  void v2StatusAndV1CanShareLiveOnOneRow() {
    String img = x.a.img();
    x.a.addMember(img, x.t("tB"));
    Response pending = x.b.http.get("/v2/images/" + img + "/members/" + x.t("tB"));
    assertThat(pending.json().get("status").asText()).isEqualTo("pending");
    assertThat(x.b.http.putJson("/v2/images/" + img + "/members/" + x.t("tB"), "{\"status\":\"accepted\"}").status()).isEqualTo(200);
    assertThat(x.a.addMember(img, x.t("tB"), "{\"member\":{\"can_share\":true}}").status()).isEqualTo(204);
    assertThat(x.b.http.get("/v2/images/" + img + "/members/" + x.t("tB")).json().get("status").asText()).isEqualTo("accepted");
    assertThat(x.b.http.get("/v2/images?member_status=accepted").json().get("images").toString()).contains(img);
    assertThat(x.b.http.putJson("/v2/images/" + img + "/members/" + x.t("tB"), "{\"status\":\"rejected\"}").status()).isEqualTo(200);
    assertThat(x.a.memberMap(img)).containsExactly(Map.entry(x.t("tB"), true));
    assertThat(x.b.addMember(img, x.t("tC")).status()).isEqualTo(204);
    assertThat(x.a.http.get("/v2/images/" + img + "/members").json().get("members").size()).isEqualTo(2);
  }

  @Test
  void v2ImageSharedInV2ReadsAndSharesInV1() {
    String id = v2Image(x.a, "shared");
    assertThat(x.a.http.postJson("/v2/images/" + id + "/members", "{\"member\":\"" + x.t("tB") + "\"}").status()).isEqualTo(200);
    assertThat(x.b.ids("/v1/images")).contains(id);
    assertThat(x.b.get("/v1/images/" + id).body()).isEqualTo("hello");
    assertThat(x.a.memberMap(id)).containsExactly(Map.entry(x.t("tB"), false));
    Response head = x.a.head(id);
    assertThat(head.header("x-image-meta-is_public")).isEqualTo("False");
    assertThat(head.header("x-image-meta-property-ostype")).isEqualTo("Linux");
    assertThat(head.header("x-image-meta-checksum")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    JsonNode detail = V1Client.image(x.a.update(id, "x-glance-registry-purge-props", "false"));
    assertThat(detail.get("properties").get("OSType").asText()).isEqualTo("Linux");
    // a v1 purge replaces properties but leaves the v2-only tags alone
    x.a.update(id, "x-image-meta-property-os_distro", "debian");
    JsonNode after = v2(x.a, id);
    assertThat(after.has("OSType")).isFalse();
    assertThat(after.get("os_distro").asText()).isEqualTo("debian");
    assertThat(after.get("tags").toString()).contains("t1");
  }

  @Test
  void privateInV2HidesV1MembersUntilSharedAgain() {
    String img = x.a.img();
    x.a.addMember(img, x.t("tB"));
    assertThat(setVisibility(x.a, img, "private").status()).isEqualTo(200);
    assertThat(x.b.head(img).status()).isEqualTo(404);
    assertThat(x.b.ids("/v1/images")).doesNotContain(img);
    assertThat(x.a.head(img).header("x-image-meta-is_public")).isEqualTo("False");
    assertThat(setVisibility(x.a, img, "shared").status()).isEqualTo(200);
    assertThat(x.b.head(img).status()).isEqualTo(200);
  }

  static Stream<Arguments> isPublicToVisibility() {
    return Stream.of(
        Arguments.of("private", "true", "public"),
        Arguments.of("private", "false", "shared"),
        Arguments.of("community", "false", "shared"),
        Arguments.of("public", "false", "shared"),
        Arguments.of("private", null, "private"),
        Arguments.of("community", null, "community"));
  }

  @ParameterizedTest(name = "v2 {0} + v1 is_public {1} → v2 {2}")
  @MethodSource("isPublicToVisibility")
  void isPublicWritesVisibility(String before, String isPublic, String after) {
    String id = v2Image(x.adm, before);
    assertThat(x.adm.head(id).header("x-image-meta-is_public")).isEqualTo(before.equals("public") ? "True" : "False");
    Response r = isPublic == null ? x.adm.update(id, "x-image-meta-name", "renamed")
        : x.adm.update(id, "x-image-meta-is_public", isPublic);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(v2(x.adm, id).get("visibility").asText()).isEqualTo(after);
  }

  @Test
  void killedV1UploadsAreHiddenFromV2Lists() {
    Response r = x.a.create("abc".getBytes(), "x-image-meta-disk_format", "raw", "x-image-meta-container_format", "bare",
        "x-image-meta-size", "4");
    assertThat(r.status()).isEqualTo(400);
    String id = x.a.ownedEver().get(0);
    assertThat(v2(x.a, id).get("status").asText()).isEqualTo("killed");
    assertThat(x.a.http.get("/v2/images").json().get("images").toString()).doesNotContain(id);
  }

  @Test
  void v1CreatedImagesAreV2ImagesWithTheSameFields() {
    Response r = x.a.create("abc".getBytes(), "x-image-meta-name", "both", "x-image-meta-disk_format", "raw",
        "x-image-meta-container_format", "bare", "x-image-meta-min_ram", "64", "x-image-meta-protected", "true",
        "x-image-meta-property-os_distro", "debian");
    String id = V1Client.idOf(r, 201);
    JsonNode two = v2(x.a, id);
    assertThat(two.get("name").asText()).isEqualTo("both");
    assertThat(two.get("min_ram").asInt()).isEqualTo(64);
    assertThat(two.get("protected").asBoolean()).isTrue();
    assertThat(two.get("os_distro").asText()).isEqualTo("debian");
    assertThat(two.get("size").asLong()).isEqualTo(3);
    assertThat(two.get("os_hash_algo").asText()).isEqualTo("sha512");
    assertThat(x.a.http.get("/v2/images/" + id + "/file").body()).isEqualTo("abc");
  }

  @Test
  void deletedThroughV2IsGoneInV1() {
    String img = x.a.img();
    assertThat(x.a.http.delete("/v2/images/" + img).status()).isEqualTo(204);
    assertThat(x.a.head(img).status()).isEqualTo(404);
    assertThat(x.adm.head(img).header("x-image-meta-status")).isEqualTo("deleted");
  }
}
