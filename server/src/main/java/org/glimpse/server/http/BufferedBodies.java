package org.glimpse.server.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads request bodies other than image data (JSON documents, at most {@link Json#MAX_BODY}
 * bytes and one more) in full before the request is given a thread, with Servlet non-blocking
 * reads: a client trickling its body costs a connection and a buffer, never a thread, so slow
 * clients cannot starve the others. The body must arrive within the body timeout; otherwise the
 * request is answered 408 and the connection closed. Image data ({@code
 * application/octet-stream}), and any body too large to buffer, streams instead, holding its
 * thread while it keeps the {@link MinimumRate minimum rate}.
 */
public final class BufferedBodies implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(BufferedBodies.class);
  private static final String BUFFERED = "glimpse.buffered_body";

  private final long timeoutMillis;
  private final int minRate;

  /** @param minRate bytes per second a streamed body must keep; 0 for no check */
  public BufferedBodies(Duration timeout, int minRate) {
    this.timeoutMillis = timeout.toMillis();
    this.minRate = minRate;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    if (req.getAttribute(BUFFERED) instanceof byte[] body) {
      // the dispatch that follows a completed read: the rest of the chain reads the buffer
      req.removeAttribute(BUFFERED);
      chain.doFilter(new Buffered(req, body), response);
      return;
    }
    if (req.getDispatcherType() != DispatcherType.REQUEST || !hasBody(req)) {
      chain.doFilter(request, response);
      return;
    }
    if (isImageData(req) || req.getContentLengthLong() > Json.MAX_BODY) {
      // a stream for the store, or one refused by its declared size without reading
      chain.doFilter(minRate > 0 ? new Streamed(req, minRate) : req, response);
      return;
    }
    read(req, (HttpServletResponse) response);
  }

  private void read(HttpServletRequest req, HttpServletResponse res) throws IOException {
    AsyncContext async = req.startAsync();
    async.setTimeout(timeoutMillis);
    ServletInputStream in = req.getInputStream();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    AtomicBoolean settled = new AtomicBoolean();
    async.addListener(new AsyncListener() {
      @Override
      public void onTimeout(AsyncEvent event) throws IOException {
        if (settled.compareAndSet(false, true)) {
          log(req, "request body not received within " + timeoutMillis + " ms ("
              + buffer.size() + " bytes arrived)");
          try {
            refuse(res, "The request body was not received in time.");
          } catch (IOException | RuntimeException e) {
            // the connection failed meanwhile; the request must still end, or a graceful stop
            // would wait its whole grace period for it
            log(req, "the 408 answer could not be written: " + e);
          } finally {
            async.complete();
          }
        }
      }

      @Override
      public void onError(AsyncEvent event) {
        settled.set(true);
      }

      @Override
      public void onComplete(AsyncEvent event) {}

      @Override
      public void onStartAsync(AsyncEvent event) {}
    });
    in.setReadListener(new ReadListener() {
      private final byte[] chunk = new byte[8192];

      @Override
      public void onDataAvailable() throws IOException {
        while (in.isReady() && !in.isFinished()) {
          int n = in.read(chunk);
          if (n < 0) {
            break;
          }
          buffer.write(chunk, 0, n);
          if (buffer.size() > Json.MAX_BODY) {
            // enough to refuse it as too large; the rest is never read
            dispatch();
            return;
          }
        }
      }

      @Override
      public void onAllDataRead() {
        dispatch();
      }

      @Override
      public void onError(Throwable failure) {
        // the client went away
        if (settled.compareAndSet(false, true)) {
          log(req, "request body not read: " + failure.getMessage());
          try {
            refuse(res, "The request body could not be read: " + failure.getMessage());
          } catch (IOException | RuntimeException ignored) {
            // the connection is gone
          }
          async.complete();
        }
      }

      private void dispatch() {
        if (settled.compareAndSet(false, true)) {
          req.setAttribute(BUFFERED, buffer.toByteArray());
          async.dispatch();
        }
      }
    });
  }

  /** Logs about the request, with its id, from a container callback outside its scope. */
  private static void log(HttpServletRequest req, String what) {
    MDC.put(RequestIds.MDC_KEY, RequestIds.assign(req));
    try {
      LOG.info("{} {}: {}", req.getMethod(), req.getRequestURI(), what);
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  /** A 408 in plain text, closing the connection (the rest of the body is not wanted). */
  private static void refuse(HttpServletResponse res, String message) throws IOException {
    if (res.isCommitted()) {
      return;
    }
    byte[] body = ("408 Request Timeout\n\n" + message + "\n\n   ").getBytes(StandardCharsets.UTF_8);
    res.setStatus(408);
    res.setHeader("Connection", "close");
    res.setContentType("text/plain; charset=UTF-8");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  private static boolean hasBody(HttpServletRequest req) {
    return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
  }

  /** Image data streams: v2 uploads and v1 creates and updates with data send it so. */
  private static boolean isImageData(HttpServletRequest req) {
    String type = req.getContentType();
    return type != null && type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)
        .equals("application/octet-stream");
  }

  /** A request whose body streams at the minimum rate or better. */
  private static final class Streamed extends HttpServletRequestWrapper {
    private final int minRate;
    private ServletInputStream body;

    Streamed(HttpServletRequest request, int minRate) {
      super(request);
      this.minRate = minRate;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (body == null) {
        body = new MinimumRate(super.getInputStream(), minRate);
      }
      return body;
    }
  }

  /** The request as the rest of the chain sees it: its body is the buffer. */
  private static final class Buffered extends HttpServletRequestWrapper {
    private final ServletInputStream body;

    Buffered(HttpServletRequest request, byte[] bytes) {
      super(request);
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      this.body = new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already");
        }
      };
    }

    @Override
    public ServletInputStream getInputStream() {
      return body;
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }
}
