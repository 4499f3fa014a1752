package org.glimpse.server.imports;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.glimpse.core.port.WebSource;

/**
 * web-download's HTTP client, safe by construction: each URI (the first and every redirect, at
 * most {@link #MAX_REDIRECTS}) must pass the {@link ImportFilter}; its host is resolved once and
 * every address checked, and the connection goes to the checked address itself (the Host header
 * and TLS SNI/verification carry the name), so a name that resolves differently the second time
 * (DNS rebinding) cannot lead anywhere unchecked. HTTP/1.1 GET with a body by Content-Length,
 * chunked, or to the end of the connection.
 */
public final class SafeWebSource implements WebSource {
  static final int MAX_REDIRECTS = 5;
  private static final int TIMEOUT_MS = 30_000;

  private final ImportFilter filter;

  public SafeWebSource(ImportFilter filter) {
    this.filter = filter;
  }

  @Override
  public String refusal(String uri) {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return "not a valid URI";
    }
    String why = filter.refusal(u);
    if (why != null) {
      return why;
    }
    // an address written in the URI is checked now, without DNS; names are checked when resolved
    String host = ImportFilter.host(u);
    if (!filter.trusted(host) && (host.contains(":") || host.matches("[0-9.]+"))) {
      try {
        String internal = ImportFilter.internal(InetAddress.getByName(host));
        if (internal != null) {
          return internal + " not allowed";
        }
      } catch (UnknownHostException e) {
        return "not a valid address";
      }
    }
    return null;
  }

  @Override
  public InputStream open(String uri) throws IOException {
    Answer r = request("GET", uri, Map.of());
    if (r.status() != 200) {
      r.body().close();
      throw new IOException("GET " + r.uri() + " answered " + r.status());
    }
    return r.body();
  }

  /**
   * One request to {@code uri} with the given extra headers, following redirects (at most {@link
   * #MAX_REDIRECTS}, each hop checked as the first); the answer that is not a redirect, whatever its
   * status. The caller closes its body.
   */
  public Answer request(String method, String uri, Map<String, String> headers) throws IOException {
    String current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      URI u;
      try {
        u = new URI(current);
      } catch (URISyntaxException e) {
        throw new IOException("not a valid URI: " + current);
      }
      String why = filter.refusal(u);
      if (why != null) {
        throw new IOException("URI " + current + " does not pass filtering: " + why);
      }
      Answer r = send(method, u, headers);
      if (r.status() >= 300 && r.status() < 400 && r.location() != null) {
        r.body().close();
        current = u.resolve(r.location().strip()).toString();
        continue;
      }
      return r;
    }
    throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + uri);
  }

  /**
   * An answer: its status, the URI that gave it (after redirects), Content-Length (-1 if none),
   * Content-Range (null if none), Location (null if none) and its body (empty for HEAD).
   */
  public record Answer(int status, String uri, long contentLength, String contentRange, String location,
      InputStream body) {}

  private Answer send(String method, URI u, Map<String, String> headers) throws IOException {
    String host = ImportFilter.host(u);
    boolean https = u.getScheme().equalsIgnoreCase("https");
    int port = u.getPort() == -1 ? (https ? 443 : 80) : u.getPort();
    InetAddress address = resolve(host);
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      if (https) {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
            .createSocket(socket, host, port, true);
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.contains(":") && !Character.isDigit(host.charAt(host.length() - 1))) {
          params.setServerNames(java.util.List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(params);
        tls.startHandshake();
        socket = tls;
      }
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      if (u.getRawQuery() != null) {
        path += "?" + u.getRawQuery();
      }
      String hostHeader = (host.contains(":") ? "[" + host + "]" : host) + (u.getPort() == -1 ? "" : ":" + port);
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
          .append(hostHeader).append("\r\nUser-Agent: glimpse\r\nAccept: */*\r\nAccept-Encoding: identity\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      out.write(head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP answer from " + host);
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP answer from " + host);
      }
      long length = -1;
      boolean chunked = false;
      String location = null;
      String range = null;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).strip();
        switch (name) {
          case "content-length" -> {
            try {
              length = Long.parseLong(value);
            } catch (NumberFormatException e) {
              throw new IOException("bad Content-Length from " + host);
            }
          }
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "location" -> location = value;
          case "content-range" -> range = value;
          default -> { }
        }
      }
      Socket owned = socket;
      boolean bodiless = method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1;
      InputStream body = bodiless ? InputStream.nullInputStream()
          : chunked ? new Chunked(in) : length >= 0 ? new BoundedBody(in, length) : in;
      return new Answer(status, u.toString(), length, range, location, new FilterInputStream(body) {
        @Override
        public void close() throws IOException {
          owned.close();
        }
      });
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The one address to connect to: every address of the host must be allowed. */
  private InetAddress resolve(String host) throws IOException {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IOException("host " + host + " could not be resolved");
    }
    if (!filter.trusted(host)) {
      for (InetAddress a : all) {
        String why = ImportFilter.internal(a);
        if (why != null) {
          throw new IOException("host " + host + " resolves to a " + why + " (" + a.getHostAddress()
              + "), refused unless the host is in [import_filtering_opts] allowed_hosts");
        }
      }
    }
    return all[0];
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (b.size() > 16 * 1024) {
        throw new IOException("HTTP header line too long");
      }
      b.write(c);
    }
    if (c == -1 && b.size() == 0) {
      throw new IOException("connection closed before the answer ended");
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** A chunked body. */
  private static final class Chunked extends FilterInputStream {
    private long left;
    private boolean done;

    Chunked(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public long skip(long n) throws IOException {
      // through read, so that chunk boundaries are kept track of
      byte[] scratch = new byte[(int) Math.min(n, 8192)];
      int read = n <= 0 ? 0 : read(scratch, 0, scratch.length);
      return Math.max(read, 0);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line(in);
        int semi = size.indexOf(';');
        try {
          left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("bad chunk size");
        }
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n == -1) {
        throw new IOException("connection closed inside a chunk");
      }
      left -= n;
      if (left == 0) {
        line(in);
      }
      return n;
    }
  }
}
