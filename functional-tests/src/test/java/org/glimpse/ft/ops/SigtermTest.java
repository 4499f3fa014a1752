package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to a real glimpse-api process (Main, in a JVM of its own): it stops accepting at once,
 * the upload in flight finishes and is kept, and the process exits within the grace period.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SigtermTest {
  static final int GRACE = 5;
  static final Pattern LISTENING = Pattern.compile("Glimpse listening on http://127\\.0\\.0\\.1:(\\d+)");
  static final String RAW = "\"disk_format\":\"raw\",\"container_format\":\"bare\"";

  private Path dir;
  private Process process;

  @BeforeEach
  void directory() throws IOException {
    dir = Files.createTempDirectory("glimpse-sigterm-");
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void sigtermLetsTheUploadInFlightFinishAndExitsWithinTheGracePeriod() throws Exception {
    Path log = dir.resolve("glimpse.log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.glimpse.server.Main");
    builder.environment().putAll(Map.of(
        "GLIMPSE_DEFAULT__BIND_PORT", "0",
        "GLIMPSE_DEFAULT__GRACEFUL_SHUTDOWN_TIMEOUT", String.valueOf(GRACE),
        "GLIMPSE_DATABASE__CONNECTION", "h2:" + dir.resolve("db/glimpse"),
        "GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR", dir.resolve("images").toString()));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    process = builder.start();
    int port = awaitPort(log, Duration.ofSeconds(60));

    Client owner = Client.of("http://127.0.0.1:" + port, "projTerm", "member,reader");
    String id = owner.createImage("{\"name\":\"in-flight\"," + RAW + "}");
    byte[] half = new byte[128 * 1024];
    Arrays.fill(half, (byte) 'q');
    RawHttp.Upload upload = RawHttp.startUpload(owner.base(), "/v2/images/" + id + "/file",
        owner.identity(), 2L * half.length, half);
    awaitSaving(owner, id);

    process.destroy(); // SIGTERM
    awaitRefused(port);
    Response answer = upload.finish(half);
    assertThat(answer.status()).as("%s", answer).isEqualTo(204);
    assertThat(process.waitFor(GRACE + 10, TimeUnit.SECONDS)).as("exited").isTrue();
    // the JVM's answer to SIGTERM once its shutdown hooks have run
    assertThat(process.exitValue()).isEqualTo(143);

    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(output).contains("stopping: accepting no new connections").contains("stopped serving HTTP");
    assertThat(statusInDatabase(id)).isEqualTo("active");
  }

  private static int awaitPort(Path log, Duration bound) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("glimpse-api did not start: " + Files.readString(log));
  }

  private static void awaitSaving(Client owner, String id) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if ("saving".equals(owner.get("/v2/images/" + id).json().get("status").asText())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("image " + id + " never became saving");
  }

  private static void awaitRefused(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        Thread.sleep(20);
      } catch (ConnectException refused) {
        return;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("still accepting connections 5 s after SIGTERM");
  }

  /** Read from the database the stopped process left, as an operator would check it. */
  private String statusInDatabase(String id) throws SQLException {
    String url = "jdbc:h2:file:" + dir.resolve("db/glimpse") + ";ACCESS_MODE_DATA=r";
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement q = c.prepareStatement("SELECT status FROM images WHERE id = ?")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }
}
