package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PUT and GET /v2/images/{id}/file: media types, states, ownership, ranges and checksums. */
class ImageDataTest extends ServerTest {
  static final String PAYLOAD = "abcdefghijklmnopqrstuvwxyz0123456789";
  static final String MD5 = "6d2286301265512f019781cc0ce7a39f";
  static final String SHA512 = "a59b49216a0e3a20443b72c64bdae51d41b33ad08a86a4fb936378dd2f9cd3899809ec31e5259b3b"
      + "4549388d026561362be71548d4393be76da7eeb01839470c";
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  private String active;

  @BeforeAll
  void uploadOne() {
    active = a.createActiveImage(FORMATS, PAYLOAD);
  }

  private String file(String id) {
    return "/v2/images/" + id + "/file";
  }

  @Test
  void uploadMakesTheImageActiveWithItsHashes() {
    JsonNode image = a.get("/v2/images/" + active).json();
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isEqualTo(36);
    assertThat(image.get("virtual_size").asLong()).isEqualTo(36);
    assertThat(image.get("checksum").asText()).isEqualTo(MD5);
    assertThat(image.get("os_hash_algo").asText()).isEqualTo("sha512");
    assertThat(image.get("os_hash_value").asText()).isEqualTo(SHA512);
  }

  @Test
  void downloadSendsTheDataAndItsMd5() {
    Response r = a.get(file(active)).assertStatus(200);
    assertThat(r.body()).isEqualTo(PAYLOAD);
    assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.header("Content-MD5")).isEqualTo(MD5);
    assertThat(r.header("Content-Length")).isEqualTo("36");
    assertThat(r.header("x-openstack-request-id")).startsWith("req-");
    assertThat(r.header("Accept-Ranges")).isNull();
    assertThat(r.header("ETag")).isNull();
    assertThat(a.get(file(active), "If-None-Match", "\"" + MD5 + "\"").assertStatus(200).body()).isEqualTo(PAYLOAD);
  }

  @Test
  void anImageWithoutDataAnswersNoContent() {
    String id = a.createImage(FORMATS);
    Response r = a.get(file(id)).assertStatus(204);
    assertThat(r.bytes()).isEmpty();
    assertThat(r.header("Content-MD5")).isNull();
    assertThat(r.header("Content-Type")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "text/plain", "", "application/x-www-form-urlencoded"})
  void onlyOctetStreamIsAccepted(String type) {
    String id = a.createImage(FORMATS);
    String reported = type.isEmpty() ? "text/plain" : type;
    Response r = type.isEmpty()
        ? a.send("PUT", file(id), java.net.http.HttpRequest.BodyPublishers.ofString("abc"))
        : a.send("PUT", file(id), java.net.http.HttpRequest.BodyPublishers.ofString("abc"), "Content-Type", type);
    r.assertError(415, "The request media type " + reported + " is not supported by this server.");
    assertThat(r.header("Accept-Patch")).isNull();
    assertThat(a.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    // checked before the image is looked up
    a.send("PUT", file("00000000-0000-0000-0000-000000000000"), java.net.http.HttpRequest.BodyPublishers.ofString("abc"),
        "Content-Type", "application/json").assertStatus(415);
  }

  @Test
  void bothFormatsMustBeSetFirst() {
    String none = a.createImage("{}");
    a.putData(file(none), "x".getBytes())
        .assertError(400, "Properties disk_format, container_format must be set prior to saving data.");
    String diskOnly = a.createImage("{\"disk_format\":\"raw\"}");
    a.putData(file(diskOnly), "x".getBytes()).assertError(400, "Property container_format must be set prior to saving data.");
    String containerOnly = a.createImage("{\"container_format\":\"bare\"}");
    a.putData(file(containerOnly), "x".getBytes()).assertError(400, "Property disk_format must be set prior to saving data.");
    assertThat(a.get("/v2/images/" + none).json().get("status").asText()).isEqualTo("queued");
  }

  @Test
  void dataIsWrittenOnce() {
    a.putData(file(active), "again".getBytes())
        .assertError(409, "Image status transition from active to saving is not allowed");
    assertThat(a.get(file(active)).body()).isEqualTo(PAYLOAD);
  }

  @Test
  void whoMayUploadAndDownload() {
    String mine = a.createImage(FORMATS);
    b.putData(file(mine), "x".getBytes()).assertError(404, "No image found with ID " + mine);
    b.get(file(active)).assertError(404, "No image found with ID " + active);
    a.get(file("00000000-0000-0000-0000-000000000000"))
        .assertError(404, "No image found with ID 00000000-0000-0000-0000-000000000000");

    String pub = admin.createImage("{\"visibility\":\"public\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}");
    a.putData(file(pub), "x".getBytes()).assertError(403, "Not allowed to upload image data for image " + pub);
    admin.putData(file(pub), "public-bytes".getBytes()).assertStatus(204);
    assertThat(a.get(file(pub)).assertStatus(200).body()).isEqualTo("public-bytes");
    assertThat(b.get(file(pub)).assertStatus(200).body()).isEqualTo("public-bytes");
  }

  @Test
  void deactivatedDataIsForAdminsOnly() {
    String id = a.createActiveImage(FORMATS, "0123456789abcdefghij");
    a.post("/v2/images/" + id + "/actions/deactivate").assertStatus(204);
    a.get(file(id)).assertError(403, "The requested image has been deactivated. Image data download is forbidden.");
    Response r = admin.get(file(id)).assertStatus(200);
    assertThat(r.body()).isEqualTo("0123456789abcdefghij");
    assertThat(r.header("Content-MD5")).isNotNull();
    a.putData(file(id), "x".getBytes()).assertError(409, "Image status transition from deactivated to saving is not allowed");
    a.post("/v2/images/" + id + "/actions/reactivate").assertStatus(204);
    a.get(file(id)).assertStatus(200);
  }

  @Test
  void emptyDataIsData() {
    String id = a.createImage(FORMATS);
    a.putData(file(id), new byte[0]).assertStatus(204);
    JsonNode image = a.get("/v2/images/" + id).json();
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isZero();
    assertThat(image.get("checksum").asText()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(image.get("virtual_size").isNull()).isTrue();
    Response r = a.get(file(id)).assertStatus(200);
    assertThat(r.bytes()).isEmpty();
    a.get(file(id), "Range", "bytes=0-0").assertError(416,
        "Invalid start position in Range header. Start position MUST be in the inclusive range [0, -1].");
  }

  @Test
  void chunkedUploadNeedsNoLength() throws Exception {
    String id = a.createImage(FORMATS);
    a.putChunked(file(id), RawHttp.pattern(300_000)).assertStatus(204);
    JsonNode image = a.get("/v2/images/" + id).json();
    assertThat(image.get("size").asLong()).isEqualTo(300_000);
    byte[] expected = RawHttp.pattern(300_000).readAllBytes();
    assertThat(image.get("checksum").asText()).isEqualTo(md5(expected));
    assertThat(a.get(file(id)).bytes()).isEqualTo(expected);
  }

  @Test
  void virtualSizeComesFromTheDiskFormat() {
    ByteBuffer qcow2 = ByteBuffer.allocate(512);
    qcow2.putInt(0, 0x514649fb).putInt(4, 3).putLong(24, 1L << 30);
    String q = a.createImage("{\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}");
    a.putData(file(q), qcow2.array()).assertStatus(204);
    assertThat(a.get("/v2/images/" + q).json().get("virtual_size").asLong()).isEqualTo(1L << 30);

    // data not in its disk_format is refused (require_image_format_match), the image stays queued
    String notQcow2 = a.createImage("{\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}");
    a.putData(file(notQcow2), utf8(PAYLOAD)).assertError(415, "Image disk_format qcow2 does not match stream data raw");
    assertThat(a.get("/v2/images/" + notQcow2).json().get("status").asText()).isEqualTo("queued");
    // formats that cannot be inspected take any data, without a virtual size
    String ami = a.createActiveImage("{\"disk_format\":\"ami\",\"container_format\":\"ami\"}", PAYLOAD);
    assertThat(a.get("/v2/images/" + ami).json().get("virtual_size").isNull()).isTrue();
  }

  static Stream<Arguments> ranges() {
    return Stream.of(
        Arguments.of("Range", "bytes=0-9", "bytes 0-9/36", "abcdefghij"),
        Arguments.of("Range", "bytes=5-", "bytes 5-35/36", PAYLOAD.substring(5)),
        Arguments.of("Range", "bytes=-5", "bytes 31-35/36", "56789"),
        Arguments.of("Range", "bytes=30-100", "bytes 30-35/36", "456789"),
        Arguments.of("Range", "bytes=0-0", "bytes 0-0/36", "a"),
        Arguments.of("Range", "bytes=35-35", "bytes 35-35/36", "9"),
        Arguments.of("Range", "bytes=-100", "bytes 0-35/36", PAYLOAD),
        Arguments.of("Range", "bytes=-0", "bytes 0-35/36", PAYLOAD),
        Arguments.of("Range", "bytes=0-5xyz", "bytes 0-5/36", "abcdef"),
        Arguments.of("Range", "BYTES=0-1", "bytes 0-1/36", "ab"),
        Arguments.of("Content-Range", "bytes 0-50/100", "bytes 0-35/36", PAYLOAD),
        Arguments.of("Content-Range", "bytes 0-9/*", "bytes 0-9/36", "abcdefghij"),
        Arguments.of("Content-Range", "bytes 0-9/36", "bytes 0-9/36", "abcdefghij"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("ranges")
  void rangesArePartialContent(String header, String value, String contentRange, String body) {
    Response r = a.get(file(active), header, value).assertStatus(206);
    assertThat(r.body()).isEqualTo(body);
    assertThat(r.header("Content-Range")).isEqualTo(contentRange);
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(body.length()));
    assertThat(r.header("Content-MD5")).as("md5 of the whole image").isEqualTo(MD5);
  }

  static Stream<Arguments> badRanges() {
    String start = "Invalid start position in Range header. Start position MUST be in the inclusive range [0, 35].";
    return Stream.of(
        Arguments.of("Range", "bytes=36-40", 416, start),
        Arguments.of("Range", "bytes=100-200", 416, start),
        Arguments.of("Range", "bytes=100-", 416, start),
        Arguments.of("Range", "bytes=9-0", 416, "Invalid Range header."),
        Arguments.of("Range", "garbage", 416, "Invalid Range header."),
        Arguments.of("Range", "items=0-5", 416, "Invalid Range header."),
        Arguments.of("Range", "bytes=99999999999999999999-", 416, "Invalid Range header."),
        Arguments.of("Range", "bytes=0-1,5-6", 400, "Requests with multiple ranges are not supported in Glance. "
            + "You may make multiple single-range requests instead."),
        Arguments.of("Content-Range", "bytes 100-200/*", 416, "Invalid stop position in Content-Range header. "
            + "The stop position MUST be in the inclusive range [0, 35]."),
        Arguments.of("Content-Range", "bytes 9-0/*", 416, "Invalid Content-Range header."),
        Arguments.of("Content-Range", "garbage", 416, "Invalid Content-Range header."),
        // Glance answers 500 to these two
        Arguments.of("Content-Range", "bytes */36", 416, "Invalid Content-Range header."),
        Arguments.of("Range", "bytes=-", 416, "Invalid Range header."));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badRanges")
  void badRangesAreRefused(String header, String value, int status, String detail) {
    Response r = a.get(file(active), header, value).assertError(status, detail);
    if (status == 416) {
      assertThat(r.errorText()).contains("The Range requested is not available.");
      assertThat(r.header("Content-Range")).isNull();
    }
  }

  @Test
  void fileTakesOnlyGetAndPut() {
    for (String method : List.of("POST", "DELETE", "PATCH")) {
      Response r = a.send(method, file(active), java.net.http.HttpRequest.BodyPublishers.noBody())
          .assertError(405, "The method " + method + " is not allowed for this resource.");
      assertThat(r.header("Allow")).isEqualTo("GET, PUT");
    }
    Response head = a.send("HEAD", file(active), java.net.http.HttpRequest.BodyPublishers.noBody()).assertStatus(405);
    assertThat(head.header("Allow")).isEqualTo("GET, PUT");
    assertThat(head.bytes()).isEmpty();
  }

  @Test
  void deletingAnImageRemovesItsData() throws IOException {
    String id = a.createActiveImage(FORMATS, "to be removed");
    assertThat(storedFiles()).anyMatch(name -> name.startsWith(id + "~"));
    a.delete("/v2/images/" + id).assertStatus(204);
    assertThat(storedFiles()).noneMatch(name -> name.contains(id));
    a.get(file(id)).assertError(404, "No image found with ID " + id);
  }

  private List<String> storedFiles() {
    try (Stream<Path> files = Files.list(server.imageDir())) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String md5(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
