package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping (what SIGTERM does, see {@link SigtermTest}): no new connections, requests in flight
 * finish within graceful_shutdown_timeout, and uploads that would not are failed cleanly, their
 * images queued again when the server comes back on the same data.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {
  static final int GRACE = 4;
  /** Uploads still running this long into the grace period are failed. */
  static final Duration FAIL_UPLOADS_AT = Duration.ofSeconds(GRACE / 2);
  static final Duration MARGIN = Duration.ofSeconds(4);
  static final String RAW = "\"disk_format\":\"raw\",\"container_format\":\"bare\"";

  private static GlimpseTestServer start() {
    return GlimpseTestServer.start(null,
        Map.of("GLIMPSE_DEFAULT__GRACEFUL_SHUTDOWN_TIMEOUT", String.valueOf(GRACE)));
  }

  @Test
  void anUploadInFlightFinishesWhileNewConnectionsAreRefused() throws Exception {
    try (GlimpseTestServer server = start()) {
      Client owner = server.as("projStop", "member,reader");
      String id = owner.createImage("{\"name\":\"finishes\"," + RAW + "}");
      byte[] half = pattern(256 * 1024, 'a');
      RawHttp.Upload upload = RawHttp.startUpload(server.baseUrl(), "/v2/images/" + id + "/file",
          owner.identity(), 2L * half.length, half);
      awaitStatus(owner, id, "saving");
      int port = URI.create(server.baseUrl()).getPort();

      Thread stopper = new Thread(server::stop, "stopper");
      stopper.start();
      awaitRefused(port);
      Response answer = upload.finish(half);
      assertThat(answer.status()).as("%s", answer).isEqualTo(204);
      stopper.join(Duration.ofSeconds(GRACE).plus(MARGIN).toMillis());
      assertThat(stopper.isAlive()).as("still stopping").isFalse();

      server.startAgain();
      Client again = server.as("projStop", "member,reader");
      assertThat(again.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("active");
      byte[] whole = Arrays.copyOf(half, 2 * half.length);
      System.arraycopy(half, 0, whole, half.length, half.length);
      assertThat(again.get("/v2/images/" + id + "/file").bytes()).isEqualTo(whole);
    }
  }

  @Test
  void uploadsStillRunningNearTheEndAreFailedAndTheirImagesQueuedAgain() throws Exception {
    try (GlimpseTestServer server = start()) {
      Client owner = server.as("projStop", "member,reader");
      String streaming = owner.createImage("{\"name\":\"streaming\"," + RAW + "}");
      String stalled = owner.createImage("{\"name\":\"stalled\"," + RAW + "}");
      int port = URI.create(server.baseUrl()).getPort();
      // one upload keeps sending (well above the minimum rate) and would take a minute
      Socket steady = openUpload(port, streaming, 60L * 64 * 1024);
      // one sent its first bytes and then nothing (it would wait for the idle timeout)
      Socket silent = openUpload(port, stalled, 1024 * 1024);
      awaitStatus(owner, streaming, "saving");
      awaitStatus(owner, stalled, "saving");

      long start = System.nanoTime();
      Thread stopper = new Thread(server::stop, "stopper");
      stopper.start();
      String answer = sendUntilAnswered(steady, Duration.ofSeconds(GRACE).plus(MARGIN));
      assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After:")
          .contains("shutting down");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(FAIL_UPLOADS_AT.minusMillis(500));
      // the silent one was closed (Jetty closes connections idle for a second while stopping),
      // with a refusal at most
      silent.setSoTimeout((int) MARGIN.toMillis());
      String silentAnswer = new String(silent.getInputStream().readAllBytes(),
          StandardCharsets.ISO_8859_1);
      assertThat(silentAnswer).satisfiesAnyOf(
          a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 4"));
      stopper.join(Duration.ofSeconds(GRACE).plus(MARGIN).toMillis());
      assertThat(stopper.isAlive()).as("still stopping").isFalse();
      steady.close();
      silent.close();

      server.startAgain();
      Client again = server.as("projStop", "member,reader");
      for (String id : new String[] {streaming, stalled}) {
        assertThat(again.get("/v2/images/" + id).json().get("status").asText()).as(id)
            .isEqualTo("queued");
      }
      try (Stream<Path> files = Files.list(server.imageDir())) {
        assertThat(files).isEmpty();
      }
    }
  }

  private static Socket openUpload(int port, String id, long length) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = socket.getOutputStream();
    out.write(("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: glimpse\r\nX-Project-Id: projStop\r\n"
        + "Content-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.write(pattern(64 * 1024, 'z'));
    out.flush();
    return socket;
  }

  /** Sends 64 KiB every 100 ms until the server answers; returns the answer's head. */
  private static String sendUntilAnswered(Socket socket, Duration bound) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    byte[] chunk = pattern(64 * 1024, 'z');
    InputStream in = socket.getInputStream();
    while (System.nanoTime() < deadline) {
      if (in.available() > 0) {
        break;
      }
      try {
        socket.getOutputStream().write(chunk);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        break; // the server answered and closed: read what it said
      }
      Thread.sleep(100);
    }
    socket.setSoTimeout((int) MARGIN.toMillis());
    byte[] head = in.readNBytes(1024);
    return new String(head, StandardCharsets.ISO_8859_1);
  }

  private static void awaitRefused(int port) throws InterruptedException {
    long deadline = System.nanoTime() + MARGIN.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        Thread.sleep(20);
      } catch (ConnectException refused) {
        return;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .as("a new connection while stopping").isInstanceOf(ConnectException.class);
  }

  private static void awaitStatus(Client owner, String id, String status) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (status.equals(owner.get("/v2/images/" + id).json().get("status").asText())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("image " + id + " never became " + status);
  }

  private static byte[] pattern(int size, char c) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }
}
