package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.glimpse.server.http.AccessLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One access log line per request, once it is answered: method, target, status, bytes, duration,
 * project, and the request's id in the line's MDC, whatever the answer and whoever answered it.
 */
class AccessLogTest extends ServerTest {
  private final Capture lines = new Capture();

  /** The access log's events, each with its MDC as it was then. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }

    /** The one line of the request with this id (waiting a little: it follows the answer). */
    ILoggingEvent of(String requestId) throws InterruptedException {
      for (int i = 0; i < 100; i++) {
        List<ILoggingEvent> found = events.stream()
            .filter(e -> requestId.equals(e.getMDCPropertyMap().get("request_id"))).toList();
        if (!found.isEmpty()) {
          assertThat(found).hasSize(1);
          return found.get(0);
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no access log line for " + requestId + " in " + events);
    }
  }

  @BeforeAll
  void capture() {
    Logger access = (Logger) LoggerFactory.getLogger(AccessLog.class);
    lines.setContext(access.getLoggerContext());
    lines.start();
    access.addAppender(lines);
  }

  @AfterAll
  void release() {
    ((Logger) LoggerFactory.getLogger(AccessLog.class)).detachAppender(lines);
  }

  @BeforeEach
  void clear() {
    lines.events.clear();
  }

  @Test
  void aServedRequestIsOneLineWithItsIdProjectStatusBytesAndDuration() throws Exception {
    Response r = a.get("/v2/images?limit=3", "x-openstack-request-id", "req-access-log-1");
    assertThat(r.status()).isEqualTo(200);
    String line = lines.of("req-access-log-1").getFormattedMessage();
    assertThat(line).matches("127\\.0\\.0\\.1 \"GET /v2/images\\?limit=3 HTTP/1\\.1\" status=200"
        + " bytes=" + r.bytes().length + " duration_ms=\\d+ project=projA");
  }

  @Test
  void errorsAndRequestsWithoutAnIdentityAreLoggedToo() throws Exception {
    Response missing = b.get("/v2/images/nosuch", "x-openstack-request-id", "req-access-log-2");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(lines.of("req-access-log-2").getFormattedMessage())
        .contains("\"GET /v2/images/nosuch HTTP/1.1\" status=404 bytes=" + missing.bytes().length)
        .endsWith("project=projB");

    Response health = RawHttp.exchange(server.baseUrl(),
        "HEAD /healthcheck HTTP/1.1\r\nHost: x\r\nx-openstack-request-id: req-access-log-3", new byte[0]);
    assertThat(health.status()).isEqualTo(204);
    assertThat(lines.of("req-access-log-3").getFormattedMessage())
        .contains("\"HEAD /healthcheck HTTP/1.1\" status=204 bytes=0").endsWith("project=-");
  }

  @Test
  void aRequestJettyRefusesIsLoggedWithTheIdItWasAnswered() throws Exception {
    Response refused = RawHttp.exchange(server.baseUrl(),
        "GET /v2/images/%zz HTTP/1.1\r\nHost: x\r\nX-Project-Id: projA", new byte[0]);
    assertThat(refused.status()).isEqualTo(400);
    String id = refused.header("x-openstack-request-id");
    assertThat(lines.of(id).getFormattedMessage()).contains("status=400");
  }
}
