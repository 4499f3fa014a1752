package org.glimpse.ft.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.core.data.format.QemuImg;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image_conversion import plugin with the real qemu-img: an imported qcow2 image is stored as
 * raw with Glance's new disk_format, container_format, size, checksums and virtual_size; data the
 * plugin refuses fails the task and leaves the image queued; no temporary file outlives a task.
 */
class ImageConversionTest extends ServerTest {
  private static final String QCOW2 = "{\"disk_format\":\"qcow2\",\"container_format\":\"ovf\"}";
  @TempDir static Path dir;
  @TempDir static Path work;
  private final WebFixture web = new WebFixture();

  @BeforeAll
  static void qemuImg() {
    QemuImg.require();
  }

  @Override
  protected Map<String, String> overrides() {
    return Map.of(
        "GLIMPSE_IMAGE_IMPORT_OPTS__IMAGE_IMPORT_PLUGINS", "['image_conversion']",
        "GLIMPSE_IMAGE_CONVERSION__OUTPUT_FORMAT", "raw",
        "GLIMPSE_TASK__WORK_DIR", work.toString(),
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", String.valueOf(web.port()));
  }

  @AfterAll
  void stopWeb() {
    web.close();
  }

  @Test
  void aStagedQcow2ImageIsStoredAsRaw() throws Exception {
    byte[] qcow2 = Files.readAllBytes(QemuImg.create(dir, "small.qcow2", "qcow2", null, "3M"));
    String id = a.createImage(QCOW2);
    a.putData("/v2/images/" + id + "/stage", qcow2).assertStatus(204);
    a.postJson("/v2/images/" + id + "/import", "{\"method\": {\"name\": \"glance-direct\"}}").assertStatus(202);

    JsonNode image = ImportTest.waitFor(a, id, "active");
    byte[] raw = a.get("/v2/images/" + id + "/file").assertStatus(200).bytes();

    assertThat(raw).hasSize(3 << 20);
    assertThat(image.get("disk_format").asText()).isEqualTo("raw");
    assertThat(image.get("container_format").asText()).isEqualTo("bare");
    assertThat(image.get("size").asLong()).isEqualTo(3 << 20);
    assertThat(image.get("virtual_size").asLong()).isEqualTo(3 << 20);
    assertThat(image.get("checksum").asText()).isEqualTo(hex("MD5", raw));
    assertThat(image.get("os_hash_value").asText()).isEqualTo(hex("SHA-512", raw));
    // the staged qcow2 is gone: the image holds one object, its raw data
    assertThat(server.storeFiles().stream().filter(f -> f.contains(id))).hasSize(1);
    assertThat(workFiles()).isEmpty();
  }

  @Test
  void dataThePluginRefusesFailsTheTaskAndLeavesNothingBehind() throws Exception {
    // web-download of bytes that are not the qcow2 the image claims
    web.serve("/not-qcow2", new byte[4096]);
    String id = a.createImage(QCOW2);
    a.postJson("/v2/images/" + id + "/import", "{\"method\": {\"name\": \"web-download\", \"uri\": \""
        + web.url("/not-qcow2") + "\"}}").assertStatus(202);

    JsonNode image = ImportTest.waitFor(a, id, "queued");

    assertThat(image.get("disk_format").asText()).isEqualTo("qcow2");
    assertThat(image.get("size").isNull()).isTrue();
    JsonNode task = a.get("/v2/images/" + id + "/tasks").assertStatus(200).json().at("/tasks/0");
    assertThat(task.get("status").asText()).isEqualTo("failure");
    assertThat(task.get("message").asText()).isEqualTo("Image format mismatch");
    assertThat(server.storeFiles().stream().filter(f -> f.contains(id))).isEmpty();
    assertThat(workFiles()).isEmpty();
  }

  @Test
  void anImageAlreadyInTheOutputFormatIsKeptAsItIs() throws Exception {
    byte[] raw = new byte[2 << 20];
    raw[12345] = 7;
    String id = a.createImage("{\"disk_format\":\"raw\",\"container_format\":\"ovf\"}");
    a.putData("/v2/images/" + id + "/stage", raw).assertStatus(204);
    a.postJson("/v2/images/" + id + "/import", "{\"method\": {\"name\": \"glance-direct\"}}").assertStatus(202);

    JsonNode image = ImportTest.waitFor(a, id, "active");

    // Glance changes nothing when the source is already in the output format
    assertThat(image.get("container_format").asText()).isEqualTo("ovf");
    assertThat(image.get("checksum").asText()).isEqualTo(hex("MD5", raw));
    assertThat(a.get("/v2/images/" + id + "/file").assertStatus(200).bytes()).isEqualTo(raw);
    assertThat(workFiles()).isEmpty();
  }

  private static List<Path> workFiles() throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      return files.toList();
    }
  }

  private static String hex(String algo, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data));
  }
}
