package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.glimpse.db.ConnectionString;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.TcpProxy;
import org.glimpse.ft.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * The database goes away under a running Glimpse and comes back: while it is away every request
 * that needs it is answered 503 with Retry-After within the pool timeout (and a margin), never
 * a hang or a 500; when it is back, Glimpse serves again without a restart and every write it
 * acknowledged is there, while none it refused is. "Away" is a {@link TcpProxy} between Glimpse
 * and the shared database server that cuts and refuses connections; the server itself is never
 * stopped. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class DatabaseOutageSuite {
  static final int POOL_TIMEOUT = 2;
  static final int STATEMENT_TIMEOUT = 2;
  /** What a busy machine may add to a bound. */
  static final Duration MARGIN = Duration.ofSeconds(4);
  /** Seconds an upload may stall before recovery takes its image back (kept short for the test). */
  static final int UPLOAD_STALL_TIME = 3;
  static final String RAW = "\"disk_format\":\"raw\",\"container_format\":\"bare\"";

  private final TestDatabase database = database();
  private TcpProxy proxy;
  private String connection;
  private GlimpseTestServer server;
  private Client owner;
  private String skipReason;

  abstract TestDatabase database();

  /** The port the database server listens on. */
  abstract int databasePort();

  @BeforeAll
  void start() {
    try {
      connection = database.create();
    } catch (TestAbortedException e) {
      // aborting here would hide the reason (surefire reports "0 tests"): skip each test instead
      skipReason = e.getMessage();
      System.err.println(getClass().getSimpleName() + ": " + skipReason);
      return;
    }
    proxy = TcpProxy.to(databasePort());
    server = GlimpseTestServer.start(proxy.route(connection), Map.of(
        "GLIMPSE_DATABASE__POOL_TIMEOUT", String.valueOf(POOL_TIMEOUT),
        "GLIMPSE_DATABASE__STATEMENT_TIMEOUT", String.valueOf(STATEMENT_TIMEOUT),
        "GLIMPSE_DEFAULT__UPLOAD_STALL_TIME", String.valueOf(UPLOAD_STALL_TIME)));
    // bounded, so that a hang fails the test instead of stalling it
    owner = server.as("projOutage", "member,reader").withTimeout(Duration.ofSeconds(30));
  }

  @BeforeEach
  void skipWithoutDatabase() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
  }

  @AfterEach
  void databaseBack() {
    if (proxy != null) {
      proxy.resume();
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    database.drop();
  }

  @Test
  void duringAnOutageEveryRequestIsA503WithRetryAfterAndAfterItNothingAcknowledgedIsLost() {
    String queued = owner.createImage("{\"name\":\"kept-queued\"," + RAW + "}");
    assertThat(owner.patch("/v2/images/" + queued,
        "[{\"op\":\"add\",\"path\":\"/color\",\"value\":\"blue\"}]").status()).isEqualTo(200);
    byte[] data = "the acknowledged bytes".getBytes(StandardCharsets.UTF_8);
    String active = owner.createImage("{\"name\":\"kept-active\"," + RAW + "}");
    assertThat(owner.putData("/v2/images/" + active + "/file", data).status()).isEqualTo(204);

    proxy.refuse();
    // all at once: each must be answered within the pool timeout, whatever the others do
    Duration bound = Duration.ofSeconds(POOL_TIMEOUT).plus(MARGIN);
    List<Supplier<Response>> requests = List.of(
        () -> owner.get("/v2/images"),
        () -> owner.get("/v2/images/" + queued),
        () -> owner.postJson("/v2/images", "{\"name\":\"refused\"," + RAW + "}"),
        () -> owner.patch("/v2/images/" + queued,
            "[{\"op\":\"replace\",\"path\":\"/color\",\"value\":\"red\"}]"),
        () -> owner.put("/v2/images/" + queued + "/tags/refused"),
        () -> owner.delete("/v2/images/" + active),
        () -> owner.get("/v2/images/" + active + "/file"),
        () -> owner.postJson("/v2/images/" + active + "/members", "{\"member\":\"projOther\"}"),
        () -> owner.get("/v1/images/detail"),
        () -> owner.send("HEAD", "/v1/images/" + active, HttpRequest.BodyPublishers.noBody()));
    ExecutorService clients = Executors.newFixedThreadPool(requests.size());
    try {
      requests.stream()
          .map(request -> CompletableFuture.runAsync(() -> unavailableWithin(bound, request), clients))
          .toList()
          .forEach(CompletableFuture::join);
    } finally {
      clients.shutdownNow();
    }
    // the healthcheck does not look at the database (as oslo's default backends)
    assertThat(owner.get("/healthcheck").status()).isEqualTo(200);

    proxy.resume();
    awaitRecovery();
    JsonNode kept = owner.get("/v2/images/" + queued).json();
    assertThat(kept.get("status").asText()).isEqualTo("queued");
    assertThat(kept.get("color").asText()).isEqualTo("blue");
    assertThat(kept.get("tags")).isEmpty();
    JsonNode stored = owner.get("/v2/images/" + active).json();
    assertThat(stored.get("status").asText()).isEqualTo("active");
    assertThat(owner.get("/v2/images/" + active + "/file").bytes()).isEqualTo(data);
    assertThat(names(owner.get("/v2/images?limit=100").json()))
        .contains("kept-queued", "kept-active").doesNotContain("refused");
    assertThat(owner.get("/v2/images/" + active + "/members").json().get("members")).isEmpty();
    // and it takes writes again
    String after = owner.createImage("{\"name\":\"after\"," + RAW + "}");
    assertThat(owner.get("/v2/images/" + after).status()).isEqualTo(200);
  }

  @Test
  void anUploadInFlightWhenTheDatabaseGoesEndsPromptlyWith503AndStoresNothing() throws Exception {
    String id = owner.createImage("{\"name\":\"cut-upload\"," + RAW + "}");
    byte[] half = new byte[512 * 1024];
    Arrays.fill(half, (byte) 'x');
    RawHttp.Upload upload = RawHttp.startUpload(owner.base(), "/v2/images/" + id + "/file",
        owner.identity(), 2L * half.length, half);
    awaitStatus(id, "saving");

    proxy.refuse();
    long start = System.nanoTime();
    Response answer = upload.finish(half);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(answer.status()).as("%s", answer).isEqualTo(503);
    assertThat(answer.header("Retry-After")).isNotBlank();
    // the record cannot be stored, nor put back: two waits for a connection at most
    assertThat(took).isLessThan(Duration.ofSeconds(2L * POOL_TIMEOUT).plus(MARGIN));

    proxy.resume();
    awaitRecovery();
    // Whether the record took the data before the connection went is unknown to the upload, so
    // the data stays until the upload's lease expires; then recovery takes the image back and
    // the sweep removes the object. Both within a few stall times.
    long deadline = System.nanoTime() + Duration.ofSeconds(6L * UPLOAD_STALL_TIME).plus(MARGIN).toNanos();
    JsonNode image;
    boolean leftovers;
    do {
      Thread.sleep(200);
      image = owner.get("/v2/images/" + id).json();
      try (Stream<Path> files = Files.list(server.imageDir())) {
        leftovers = files.map(p -> p.getFileName().toString()).anyMatch(n -> n.contains(id));
      }
    } while ((leftovers || image.get("status").asText().equals("saving")) && System.nanoTime() < deadline);
    assertThat(image.get("status").asText()).as("%s", image).isEqualTo("queued");
    assertThat(image.get("checksum").isNull()).isTrue();
    assertThat(leftovers).as("data of the cut upload left in the store").isFalse();
  }

  @Test
  void aStatementPastTheStatementTimeoutIsCancelledAndAnswered503() throws SQLException {
    String id = owner.createImage("{\"name\":\"locked\"," + RAW + "}");
    ConnectionString direct = ConnectionString.parse(connection);
    try (Connection holder = DriverManager.getConnection(direct.jdbcUrl(), direct.user(),
        direct.password())) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT id FROM images WHERE id = ? FOR UPDATE")) {
        lock.setString(1, id);
        lock.executeQuery().close();
      }
      // the PATCH waits for the row lock until its statement is cancelled
      unavailableWithin(Duration.ofSeconds(STATEMENT_TIMEOUT).plus(MARGIN), () -> owner.patch(
          "/v2/images/" + id, "[{\"op\":\"add\",\"path\":\"/color\",\"value\":\"red\"}]"));
      holder.rollback();
    }
    Response patched = owner.patch("/v2/images/" + id,
        "[{\"op\":\"add\",\"path\":\"/color\",\"value\":\"green\"}]");
    assertThat(patched.status()).as("%s", patched).isEqualTo(200);
    assertThat(patched.json().get("color").asText()).isEqualTo("green");
  }

  private static void unavailableWithin(Duration bound, Supplier<Response> request) {
    long start = System.nanoTime();
    Response r = request.get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.status()).as("%s", r).isEqualTo(503);
    assertThat(r.header("Retry-After")).as("%s", r).matches("[1-9][0-9]*");
    assertThat(took).as("answer time of %s", r).isLessThan(bound);
  }

  /**
   * Waits until listing works again; the pool retries connecting with a backoff of up to 5 s,
   * and each try of ours waits at most the pool timeout.
   */
  private void awaitRecovery() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = owner.get("/v2/images");
      if (last.status() == 200) {
        return;
      }
      assertThat(last.status()).as("%s", last).isEqualTo(503);
    }
    throw new AssertionError("no recovery within 30 s: " + last);
  }

  private void awaitStatus(String id, String status) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (status.equals(owner.get("/v2/images/" + id).json().get("status").asText())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("image " + id + " never became " + status);
  }

  private static List<String> names(JsonNode listing) {
    List<String> names = new ArrayList<>();
    listing.get("images").forEach(i -> names.add(i.get("name").asText()));
    return names;
  }
}
