package org.glimpse.ft;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glimpse.ft.support.RawHttp;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Requests Jetty refuses before they reach the API get a request id too: in the answer, and in the
 * log line they leave.
 */
class RequestIdTest extends ServerTest {
  private final Capture logs = new Capture();

  /** Keeps every event logged while the tests run, with its MDC as it was then. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }
  }

  @BeforeAll
  void capture() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.setContext(root.getLoggerContext());
    logs.start();
    root.addAppender(logs);
  }

  @AfterAll
  void release() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  @Test
  void refusedRequestsCarryAnIdInAnswerAndLog() {
    List<String> heads = List.of(
        "GET /v2/images HTTP/1.1\r\nHost: x\r\nX-Project-Id: projA\r\nX-Junk: " + "j".repeat(64 * 1024),
        "GET /v2/images/%zz HTTP/1.1\r\nHost: x\r\nX-Project-Id: projA",
        "GET /v2/images/%00 HTTP/1.1\r\nHost: x\r\nX-Project-Id: projA");
    for (String head : heads) {
      logs.events.clear();
      Response r = RawHttp.exchange(server.baseUrl(), head, new byte[0]);
      String line = head.substring(0, head.indexOf('\r'));
      assertThat(r.status()).as(line).isBetween(400, 499);
      String id = r.header("x-openstack-request-id");
      assertThat(id).as("request id of %s", line).matches("req-[0-9a-f-]{36}");
      assertThat(logs.events).as("log of %s", line)
          .anySatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("request_id", id));
    }
  }
}
