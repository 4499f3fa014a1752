package org.glimpse.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The shipped logback.xml dates every line in ISO 8601 and shows the request id. */
class LogPatternTest {
  private static final String ISO_DATE_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})";

  @SuppressWarnings("unchecked")
  private static String format(Map<String, String> mdc) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR");
    PatternLayoutEncoder encoder = (PatternLayoutEncoder) appender.getEncoder();
    LoggingEvent event = new LoggingEvent(LogPatternTest.class.getName(), context.getLogger("org.glimpse.X"),
        Level.INFO, "hello", null, null);
    event.setMDCPropertyMap(mdc);
    return encoder.getLayout().doLayout(event);
  }

  @Test
  void aLineCarriesDateTimeAndRequestId() {
    assertThat(format(Map.of("request_id", "req-abc"))).matches(ISO_DATE_TIME + " INFO +X \\[req-abc\\] hello\\R");
  }

  @Test
  void aLineOutsideARequestShowsADash() {
    assertThat(format(Map.of())).matches(ISO_DATE_TIME + " INFO +X \\[-\\] hello\\R");
  }
}
