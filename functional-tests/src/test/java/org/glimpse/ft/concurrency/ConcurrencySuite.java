package org.glimpse.ft.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * Concurrent changes to one image over HTTP: none may undo another, the member quota must hold,
 * and nothing may answer 5xx. One server per class on the database {@link #database()} names (a
 * subclass per database); requests go out from a bounded pool, released together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class ConcurrencySuite {
  static final int WRITERS = 16;
  static final int MEMBER_QUOTA = 128;
  static final int MEMBER_REQUESTS = 160;
  static final long UPLOAD_SIZE = 200L * 1024 * 1024;

  private final TestDatabase database = database();
  private GlimpseTestServer server;
  private Client owner;
  private ExecutorService pool;
  private String skipReason;

  TestDatabase database() {
    return TestDatabase.h2();
  }

  @BeforeAll
  void startServer() {
    String connection;
    try {
      connection = database.create();
    } catch (TestAbortedException e) {
      // aborting here would hide the reason (surefire reports "0 tests"): skip each test instead
      skipReason = e.getMessage();
      System.err.println(getClass().getSimpleName() + ": " + skipReason);
      return;
    }
    server = GlimpseTestServer.start(connection,
        Map.of("GLIMPSE_DEFAULT__IMAGE_MEMBER_QUOTA", String.valueOf(MEMBER_QUOTA)));
    owner = server.as("projRace", "member,reader");
    pool = Executors.newFixedThreadPool(WRITERS);
  }

  @BeforeEach
  void skipWithoutDatabase() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
  }

  @AfterAll
  void stopServer() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
    database.drop();
  }

  @Test
  void parallelPatchesAddingDifferentPropertiesAllStay() {
    String id = owner.createImage("{\"name\":\"race-patch\",\"disk_format\":\"raw\","
        + "\"container_format\":\"bare\"}");
    List<Response> answers = parallel(WRITERS, i -> owner.patch("/v2/images/" + id,
        "[{\"op\":\"add\",\"path\":\"/p" + i + "\",\"value\":\"v" + i + "\"}]"));
    assertNo5xx(answers);
    assertThat(answers).allSatisfy(r -> r.assertStatus(200));
    JsonNode image = ok(owner.get("/v2/images/" + id)).json();
    for (int i = 0; i < WRITERS; i++) {
      assertThat(image.path("p" + i).asText(null)).as("property p%d of %s", i, image)
          .isEqualTo("v" + i);
    }
  }

  @Test
  void parallelTagAddsAllStay() {
    String id = owner.createImage("{\"name\":\"race-tags\",\"disk_format\":\"raw\","
        + "\"container_format\":\"bare\"}");
    List<Response> answers = parallel(WRITERS, i -> owner.put("/v2/images/" + id + "/tags/t" + i));
    assertNo5xx(answers);
    assertThat(answers).allSatisfy(r -> r.assertStatus(204));
    List<String> tags = new ArrayList<>();
    ok(owner.get("/v2/images/" + id)).json().get("tags").forEach(t -> tags.add(t.asText()));
    assertThat(tags).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, WRITERS).mapToObj(i -> "t" + i).toList());
  }

  /**
   * The upload body stops after its first mebibyte until the PATCH has been answered, so the
   * PATCH lands while the image is saving; the upload then finishes and must keep it.
   */
  @Test
  void patchDuringUploadSurvivesTheUpload() throws Exception {
    String id = owner.createImage("{\"name\":\"race-upload\",\"disk_format\":\"raw\","
        + "\"container_format\":\"bare\"}");
    CountDownLatch patched = new CountDownLatch(1);
    GeneratedData data = new GeneratedData(UPLOAD_SIZE, 1024 * 1024, patched);
    Future<Response> upload = CompletableFuture.supplyAsync(
        () -> owner.putChunked("/v2/images/" + id + "/file", data), pool);
    try {
      awaitStatus(id, "saving", upload);
      Response patch = owner.patch("/v2/images/" + id,
          "[{\"op\":\"add\",\"path\":\"/during_upload\",\"value\":\"kept\"}]");
      assertNo5xx(List.of(patch));
      assertThat(patch.assertStatus(200).json().get("status").asText())
          .as("the PATCH saw the upload under way").isEqualTo("saving");
      assertThat(upload.isDone()).as("upload still waiting for the rest of its body").isFalse();
    } finally {
      patched.countDown();
    }
    Response uploaded = upload.get(60, TimeUnit.SECONDS);
    assertNo5xx(List.of(uploaded));
    uploaded.assertStatus(204);
    JsonNode image = ok(owner.get("/v2/images/" + id)).json();
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isEqualTo(UPLOAD_SIZE);
    assertThat(image.get("checksum").asText()).isEqualTo(data.md5());
    assertThat(image.path("during_upload").asText(null))
        .as("property set during the upload, in %s", image).isEqualTo("kept");
  }

  @Test
  void parallelMemberAddsStopAtTheQuota() {
    String id = owner.createImage("{\"name\":\"race-members\",\"disk_format\":\"raw\","
        + "\"container_format\":\"bare\",\"visibility\":\"shared\"}");
    List<Response> answers = parallel(MEMBER_REQUESTS, i ->
        owner.postJson("/v2/images/" + id + "/members", "{\"member\":\"projMember" + i + "\"}"));
    assertNo5xx(answers);
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 413));
    assertThat(answers.stream().filter(r -> r.status() == 200).count()).as("members added")
        .isEqualTo(MEMBER_QUOTA);
    assertThat(answers.stream().filter(r -> r.status() == 413).count()).as("adds refused")
        .isEqualTo(MEMBER_REQUESTS - MEMBER_QUOTA);
    JsonNode members = ok(owner.get("/v2/images/" + id + "/members")).json().get("members");
    assertThat(members).as("member list").hasSize(MEMBER_QUOTA);
  }

  /** Runs {@code call(0 … n-1)} on the pool, all released at once; the answers in order. */
  private List<Response> parallel(int n, IntFunction<Response> call) {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Response>> futures = IntStream.range(0, n)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
          await(start);
          return call.apply(i);
        }, pool)).toList();
    start.countDown();
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private void awaitStatus(String id, String status, Future<Response> upload) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Response r = ok(owner.get("/v2/images/" + id));
      if (r.json().get("status").asText().equals(status)) {
        return;
      }
      if (upload.isDone()) {
        throw new AssertionError("upload ended before the image was " + status + ": "
            + upload.get());
      }
      assertThat(System.nanoTime()).as("image %s reaching %s", id, status).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Response ok(Response r) {
    assertNo5xx(List.of(r));
    return r.assertStatus(200);
  }

  private static void assertNo5xx(List<Response> answers) {
    assertThat(answers).as("answers with a 5xx status").noneMatch(r -> r.status() >= 500);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code size} bytes of a fixed pattern, made as they are read (never held in memory), with
   * their MD5. After {@code pauseAfter} bytes a read waits until {@code resume} is released.
   */
  static final class GeneratedData extends InputStream {
    private final long size;
    private final long pauseAfter;
    private final CountDownLatch resume;
    private final MessageDigest md5;
    private long position;

    GeneratedData(long size, long pauseAfter, CountDownLatch resume) {
      this.size = size;
      this.pauseAfter = pauseAfter;
      this.resume = resume;
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      if (position >= pauseAfter) {
        await(resume);
      }
      long limit = position < pauseAfter ? pauseAfter : size;
      int n = (int) Math.min(len, limit - position);
      for (int i = 0; i < n; i++) {
        long p = position + i;
        b[off + i] = (byte) (p ^ (p >>> 8) ^ (p >>> 17));
      }
      md5.update(b, off, n);
      position += n;
      return n;
    }

    /** The MD5 of everything read so far, in hex (all of it once the stream is exhausted). */
    String md5() {
      try {
        return HexFormat.of().formatHex(((MessageDigest) md5.clone()).digest());
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
