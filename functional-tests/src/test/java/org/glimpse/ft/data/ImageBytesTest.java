package org.glimpse.ft.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import com.fasterxml.jackson.databind.JsonNode;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Image data of many chunks through the upload pipeline (1 MiB chunks hashed on two threads while
 * the store writes them) and back through the direct-buffer download, with a configured
 * {@code hashing_algorithm}: the hashes are those of the bytes, the bytes come back unchanged,
 * whole, in ranges across chunk boundaries and through v1, and the data file is the bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageBytesTest {
  private static final int SIZE = 5 * (1 << 20) + 4321;
  private static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  private GlimpseTestServer server;
  private Client a;
  private final byte[] data = new byte[SIZE];

  @BeforeAll
  void start() {
    new Random(42).nextBytes(data);
    server = GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__HASHING_ALGORITHM", "sha3_256"));
    a = server.as("bytes-owner", "member,reader");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void anUploadWithItsLengthIsHashedWithTheConfiguredAlgorithmAndComesBackWhole() throws Exception {
    String id = a.createImage(FORMATS);
    a.putData("/v2/images/" + id + "/file", data).assertStatus(204);
    assertHashes(a.get("/v2/images/" + id).json());
    Response r = a.get("/v2/images/" + id + "/file").assertStatus(200);
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(SIZE));
    assertThat(Arrays.equals(r.bytes(), data)).isTrue();
    assertThat(Arrays.equals(java.nio.file.Files.readAllBytes(server.dataFile(id)), data)).isTrue();
  }

  @Test
  void aChunkedUploadIsHashedTheSame() throws Exception {
    String id = a.createImage(FORMATS);
    a.putChunked("/v2/images/" + id + "/file", new ByteArrayInputStream(data)).assertStatus(204);
    JsonNode image = a.get("/v2/images/" + id).json();
    assertHashes(image);
    assertThat(image.get("size").asLong()).isEqualTo(SIZE);
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1048575,1048576", "1000000,3000000", "5242880,5247200", "5247200,5247200"})
  void rangesAcrossChunkBoundariesAreTheBytesAsked(int first, int last) throws Exception {
    String id = a.createImage(FORMATS);
    a.putData("/v2/images/" + id + "/file", data).assertStatus(204);
    Response r = a.get("/v2/images/" + id + "/file", "Range", "bytes=" + first + "-" + last).assertStatus(206);
    assertThat(r.header("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + SIZE);
    assertThat(Arrays.equals(r.bytes(), Arrays.copyOfRange(data, first, last + 1))).isTrue();
  }

  @Test
  void v1ReadsAndWritesThroughTheSamePipeline() throws Exception {
    Response created = a.send("POST", "/v1/images",
        java.net.http.HttpRequest.BodyPublishers.ofByteArray(data),
        "Content-Type", "application/octet-stream", "x-image-meta-name", "v1-bytes",
        "x-image-meta-disk_format", "raw", "x-image-meta-container_format", "bare",
        "x-image-meta-checksum", hex("MD5")).assertStatus(201);
    JsonNode image = created.json().get("image");
    assertThat(image.get("checksum").asText()).isEqualTo(hex("MD5"));
    String id = image.get("id").asText();
    Response r = a.get("/v1/images/" + id).assertStatus(200);
    assertThat(Arrays.equals(r.bytes(), data)).isTrue();
    assertHashes(a.get("/v2/images/" + id).json());
  }

  private void assertHashes(JsonNode image) throws Exception {
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("checksum").asText()).isEqualTo(hex("MD5"));
    assertThat(image.get("os_hash_algo").asText()).isEqualTo("sha3_256");
    assertThat(image.get("os_hash_value").asText()).isEqualTo(hex("SHA3-256"));
  }

  private String hex(String algorithm) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }
}
