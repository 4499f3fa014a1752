package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uploads that fail (spec §6, §8.1 step 9; scenarios 17, 19, 24): a clear 4xx, the image killed
 * (or never created when the failure is known before anything is written), and no data left in
 * the store directory.
 */
class V1UploadFailureTest {
  static final String[] FORMATS = {"x-image-meta-disk_format", "raw", "x-image-meta-container_format", "bare"};

  static Stream<Arguments> mismatches() {
    return Stream.of(
        Arguments.of("x-image-meta-checksum", "deadbeef", "Supplied checksum (deadbeef)"),
        Arguments.of("x-image-meta-size", "5", "Supplied size (5) and size generated from uploaded image (3) did not match"),
        Arguments.of("x-image-meta-size", "2", "Supplied size (2) and size generated from uploaded image (3) did not match"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("mismatches")
  void dataThatDisagreesWithItsHeadersKillsTheImage(String header, String value, String phrase) {
    Actors x = new Actors(V1Servers.standard());
    Response r = x.a.create("abc".getBytes(), V1Client.with(FORMATS, header, value));
    assertThat(r.status()).as("%s", r).isEqualTo(400);
    assertThat(r.body()).contains(phrase).contains("did not match");
    assertThat(x.a.ownedEver()).hasSize(1);
    assertThat(x.a.ids("/v1/images")).doesNotContainAnyElementsOf(x.a.ownedEver());
    assertKilledWithoutData(x, x.server);
  }

  @Test
  void declaredSizeAboveTheCapIsRefusedUpFront() {
    Actors x = new Actors(V1Servers.tight());
    Response declared = x.a.create(V1Client.with(FORMATS, "x-image-meta-size", "101"));
    assertThat(declared.status()).isEqualTo(400);
    assertThat(declared.body()).contains("Denying attempt to upload image larger than 100 bytes.");
    Response sized = x.a.create(new byte[101], FORMATS);
    assertThat(sized.status()).isEqualTo(400);
    assertThat(sized.body()).contains("Denying attempt to upload image larger than 100 bytes.");
    assertThat(x.a.ownedEver()).isEmpty();
  }

  @Test
  void chunkedDataPastTheCapIsRefusedWhileStreaming() {
    Actors x = new Actors(V1Servers.tight());
    HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[150]));
    Response r = x.a.http.send("POST", "/v1/images", chunked, V1Client.with(FORMATS, "Content-Type", V1Client.OCTET));
    assertThat(r.status()).as("%s", r).isEqualTo(413);
    assertThat(r.body()).contains("Denying attempt to upload image larger than 100 bytes.");
    assertKilledWithoutData(x, x.server);
  }

  @Test
  void chunkedDataWithinTheCapIsStored() {
    Actors x = new Actors(V1Servers.tight());
    HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[100]));
    Response r = x.a.http.send("POST", "/v1/images", chunked, V1Client.with(FORMATS, "Content-Type", V1Client.OCTET));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(V1Client.image(r).get("size").asLong()).isEqualTo(100);
  }

  @Test
  void uploadToAReservedSizeMustMatchIt() {
    Actors x = new Actors(V1Servers.standard());
    String id = x.a.reserve(V1Client.with(FORMATS, "x-image-meta-size", "5"));
    Response r = x.a.update(id, "abc".getBytes());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Supplied size (5) and size generated from uploaded image (3) did not match");
    assertThat(x.a.head(id).header("x-image-meta-status")).isEqualTo("killed");
    assertThat(x.a.update(id, "abcde".getBytes()).status()).isEqualTo(409);
    assertKilledWithoutData(x, x.server);
  }

  @Test
  void uploadWithTheWrongContentTypeKillsAQueuedImage() {
    Actors x = new Actors(V1Servers.standard());
    String id = x.a.reserve(FORMATS);
    Response r = x.a.update(id, "abc".getBytes(), "Content-Type", "text/plain");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Content-Type must be application/octet-stream");
    assertThat(x.a.head(id).header("x-image-meta-status")).isEqualTo("killed");
    assertKilledWithoutData(x, x.server);
  }

  @Test
  void uploadWithoutFormatsLeavesTheImageQueued() {
    Actors x = new Actors(V1Servers.standard());
    String id = x.a.reserve();
    Response r = x.a.update(id, "abc".getBytes());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Disk format is not specified.");
    assertThat(x.a.head(id).header("x-image-meta-status")).isEqualTo("queued");
  }

  @Test
  void aBodyCutShortOfItsContentLengthKillsTheImage() throws IOException {
    Actors x = new Actors(V1Servers.standard());
    URI base = URI.create(x.server.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head = "POST /v1/images HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
          + "X-Project-Id: " + x.t("tA") + "\r\nX-Roles: member\r\n"
          + "x-image-meta-disk_format: raw\r\nx-image-meta-container_format: bare\r\n"
          + "Content-Type: application/octet-stream\r\nContent-Length: 10\r\nConnection: close\r\n\r\nabc";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("Client disconnected");
    }
    assertKilledWithoutData(x, x.server);
  }

  /** Every image A ever made is killed, and the store holds nothing for any of them. */
  static void assertKilledWithoutData(Actors x, GlimpseTestServer server) {
    Response r = x.a.get("/v1/images/detail?changes-since=2000-01-01");
    List<JsonNode> own = new java.util.ArrayList<>();
    r.json().get("images").forEach(i -> {
      if (i.get("owner").asText().equals(x.t("tA"))) {
        own.add(i);
      }
    });
    assertThat(own).isNotEmpty();
    for (JsonNode image : own) {
      assertThat(image.get("status").asText()).isEqualTo("killed");
      assertThat(image.get("checksum").isNull()).isTrue();
      assertNoData(server, image.get("id").asText());
    }
  }

  static void assertNoData(GlimpseTestServer server, String id) {
    Path dir = server.imageDir();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(id));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
