package org.glimpse.ft.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client library will not send: any Host
 * header, malformed request lines, oversized headers, or an upload that stops half-way.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code head} (request line and headers, without the blank line; {@code Connection:
   * close} is added) and {@code body}, then reads the whole answer.
   */
  public static Response exchange(String baseUrl, String head, byte[] body) {
    return exchange(baseUrl, head, body, Duration.ofSeconds(60));
  }

  /**
   * As {@link #exchange(String, String, byte[])}, waiting at most {@code timeout} between two
   * reads of the answer (a SocketTimeoutException, as an UncheckedIOException, when the server
   * stays silent that long). A server may answer before it has read the whole body and close
   * the connection: a body that cannot be written to its end is then left, and the answer read.
   */
  public static Response exchange(String baseUrl, String head, byte[] body, Duration timeout) {
    URI uri = URI.create(baseUrl);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (IOException refused) {
        // the answer, if any, is already on its way
      }
      return parse(readAnswer(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts an upload of {@code declaredLength} bytes and sends {@code first} of them; the rest
   * follows through the returned handle, which then reads the answer.
   */
  public static Upload startUpload(String baseUrl, String path, Map<String, String> identity,
      long declaredLength, byte[] first) {
    URI uri = URI.create(baseUrl);
    StringBuilder head = new StringBuilder("PUT " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declaredLength
        + "\r\nConnection: close\r\n");
    identity.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    try {
      Socket socket = new Socket(uri.getHost(), uri.getPort());
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(first);
      socket.getOutputStream().flush();
      return new Upload(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An upload in progress on its own connection. */
  public static final class Upload {
    private final Socket socket;

    private Upload(Socket socket) {
      this.socket = socket;
    }

    /** Drops the connection with a reset, as a client that crashed would, without an answer. */
    public void abort() {
      try (socket) {
        socket.setSoLinger(true, 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Sends the rest of the body and reads the answer. */
    public Response finish(byte[] rest) {
      try (socket) {
        socket.getOutputStream().write(rest);
        socket.getOutputStream().flush();
        return parse(socket.getInputStream().readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Everything the server sends until it closes. A reset that ends an answer already received
   * (a server that answered early and closed with the request body unread) still gives that
   * answer; a timeout never does.
   */
  private static byte[] readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        answer.write(buffer, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      if (answer.size() == 0) {
        throw e;
      }
    }
    return answer.toByteArray();
  }

  private static Response parse(byte[] raw) {
    int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (split < 0) {
      throw new AssertionError("no complete HTTP answer: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, split + 4, raw.length);
    List<String> te = headers.getOrDefault("Transfer-Encoding", List.of());
    if (!te.isEmpty() && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
      body = dechunk(body);
    }
    return new Response(status, HttpHeaders.of(headers, (a, b) -> true), body);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < body.length) {
      int eol = indexOf(java.util.Arrays.copyOfRange(body, pos, body.length), new byte[] {'\r', '\n'});
      int size = Integer.parseInt(new String(body, pos, eol, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      pos += eol + 2;
      if (size == 0) {
        break;
      }
      out.write(body, pos, size);
      pos += size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** An input stream of {@code size} bytes ('a'..'z' repeating), made on the fly. */
  public static InputStream pattern(long size) {
    return new InputStream() {
      private long pos;

      @Override
      public int read() {
        return pos < size ? 'a' + (int) (pos++ % 26) : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - pos);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) ('a' + (int) (pos++ % 26));
        }
        return n;
      }
    };
  }
}
