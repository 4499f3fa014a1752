package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * Uploads that fail half-way: beyond image_size_cap, beyond user_storage_quota, or cut off by the
 * client. Each leaves the image queued (ready for another try) and nothing in the store.
 */
class UploadLimitsTest extends ServerTest {
  static final int CAP = 1000;
  static final int QUOTA = 1500;
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  @Override
  protected Map<String, String> overrides() {
    return Map.of("GLIMPSE_DEFAULT__IMAGE_SIZE_CAP", String.valueOf(CAP),
        "GLIMPSE_DEFAULT__USER_STORAGE_QUOTA", String.valueOf(QUOTA));
  }

  private static String file(String id) {
    return "/v2/images/" + id + "/file";
  }

  @Test
  void theSizeCapIsEnforcedWhateverTheClientAnnounces() {
    Client c = server.as("projCap", "member");
    String id = c.createImage(FORMATS);
    c.putData(file(id), new byte[CAP + 1]).assertError(413, "The incoming image is too large");
    assertQueuedWithNothingStored(c, id);
    c.putChunked(file(id), RawHttp.pattern(CAP + 500)).assertError(413, "The incoming image is too large");
    assertQueuedWithNothingStored(c, id);
    c.putData(file(id), new byte[CAP]).assertStatus(204);
    assertThat(c.get("/v2/images/" + id).json().get("size").asInt()).isEqualTo(CAP);
  }

  @Test
  void theStorageQuotaCountsTheOwnersOtherImages() {
    Client c = server.as("projQuota", "member");
    String first = c.createImage(FORMATS);
    c.putData(file(first), new byte[900]).assertStatus(204);
    String second = c.createImage(FORMATS);
    c.putData(file(second), new byte[601]).assertError(413, "Image exceeds the storage quota");
    assertQueuedWithNothingStored(c, second);
    c.putChunked(file(second), RawHttp.pattern(700)).assertError(413, "Image exceeds the storage quota");
    assertQueuedWithNothingStored(c, second);
    c.putData(file(second), new byte[600]).assertStatus(204);
    // another project has its own quota
    Client other = server.as("projQuota2", "member");
    other.putData(file(other.createImage(FORMATS)), new byte[900]).assertStatus(204);
    // deleting frees the space
    String third = c.createImage(FORMATS);
    c.putData(file(third), new byte[500]).assertStatus(413);
    c.delete("/v2/images/" + first).assertStatus(204);
    c.putData(file(third), new byte[500]).assertStatus(204);
  }

  @Test
  void anUploadCutOffByTheClientLeavesTheImageQueued() throws InterruptedException {
    Client c = server.as("projCut", "member");
    String id = c.createImage(FORMATS);
    RawHttp.Upload upload = RawHttp.startUpload(server.baseUrl(), file(id), c.identity(), 800, new byte[300]);
    awaitStatus(c, id, "saving");
    upload.abort();
    awaitStatus(c, id, "queued");
    assertQueuedWithNothingStored(c, id);
    // and it can be uploaded again
    c.putData(file(id), "complete".getBytes()).assertStatus(204);
    assertThat(c.get(file(id)).body()).isEqualTo("complete");
  }

  @Test
  void aBigAnnouncedUploadIsRefusedBeforeItIsRead() {
    Client c = server.as("projBig", "member");
    String id = c.createImage(FORMATS);
    c.putData(file(id), new byte[4 << 20]).assertError(413, "The incoming image is too large");
    assertQueuedWithNothingStored(c, id);
  }

  @Test
  void anImageDeletedDuringItsUploadKeepsNoData() throws InterruptedException {
    Client c = server.as("projGone", "member");
    String id = c.createImage(FORMATS);
    RawHttp.Upload upload = RawHttp.startUpload(server.baseUrl(), file(id), c.identity(), 600, new byte[300]);
    awaitStatus(c, id, "saving");
    // a second upload meanwhile is a conflict
    c.putData(file(id), new byte[10]).assertError(409, "Image status transition from saving to saving is not allowed");
    c.delete("/v2/images/" + id).assertStatus(204);
    upload.finish(new byte[300]).assertError(410, "could not be found after upload");
    assertThat(storedFiles()).noneMatch(name -> name.contains(id));
  }

  private static void awaitStatus(Client c, String id, String wanted) throws InterruptedException {
    String status = null;
    for (int i = 0; i < 400 && !wanted.equals(status); i++) {
      Thread.sleep(25);
      status = c.get("/v2/images/" + id).json().get("status").asText();
    }
    assertThat(status).isEqualTo(wanted);
  }

  private void assertQueuedWithNothingStored(Client c, String id) {
    var image = c.get("/v2/images/" + id).json();
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.get("size").isNull()).isTrue();
    assertThat(image.get("checksum").isNull()).isTrue();
    c.get(file(id)).assertStatus(204);
    assertThat(storedFiles()).as("files in the store").noneMatch(name -> name.contains(id));
  }

  private List<String> storedFiles() {
    try (Stream<Path> files = Files.list(server.imageDir())) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
