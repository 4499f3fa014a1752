package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glimpse.ft.support.Client;
import org.glimpse.core.data.format.QemuImg;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Uploads of real images made by qemu-img: safe ones become active with qemu-img's virtual size;
 * unsafe ones (CVE-2024-32498) and data not in the declared disk_format are refused with 415, as
 * Glance (2024.2 and later) refuses them, leaving the image queued (v2) or killed (v1) and nothing
 * in the store.
 */
class SafeFormatsTest extends ServerTest {
  @TempDir static Path dir;
  static byte[] backed;

  @BeforeAll
  static void images() throws Exception {
    QemuImg.require();
    Path base = QemuImg.create(dir, "base.qcow2", "qcow2", null, "1M");
    backed = Files.readAllBytes(QemuImg.create(dir, "top.qcow2", "qcow2",
        "backing_file=" + base + ",backing_fmt=qcow2", "1M"));
  }

  private static String file(String id) {
    return "/v2/images/" + id + "/file";
  }

  private static String formats(String disk) {
    return "{\"disk_format\":\"" + disk + "\",\"container_format\":\"bare\"}";
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({"qcow2,qcow2,", "vmdk,vmdk,subformat=streamOptimized", "vpc,vhd,", "vhdx,vhdx,", "vdi,vdi,"})
  void aGoodImageBecomesActiveWithQemuImgsVirtualSize(String qemuFormat, String diskFormat, String options)
      throws Exception {
    Path image = QemuImg.create(dir, "good." + diskFormat, qemuFormat, options, "33M");
    String id = a.createImage(formats(diskFormat));
    a.putData(file(id), Files.readAllBytes(image)).assertStatus(204);
    JsonNode got = a.get("/v2/images/" + id).json();
    assertThat(got.get("status").asText()).isEqualTo("active");
    assertThat(got.get("virtual_size").asLong()).isEqualTo(QemuImg.virtualSize(image, qemuFormat));
  }

  @ParameterizedTest
  @CsvSource({"qcow2", "raw"})
  void aQcow2WithABackingFileIsRefusedAndNothingKept(String claimed) {
    String id = a.createImage(formats(claimed));
    a.putData(file(id), backed).assertError(415, "Image failed safety checks");
    assertQueuedWithNothingStored(a, id);
  }

  @Test
  void aVmdkDescriptorOfFlatExtentsIsNotVmdkData() throws Exception {
    byte[] descriptor = Files.readAllBytes(QemuImg.create(dir, "flat.vmdk", "vmdk", "subformat=monolithicFlat", "1M"));
    String id = a.createImage(formats("vmdk"));
    a.putData(file(id), descriptor).assertError(415, "Image disk_format vmdk does not match stream data raw");
    assertQueuedWithNothingStored(a, id);
  }

  @Test
  void v1KillsTheImageWhoseDataIsUnsafe() {
    Response created = a.send("POST", "/v1/images", HttpRequest.BodyPublishers.noBody(),
        "x-image-meta-name", "unsafe", "x-image-meta-disk_format", "qcow2", "x-image-meta-container_format", "bare");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String id = created.json().get("image").get("id").asText();
    a.send("PUT", "/v1/images/" + id, HttpRequest.BodyPublishers.ofByteArray(backed),
        "Content-Type", "application/octet-stream").assertError(415, "Image failed safety checks");
    assertThat(a.send("HEAD", "/v1/images/" + id, HttpRequest.BodyPublishers.noBody())
        .header("x-image-meta-status")).isEqualTo("killed");
    assertThat(server.storeFiles()).noneMatch(name -> name.contains(id));
  }

  private void assertQueuedWithNothingStored(Client c, String id) {
    JsonNode image = c.get("/v2/images/" + id).json();
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.get("size").isNull()).isTrue();
    assertThat(image.get("virtual_size").isNull()).isTrue();
    assertThat(server.storeFiles()).noneMatch(name -> name.contains(id));
  }
}
