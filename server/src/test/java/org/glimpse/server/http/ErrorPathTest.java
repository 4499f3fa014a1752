package org.glimpse.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.error.NotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The error path over real HTTP, wired as the server wires it: one request id in the header, the
 * MDC, a 500's body and its log line; and an error answer that cannot be written falls back to a
 * plain 500 once instead of being handled again and again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorPathTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Javalin app;
  private String base;
  private final Capture logs = new Capture();

  /** An exception that cannot even say what it is: logging it fails. */
  static final class Unprintable extends RuntimeException {
    @Override
    public String getMessage() {
      throw new IllegalStateException("no message for you");
    }
  }

  /** Keeps the events of one logger with their MDC as it was when they were logged. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }
  }

  @BeforeAll
  void start() {
    app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      RequestScope.install(c.jetty);
    });
    app.exception(GlimpseException.class, ErrorMapper::handle);
    app.exception(Exception.class, ErrorMapper::handleUnexpected);
    app.get("/boom", ctx -> {
      throw new IllegalStateException("boom");
    });
    app.get("/missing", ctx -> {
      throw new NotFoundException("No such thing");
    });
    app.get("/unprintable", ctx -> {
      throw new Unprintable();
    });
    app.get("/teapot", ctx -> ctx.res().sendError(418, "short and stout"));
    app.get("/mdc", ctx -> ctx.result(MDC.get(RequestIds.MDC_KEY) + " " + RequestIds.of(ctx)));
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    Logger logger = (Logger) LoggerFactory.getLogger(ErrorMapper.class);
    logs.setContext(logger.getLoggerContext());
    logs.start();
    logger.addAppender(logs);
    ((Logger) LoggerFactory.getLogger(RequestScope.class)).addAppender(logs);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(ErrorMapper.class)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger(RequestScope.class)).detachAppender(logs);
    app.stop();
  }

  @BeforeEach
  void clearLogs() {
    logs.events.clear();
  }

  @Test
  void anUnexpectedErrorNamesTheRequestIdInBodyAndLog() {
    HttpResponse<String> r = get("/boom", "Accept", "application/json");
    String id = r.headers().firstValue(RequestIds.HEADER).orElseThrow();
    assertThat(id).matches("req-[0-9a-f-]{36}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("\"code\":\"500 Internal Server Error\"",
        "The server has either erred or is incapable of performing the requested operation.",
        "Request id " + id + ".");
    ILoggingEvent event = logs.events.stream().filter(e -> e.getLevel() == Level.ERROR).findFirst().orElseThrow();
    assertThat(event.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, id);
    assertThat(event.getThrowableProxy().getMessage()).isEqualTo("boom");
    assertThat(event.getFormattedMessage()).contains("GET /boom");
  }

  @Test
  void aClientChosenIdIsTheOneEverywhere() {
    HttpResponse<String> r = get("/boom", RequestIds.HEADER, "trace-42");
    assertThat(r.headers().firstValue(RequestIds.HEADER)).hasValue("req-trace-42");
    assertThat(r.body()).isEqualTo("500 Internal Server Error\n\nThe server has either erred or is incapable of"
        + " performing the requested operation.\n\n Request id req-trace-42.  ");
    assertThat(logs.events).singleElement()
        .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, "req-trace-42"));
  }

  @Test
  void theIdIsInTheMdcWhileTheRequestRuns() {
    HttpResponse<String> r = get("/mdc");
    String id = r.headers().firstValue(RequestIds.HEADER).orElseThrow();
    assertThat(r.body()).isEqualTo(id + " " + id);
  }

  @Test
  void anErrorAnswerThatCannotBeWrittenFallsBackToAPlain500Once() {
    HttpResponse<String> r = get("/unprintable", "Accept", "application/json");
    String id = r.headers().firstValue(RequestIds.HEADER).orElseThrow();
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(r.body()).startsWith("500 Internal Server Error\n\n").contains("Request id " + id + ".");
    assertThat(logs.events).singleElement().satisfies(e -> {
      assertThat(e.getFormattedMessage()).contains("could not write an error answer");
      assertThat(e.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, id);
    });
  }

  @Test
  void anErrorJettyAnswersKeepsTheRequestsId() {
    HttpResponse<String> r = get("/teapot", RequestIds.HEADER, "req-tea");
    assertThat(r.statusCode()).isEqualTo(418);
    assertThat(r.headers().allValues(RequestIds.HEADER)).containsExactly("req-tea");
    assertThat(r.body()).doesNotContain("Caused by", "at org.");
    assertThat(logs.events).singleElement().satisfies(e -> {
      assertThat(e.getFormattedMessage()).isEqualTo("refused GET /teapot: 418 short and stout");
      assertThat(e.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, "req-tea");
    });
  }

  @ParameterizedTest(name = "Accept: {0}")
  @ValueSource(strings = {";", ",;,", ";q=", "text/html;q=abc", "*/*;;", "\"", "a/b;c=\""})
  void malformedAcceptOnAnErrorAnswersPromptly(String accept) {
    assertThat(get("/missing", "Accept", accept).statusCode()).isEqualTo(404);
    HttpResponse<String> boom = get("/boom", "Accept", accept);
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body()).contains("Request id " + boom.headers().firstValue(RequestIds.HEADER).orElseThrow());
  }

  private HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(PROMPTLY).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return assertTimeoutPreemptively(PROMPTLY.plusSeconds(2), () -> {
      try {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new AssertionError("no answer to " + path, e);
      }
    }, () -> "GET " + path);
  }
}
