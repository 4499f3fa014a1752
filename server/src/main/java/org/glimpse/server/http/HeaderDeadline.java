package org.glimpse.server.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 connections whose request line and headers must arrive within a deadline, counted
 * from their first byte. Jetty 11's idle timeout restarts with every byte, and its minimum data
 * rate applies to bodies only, so a client sending its headers a byte at a time would otherwise
 * keep a connection for ever. The deadline follows the request parser: every state change of
 * Jetty's {@link HttpParser} goes through {@code setState} on the thread that parses, so the
 * deadline is armed when the parser leaves START (the first byte of a request) and cancelled when
 * it reaches the body or the end of the request (or the connection closes). If it expires first,
 * the connection is closed; no thread was ever given to the request.
 */
public final class HeaderDeadline extends HttpConnectionFactory {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

  private final long timeoutMillis;

  public HeaderDeadline(HttpConfiguration config, Duration timeout) {
    super(config);
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection = new Guarded(getHttpConfiguration(), connector, endPoint,
        isRecordHttpComplianceViolations(), timeoutMillis);
    connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
    connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
    return configure(connection, connector, endPoint);
  }

  /** A connection that closes itself when a request head takes longer than the deadline. */
  private static final class Guarded extends HttpConnection {
    private final long timeoutMillis;
    /** The armed deadline's token; null while none is armed. */
    private final AtomicReference<Object> armed = new AtomicReference<>();
    /** The scheduled expiry; touched only by the parsing thread. */
    private volatile Scheduler.Task expiry;

    Guarded(HttpConfiguration config, Connector connector, EndPoint endPoint, boolean record,
        long timeoutMillis) {
      super(config, connector, endPoint, record);
      this.timeoutMillis = timeoutMillis;
    }

    /** Jetty's parser, reporting its state changes (called from the super constructor). */
    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
      HttpParser parser = new HttpParser(newRequestHandler(),
          getHttpConfiguration().getRequestHeaderSize(), compliance) {
        @Override
        protected void setState(State state) {
          super.setState(state);
          onParserState(state);
        }
      };
      parser.setHeaderCacheSize(getHttpConfiguration().getHeaderCacheSize());
      parser.setHeaderCacheCaseSensitive(getHttpConfiguration().isHeaderCacheCaseSensitive());
      return parser;
    }

    private void onParserState(HttpParser.State state) {
      if (armed == null) {
        return; // still constructing
      }
      boolean inHead = state != HttpParser.State.START
          && state.ordinal() < HttpParser.State.CONTENT.ordinal();
      if (inHead) {
        arm();
      } else {
        disarm();
      }
    }

    private void arm() {
      Object token = new Object();
      if (armed.compareAndSet(null, token)) {
        expiry = getConnector().getScheduler()
            .schedule(() -> expire(token), timeoutMillis, TimeUnit.MILLISECONDS);
      }
    }

    private void disarm() {
      armed.set(null);
      if (expiry != null) {
        expiry.cancel();
        expiry = null;
      }
    }

    /** On the scheduler's thread: closes the connection if this deadline is still armed. */
    private void expire(Object token) {
      if (armed.compareAndSet(token, null)) {
        LOG.info("closing the connection from {}: request line and headers not received within {} ms",
            getEndPoint().getRemoteSocketAddress(), timeoutMillis);
        getEndPoint().close();
      }
    }

    @Override
    public void onClose(Throwable cause) {
      disarm();
      super.onClose(cause);
    }
  }
}
