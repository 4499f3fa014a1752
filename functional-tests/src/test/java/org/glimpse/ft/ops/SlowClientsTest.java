package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that send slowly or stop sending are cut off, and never keep the server from answering
 * the others: raw sockets on loopback, in bounded numbers and for bounded times. Each test starts
 * a server whose thread pool (16) is smaller than the number of slow clients.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientsTest {
  static final int THREADS = 16;
  static final int SLOW_CLIENTS = 40;
  static final int HEADER_TIMEOUT = 2;
  static final int BODY_TIMEOUT = 3;
  static final int SOCKET_TIMEOUT = 15;
  /** The minimum rate of image data is checked over each 5 s the server waits for it. */
  static final Duration RATE_WINDOW = Duration.ofSeconds(5);
  /** What a busy machine may add to a deadline. */
  static final Duration MARGIN = Duration.ofSeconds(4);
  static final String RAW = "\"disk_format\":\"raw\",\"container_format\":\"bare\"";

  private static GlimpseTestServer start() {
    return GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__HTTP_THREADS", String.valueOf(THREADS),
        "GLIMPSE_DEFAULT__CLIENT_HEADER_TIMEOUT", String.valueOf(HEADER_TIMEOUT),
        "GLIMPSE_DEFAULT__CLIENT_BODY_TIMEOUT", String.valueOf(BODY_TIMEOUT),
        "GLIMPSE_DEFAULT__CLIENT_SOCKET_TIMEOUT", String.valueOf(SOCKET_TIMEOUT),
        "GLIMPSE_DEFAULT__CLIENT_BODY_MIN_RATE", "1024"));
  }

  /**
   * More clients than threads trickle JSON bodies: they hold no thread while their bodies arrive,
   * so others are served at once, and each gets a 408 when the body timeout expires.
   */
  @Test
  void tricklingJsonBodiesHoldNoThreadAndEndWith408AtTheBodyTimeout() throws Exception {
    try (GlimpseTestServer server = start()) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < SLOW_CLIENTS; i++) {
          Socket socket = connect(server);
          send(socket, "POST /v2/images HTTP/1.1\r\nHost: glimpse\r\nX-Project-Id: projSlow\r\n"
              + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{");
          slow.add(socket);
        }
        long start = System.nanoTime();
        Trickle trickle = new Trickle(slow, Duration.ofMillis(500));
        trickle.start();

        // meanwhile, everyone else is served as usual
        Client other = server.as("projOther", "member,reader").withTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
          assertThat(other.postJson("/v2/images", "{\"name\":\"n" + i + "\"," + RAW + "}").status())
              .isEqualTo(201);
          assertThat(other.get("/v2/images").status()).isEqualTo(200);
        }

        List<String> answers = trickle.awaitAnswers(
            Duration.ofSeconds(BODY_TIMEOUT).plus(MARGIN).plus(MARGIN));
        assertThat(answers).hasSize(SLOW_CLIENTS).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 408"));
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isGreaterThanOrEqualTo(Duration.ofSeconds(BODY_TIMEOUT).minusMillis(500));
        // nothing was created from the slow bodies
        assertThat(server.as("projSlow", "member,reader").get("/v2/images").json().get("images"))
            .isEmpty();
      } finally {
        closeAll(slow);
      }
    }
  }

  /** A JSON body that stops half-way is answered 408 at the body timeout, holding no thread. */
  @Test
  void aBodyThatStopsIsAnswered408AtTheBodyTimeout() throws Exception {
    try (GlimpseTestServer server = start(); Socket socket = connect(server)) {
      send(socket, "POST /v2/images HTTP/1.1\r\nHost: glimpse\r\nX-Project-Id: projSlow\r\n"
          + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"name\":");
      socket.setSoTimeout((int) Duration.ofSeconds(BODY_TIMEOUT).plus(MARGIN).toMillis());
      assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 408");
    }
  }

  /**
   * The minimum rate is checked over each window of waiting, not on average since the first
   * byte: an upload that starts fast and then trickles is refused too.
   */
  @Test
  void anUploadThatTricklesAfterAFastStartIsRefused408() throws Exception {
    try (GlimpseTestServer server = start(); Socket socket = connect(server)) {
      Client owner = server.as("projSlow", "member,reader");
      String id = owner.createImage("{\"name\":\"slows-down\"," + RAW + "}");
      send(socket, "PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: glimpse\r\n"
          + "X-Project-Id: projSlow\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: 1000000\r\n\r\n" + "x".repeat(256 * 1024));
      Trickle trickle = new Trickle(List.of(socket), Duration.ofMillis(500));
      trickle.start();
      assertThat(trickle.awaitAnswers(RATE_WINDOW.plus(MARGIN).plus(MARGIN)))
          .singleElement().asString().startsWith("HTTP/1.1 408");
      assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    }
  }

  /**
   * An upload below the minimum rate is refused with 408 while it holds its thread, and the image
   * is back to queued with no data, ready for another upload.
   */
  @Test
  void anUploadBelowTheMinimumRateIsRefused408AndItsImageIsQueuedAgain() throws Exception {
    try (GlimpseTestServer server = start(); Socket socket = connect(server)) {
      Client owner = server.as("projSlow", "member,reader");
      String id = owner.createImage("{\"name\":\"slow-upload\"," + RAW + "}");
      send(socket, "PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: glimpse\r\n"
          + "X-Project-Id: projSlow\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: 1000\r\n\r\nx");
      Trickle trickle = new Trickle(List.of(socket), Duration.ofMillis(500));
      trickle.start();
      assertThat(trickle.awaitAnswers(RATE_WINDOW.plus(MARGIN)))
          .singleElement().asString().startsWith("HTTP/1.1 408");
      assertThat(owner.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
      try (Stream<Path> files = Files.list(server.imageDir())) {
        assertThat(files).isEmpty();
      }
      assertThat(owner.putData("/v2/images/" + id + "/file", new byte[] {1, 2, 3}).status())
          .isEqualTo(204);
    }
  }

  /**
   * Headers sent a byte at a time keep the idle timeout from firing; the header deadline closes
   * the connection anyway, without an answer (no request was ever read).
   */
  @Test
  void aTricklingHeaderIsClosedAtTheHeaderDeadline() throws Exception {
    try (GlimpseTestServer server = start(); Socket socket = connect(server)) {
      send(socket, "GET /versions HTTP/1.1\r\nHost: glimpse\r\nX-Slow: ");
      Trickle trickle = new Trickle(List.of(socket), Duration.ofMillis(300));
      trickle.start();
      // closed by the deadline, well before the idle timeout could have done it
      assertThat(trickle.awaitAnswers(Duration.ofSeconds(HEADER_TIMEOUT).plus(MARGIN)))
          .containsExactly(Trickle.CLOSED);
      // and the server still answers
      assertThat(server.anonymous().withTimeout(Duration.ofSeconds(5)).get("/versions").status())
          .isEqualTo(200);
    }
  }

  private static Socket connect(GlimpseTestServer server) throws IOException {
    URI uri = URI.create(server.baseUrl());
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), uri.getPort());
    socket.setSoTimeout(1);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The first line of the answer; "" if the connection closed without one. */
  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\r') {
      line.append((char) c);
    }
    return line.toString();
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closed already
      }
    }
  }

  /**
   * One thread sending a space on every socket at each interval (a byte of header or of body)
   * until the server answers or closes it.
   */
  private static final class Trickle extends Thread {
    static final String CLOSED = "(closed without an answer)";

    private final List<Socket> sockets;
    private final Duration interval;
    private final String[] answers;

    Trickle(List<Socket> sockets, Duration interval) {
      super("trickle");
      setDaemon(true);
      this.sockets = sockets;
      this.interval = interval;
      this.answers = new String[sockets.size()];
    }

    @Override
    public void run() {
      try {
        while (!isInterrupted() && !done()) {
          for (int i = 0; i < sockets.size(); i++) {
            if (answers[i] == null) {
              answers[i] = poll(sockets.get(i));
            }
          }
          Thread.sleep(interval.toMillis());
        }
      } catch (InterruptedException e) {
        // asked to stop
      }
    }

    private boolean done() {
      synchronized (answers) {
        for (String answer : answers) {
          if (answer == null) {
            return false;
          }
        }
        return true;
      }
    }

    /** Reads what the server sent, if anything; otherwise sends one more byte. */
    private String poll(Socket socket) {
      try {
        InputStream in = socket.getInputStream();
        try {
          int first = in.read(); // waits 1 ms (the socket's timeout)
          if (first < 0) {
            return CLOSED;
          }
          socket.setSoTimeout(5_000); // the rest of the line is on its way
          return (char) first + statusLine(in);
        } catch (SocketTimeoutException nothingYet) {
          socket.getOutputStream().write(' ');
          socket.getOutputStream().flush();
          return null;
        }
      } catch (IOException e) {
        return CLOSED; // reset, or writing to a closed connection
      }
    }

    /** Every socket's answer (or {@link #CLOSED}), waiting at most {@code bound}. */
    List<String> awaitAnswers(Duration bound) throws InterruptedException {
      join(bound.toMillis());
      interrupt();
      join();
      List<String> result = new ArrayList<>();
      for (String answer : answers) {
        result.add(answer == null ? "(no answer within " + bound + ")" : answer);
      }
      return result;
    }
  }
}
