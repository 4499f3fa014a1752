package org.glimpse.ft.keystone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Keystone;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Unified limits behind the real Keystone (scripts/keystone-up.sh): an image service of its own
 * (service, endpoint in RegionOne, registered limits), project limits over the defaults, a limits
 * user with a system reader role in [oslo_limit]; creates and uploads refused at the limit with
 * Glance's 413, the limits reported by /v2/info/usage, and no slot given twice under concurrency.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeystoneLimitsTest {
  private static final String REGION = "RegionOne";
  private static final String RAW = "{\"disk_format\": \"raw\", \"container_format\": \"bare\"}";

  private Keystone keystone;
  private GlimpseTestServer server;
  private Keystone.User limited;
  private Keystone.User defaulted;
  private Keystone.User noUploads;
  private Keystone.User racer;
  private Keystone.User sized;
  private Keystone.User parallel;

  @BeforeAll
  void start() {
    keystone = Keystone.require();
    String service = keystone.service("image");
    String endpoint = keystone.endpoint(service, REGION, "http://127.0.0.1:9/limits-test");
    keystone.registeredLimit(service, REGION, "image_count_total", 5);
    keystone.registeredLimit(service, REGION, "image_count_uploading", 2);
    keystone.registeredLimit(service, REGION, "image_size_total", -1);
    keystone.registeredLimit(service, REGION, "image_stage_total", -1);
    limited = member("limits-two", service, Map.of("image_count_total", 2L));
    defaulted = member("limits-default", service, Map.of());
    noUploads = member("limits-no-upload", service, Map.of("image_count_uploading", 0L));
    racer = member("limits-race", service, Map.of("image_count_total", 3L));
    sized = member("limits-size", service, Map.of("image_size_total", 1L, "image_stage_total", 1L));
    parallel = member("limits-parallel", service, Map.of("image_size_total", 1L, "image_stage_total", 1L,
        "image_count_total", 20L, "image_count_uploading", 20L));
    Keystone.User reader = keystone.systemUser("limits-reader", "reader");

    Map<String, String> settings = new HashMap<>(keystone.glimpseSettings());
    settings.put("GLIMPSE_DEFAULT__USE_KEYSTONE_LIMITS", "true");
    settings.put("GLIMPSE_OSLO_LIMIT__ENDPOINT_ID", endpoint);
    settings.put("GLIMPSE_OSLO_LIMIT__AUTH_URL", Keystone.url());
    settings.put("GLIMPSE_OSLO_LIMIT__USERNAME", reader.name());
    settings.put("GLIMPSE_OSLO_LIMIT__PASSWORD", reader.password());
    settings.put("GLIMPSE_OSLO_LIMIT__USER_DOMAIN_NAME", "Default");
    settings.put("GLIMPSE_OSLO_LIMIT__SYSTEM_SCOPE", "all");
    server = GlimpseTestServer.start(null, settings);
  }

  private Keystone.User member(String prefix, String service, Map<String, Long> limits) {
    String project = keystone.project(prefix);
    limits.forEach((resource, limit) -> keystone.projectLimit(service, REGION, project, resource, limit));
    return keystone.user(prefix, project, "member", "reader");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (keystone != null) {
      keystone.close();
    }
  }

  private Client as(Keystone.User user) {
    return Client.withToken(server.baseUrl(), keystone.token(user));
  }

  private static JsonNode usage(Client client, String resource) {
    Response r = client.get("/v2/info/usage");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().path("usage").path(resource);
  }

  @Test
  void aProjectLimitRefusesTheCreatePastItWithGlances413AndUsageReportsIt() {
    Client me = as(limited);
    me.createImage(RAW);
    me.createImage(RAW);
    Response third = me.postJson("/v2/images", RAW);
    assertThat(third.status()).as("%s", third).isEqualTo(413);
    assertThat(third.body()).contains("is over a limit for")
        .contains("Resource image_count_total is over limit of 2 due to current usage 2 and delta 1");

    JsonNode count = usage(me, "image_count_total");
    assertThat(count.path("usage").asLong()).isEqualTo(2);
    assertThat(count.path("limit").asLong()).isEqualTo(2);
    assertThat(usage(me, "image_size_total").path("limit").asLong()).isEqualTo(-1);
  }

  @Test
  void aProjectWithoutItsOwnLimitGetsTheRegisteredDefault() {
    Client me = as(defaulted);
    assertThat(usage(me, "image_count_total").path("limit").asLong()).isEqualTo(5);
    assertThat(usage(me, "image_count_uploading").path("limit").asLong()).isEqualTo(2);
  }

  @Test
  void uploadAndStageAreRefusedAtImageCountUploadingAndTheImageStaysQueued() {
    Client me = as(noUploads);
    String id = me.createImage(RAW);
    Response upload = me.putData("/v2/images/" + id + "/file", "data".getBytes());
    assertThat(upload.status()).as("%s", upload).isEqualTo(413);
    assertThat(upload.body()).contains("Resource image_count_uploading is over limit of 0");
    Response stage = me.putData("/v2/images/" + id + "/stage", "data".getBytes());
    assertThat(stage.status()).as("%s", stage).isEqualTo(413);
    assertThat(me.get("/v2/images/" + id).json().path("status").asText()).isEqualTo("queued");
    assertThat(usage(me, "image_count_uploading").path("usage").asLong()).isZero();
  }

  /** Runs the requests at once, released together; their statuses in order. */
  private static List<Integer> atOnce(List<java.util.concurrent.Callable<Response>> requests) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(requests.size());
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (java.util.concurrent.Callable<Response> request : requests) {
        answers.add(pool.submit(() -> {
          go.await();
          return request.call().status();
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(2, TimeUnit.MINUTES));
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eightConcurrentCreatesWithThreeSlotsLeaveExactlyThree() throws Exception {
    Client me = as(racer);
    List<java.util.concurrent.Callable<Response>> creates = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      creates.add(() -> me.postJson("/v2/images", RAW));
    }
    List<Integer> statuses = atOnce(creates);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
    assertThat(statuses).filteredOn(s -> s == 413).hasSize(5);
    assertThat(usage(me, "image_count_total").path("usage").asLong()).isEqualTo(3);
    assertThat(me.get("/v2/images").json().path("images")).hasSize(3);
  }

  @Test
  void storedAndStagedDataAreBoundByImageSizeTotalAndImageStageTotal() {
    Client me = as(sized);
    String first = me.createImage(RAW);
    assertThat(me.putData("/v2/images/" + first + "/file", new byte[700 * 1024]).status()).isEqualTo(204);

    String second = me.createImage(RAW);
    Response announced = me.putData("/v2/images/" + second + "/file", new byte[400 * 1024]);
    assertThat(announced.status()).as("%s", announced).isEqualTo(413);
    assertThat(announced.body()).contains("Resource image_size_total is over limit of 1");
    Response chunked = me.putChunked("/v2/images/" + second + "/file",
        new java.io.ByteArrayInputStream(new byte[400 * 1024]));
    assertThat(chunked.status()).as("%s", chunked).isEqualTo(413);
    assertThat(me.get("/v2/images/" + second).json().path("status").asText()).isEqualTo("queued");
    assertThat(me.putData("/v2/images/" + second + "/file", new byte[300 * 1024]).status()).isEqualTo(204);

    String third = me.createImage(RAW);
    Response stage = me.putData("/v2/images/" + third + "/stage", new byte[(1 << 20) + 1]);
    assertThat(stage.status()).as("%s", stage).isEqualTo(413);
    assertThat(stage.body()).contains("Resource image_stage_total is over limit of 1");
    assertThat(me.putData("/v2/images/" + third + "/stage", new byte[1 << 20]).status()).isEqualTo(204);

    JsonNode size = usage(me, "image_size_total");
    assertThat(size.path("limit").asLong()).isEqualTo(1);
    assertThat(size.path("usage").asLong()).isZero(); // 1000 KiB, in MiB rounded down
    assertThat(usage(me, "image_stage_total").path("usage").asLong()).isEqualTo(1);
  }

  @Test
  void concurrentUploadsAndStagesNeverPassTheirDataLimits() throws Exception {
    Client me = as(parallel);
    List<java.util.concurrent.Callable<Response>> uploads = new ArrayList<>();
    List<java.util.concurrent.Callable<Response>> stages = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String upload = me.createImage(RAW);
      String stage = me.createImage(RAW);
      // 400 KiB each: two fit in 1 MiB, three do not
      uploads.add(() -> me.putData("/v2/images/" + upload + "/file", new byte[400 * 1024]));
      stages.add(() -> me.putData("/v2/images/" + stage + "/stage", new byte[400 * 1024]));
    }
    List<Integer> uploaded = atOnce(uploads);
    assertThat(uploaded).filteredOn(s -> s == 204).hasSize(2);
    assertThat(uploaded).filteredOn(s -> s == 413).hasSize(2);
    List<Integer> staged = atOnce(stages);
    assertThat(staged).filteredOn(s -> s == 204).hasSize(2);
    assertThat(staged).filteredOn(s -> s == 413).hasSize(2);
  }
}
