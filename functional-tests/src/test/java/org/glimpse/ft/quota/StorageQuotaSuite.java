package org.glimpse.ft.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.DatabaseSuite;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.Test;

/**
 * user_storage_quota is hard: 16 uploads at once (half announcing their size, half chunked) that
 * together exceed the quota never store more than it, each refused one answers 413 and is left
 * queued, and what was refused leaves nothing in the store.
 */
abstract class StorageQuotaSuite extends DatabaseSuite {
  static final int MIB = 1 << 20;
  static final long QUOTA = 10L * MIB;
  static final int UPLOADS = 16;
  static final int EACH = MIB + 12345;

  @Override
  protected Map<String, String> overrides() {
    return Map.of("GLIMPSE_DEFAULT__USER_STORAGE_QUOTA", String.valueOf(QUOTA));
  }

  @Test
  void parallelUploadsNeverExceedTheQuota() throws Exception {
    Client c = server.as("projQuotaRace", "member");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < UPLOADS; i++) {
      ids.add(c.createImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\"}"));
    }
    byte[] data = new byte[EACH];
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
    List<Future<Response>> answers = new ArrayList<>();
    for (int i = 0; i < UPLOADS; i++) {
      String path = "/v2/images/" + ids.get(i) + "/file";
      boolean chunked = i % 2 == 0;
      answers.add(pool.submit(() -> {
        start.await();
        return chunked ? c.putChunked(path, new ByteArrayInputStream(data)) : c.putData(path, data);
      }));
    }
    start.countDown();
    int accepted = 0;
    for (Future<Response> f : answers) {
      Response r = f.get();
      if (r.status() == 204) {
        accepted++;
      } else {
        r.assertError(413, "Image exceeds the storage quota");
      }
    }
    pool.shutdown();

    long stored = 0;
    int active = 0;
    for (String id : ids) {
      JsonNode image = c.get("/v2/images/" + id).json();
      String status = image.get("status").asText();
      assertThat(status).isIn("active", "queued");
      if (status.equals("active")) {
        active++;
        stored += image.get("size").asLong();
      } else {
        assertThat(server.storeFiles()).noneMatch(name -> name.contains(id));
      }
    }
    assertThat(active).isEqualTo(accepted);
    assertThat(accepted).isBetween(1, (int) (QUOTA / EACH));
    assertThat(stored).isLessThanOrEqualTo(QUOTA);
    // what is left of the quota can still be used, exactly
    String last = ids.stream().filter(id -> c.get("/v2/images/" + id).json().get("status").asText().equals("queued"))
        .findFirst().orElseThrow();
    long left = QUOTA - stored;
    c.putData("/v2/images/" + last + "/file", new byte[(int) left + 1]).assertError(413, "Image exceeds the storage quota");
    c.putChunked("/v2/images/" + last + "/file", new ByteArrayInputStream(new byte[(int) left])).assertStatus(204);
  }

  @Test
  void usageReportsWhatTheProjectHoldsAndTheQuotaAsItsSizeLimit() {
    Client c = server.as("projUsage", "member");
    String stored = c.createImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\"}");
    c.putData("/v2/images/" + stored + "/file", new byte[2 * MIB + 7]).assertStatus(204);
    String staged = c.createImage("{\"disk_format\":\"raw\",\"container_format\":\"bare\"}");
    c.putData("/v2/images/" + staged + "/stage", new byte[MIB]).assertStatus(204);
    c.createImage("{}");
    server.as("projUsageOther", "member").createImage("{}");

    JsonNode usage = c.get("/v2/info/usage").assertStatus(200).json().get("usage");

    assertThat(usage.get("image_size_total").get("usage").asLong()).isEqualTo(2);
    assertThat(usage.get("image_size_total").get("limit").asLong()).isEqualTo(QUOTA / MIB);
    assertThat(usage.get("image_stage_total").get("usage").asLong()).isEqualTo(1);
    assertThat(usage.get("image_count_total").get("usage").asLong()).isEqualTo(3);
    assertThat(usage.get("image_count_uploading").get("usage").asLong()).isEqualTo(1);
    for (String unlimited : List.of("image_stage_total", "image_count_total", "image_count_uploading")) {
      assertThat(usage.get(unlimited).get("limit").asLong()).as(unlimited).isEqualTo(-1);
    }
    assertThat(usage.size()).isEqualTo(4);
  }
}
