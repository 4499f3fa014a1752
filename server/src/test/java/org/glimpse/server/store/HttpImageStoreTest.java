package org.glimpse.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glimpse.core.error.GoneException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.server.imports.ImportFilter;
import org.glimpse.server.imports.SafeWebSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The http store against a web server started here on 127.0.0.1, which {@code allowed_hosts}
 * lets it reach; with the default filtering rules the same server, and every internal address,
 * is out of reach, redirects included.
 */
class HttpImageStoreTest {
  private static final byte[] DATA = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

  private HttpServer server;
  private String base;
  private final List<String> ranges = new CopyOnWriteArrayList<>();
  private HttpImageStore store;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/image", this::image);
    server.createContext("/norange", x -> send(x, 200, DATA, null));
    server.createContext("/nolength", x -> {
      x.sendResponseHeaders(200, 0); // chunked: no Content-Length
      x.getResponseBody().write(DATA);
      x.close();
    });
    server.createContext("/moved", x -> redirect(x, base + "/image"));
    server.createContext("/loop", x -> redirect(x, base + "/loop"));
    server.createContext("/tolocalhost", x -> redirect(x, base.replace("127.0.0.1", "localhost") + "/image"));
    server.createContext("/tometadata", x -> redirect(x, "http://169.254.169.254/latest/meta-data/"));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    store = new HttpImageStore(web(List.of("127.0.0.1")));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static SafeWebSource web(List<String> allowedHosts) {
    return new SafeWebSource(new ImportFilter(List.of(), List.of(), allowedHosts, List.of(), List.of(), List.of()));
  }

  private void image(HttpExchange x) throws IOException {
    String range = x.getRequestHeaders().getFirst("Range");
    ranges.add(range == null ? "" : range);
    if (range == null) {
      send(x, 200, DATA, null);
      return;
    }
    String[] bounds = range.substring("bytes=".length()).split("-", -1);
    int from = Integer.parseInt(bounds[0]);
    int to = bounds[1].isEmpty() ? DATA.length - 1 : Math.min(Integer.parseInt(bounds[1]), DATA.length - 1);
    byte[] part = java.util.Arrays.copyOfRange(DATA, from, to + 1);
    send(x, 206, part, "bytes " + from + "-" + to + "/" + DATA.length);
  }

  private static void send(HttpExchange x, int status, byte[] body, String contentRange) throws IOException {
    if (contentRange != null) {
      x.getResponseHeaders().add("Content-Range", contentRange);
    }
    if (x.getRequestMethod().equals("HEAD")) {
      x.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
      x.sendResponseHeaders(status, -1);
    } else {
      x.sendResponseHeaders(status, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
    x.close();
  }

  private static void redirect(HttpExchange x, String to) throws IOException {
    x.getResponseHeaders().add("Location", to);
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void readsTheWholeImageWithoutARange() throws IOException {
    assertThat(read(store.open(base + "/image", 0, -1))).isEqualTo(new String(DATA, StandardCharsets.US_ASCII));
    assertThat(ranges).containsExactly("");
  }

  @Test
  void asksOnlyForTheRangeItReads() throws IOException {
    assertThat(read(store.open(base + "/image", 10, 5))).isEqualTo("abcde");
    assertThat(read(store.open(base + "/image", 30, -1))).isEqualTo("uvwxyz");
    assertThat(ranges).containsExactly("bytes=10-14", "bytes=30-");
  }

  @Test
  void aServerIgnoringRangeStillGivesTheRightBytes() throws IOException {
    assertThat(read(store.open(base + "/norange", 10, 5))).isEqualTo("abcde");
    assertThat(read(store.open(base + "/norange", 33, -1))).isEqualTo("xyz");
    assertThat(read(store.open(base + "/nolength", 30, 3))).isEqualTo("uvw");
  }

  @Test
  void theSizeIsTheContentLengthOfAHead() throws IOException {
    assertThat(store.size(base + "/image")).isEqualTo(DATA.length);
    assertThat(store.size(base + "/moved")).isEqualTo(DATA.length);
    assertThatThrownBy(() -> store.size(base + "/nolength")).isInstanceOf(IOException.class)
        .hasMessageContaining("no Content-Length");
  }

  @Test
  void missingDataIsNotFound() {
    assertThatThrownBy(() -> store.open(base + "/nothing", 0, -1)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.size(base + "/nothing")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void redirectsAreFollowedButBounded() throws IOException {
    assertThat(read(store.open(base + "/moved", 0, 4))).isEqualTo("0123");
    assertThatThrownBy(() -> store.open(base + "/loop", 0, -1)).isInstanceOf(IOException.class)
        .hasMessageContaining("redirects");
  }

  @Test
  void everyRedirectIsCheckedAgain() {
    assertThatThrownBy(() -> store.open(base + "/tolocalhost", 0, -1)).isInstanceOf(IOException.class)
        .hasMessageContaining("does not pass filtering");
    // allowed by name, the metadata service's address still is not
    HttpImageStore open = new HttpImageStore(web(List.of()));
    assertThatThrownBy(() -> open.size(base + "/tometadata")).isInstanceOf(IOException.class)
        .hasMessageContaining("loopback");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:%d/image", "http://localhost:%d/image", "http://10.1.2.3:%d/image",
      "http://169.254.169.254:%d/latest", "http://[::1]:%d/image", "http://[::ffff:127.0.0.1]:%d/image",
      "http://192.168.0.1:%d/image", "http://0.0.0.0:%d/image"})
  void internalAddressesAreRefusedByDefault(String template) {
    HttpImageStore defaults = new HttpImageStore(web(List.of()));
    String uri = template.formatted(server.getAddress().getPort());
    assertThatThrownBy(() -> defaults.open(uri, 0, -1)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> defaults.size(uri)).isInstanceOf(IOException.class);
    assertThat(ranges).isEmpty();
  }

  @Test
  void nothingIsWrittenOrDeleted() throws IOException {
    assertThat(store.handles(base + "/image")).isTrue();
    assertThat(store.handles("HTTPS://example.com/x")).isTrue();
    assertThat(store.handles("file:///tmp/x")).isFalse();
    assertThat(store.writable()).isFalse();
    assertThatThrownBy(() -> store.stage("i", "u", InputStream.nullInputStream())).isInstanceOf(GoneException.class);
    store.delete(base + "/image");
    assertThat(read(store.open(base + "/image", 0, -1))).hasSize(DATA.length);
    assertThat(store.list()).isEmpty();
  }
}
