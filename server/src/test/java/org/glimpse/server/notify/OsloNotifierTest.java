package org.glimpse.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.port.Notifier;
import org.glimpse.db.NotificationOutbox;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OsloNotifierTest {
  private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");
  private static final RequestContext CTX = new RequestContext("p", "u", Set.of("member"), true, "req-1");

  private static Image image() {
    Image image = new Image();
    image.setId("img-1");
    image.setStatus(ImageStatus.QUEUED);
    image.setVisibility(Visibility.SHARED);
    image.setCreatedAt(NOW);
    image.setUpdatedAt(NOW);
    return image;
  }

  @Test
  void theLogDriverWritesTheMessageOnOsloMessagingsLoggerAtItsPriority() {
    Logger logger = (Logger) LoggerFactory.getLogger("oslo.messaging.notification.image.upload");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      Notifier notifier = new OsloNotifier("image.host1", new DisabledNotifications(List.of()), true, null,
          () -> NOW, () -> {}, NotifyMetrics.NONE);
      notifier.uploadFailed(CTX, "img-1", "disk full");
      assertThat(appender.list).hasSize(1);
      ILoggingEvent event = appender.list.get(0);
      assertThat(event.getLevel().toString()).isEqualTo("ERROR");
      assertThat(event.getFormattedMessage()).contains("\"publisher_id\":\"image.host1\"")
          .contains("\"event_type\":\"image.upload\"").contains("\"priority\":\"ERROR\"")
          .contains("\"payload\":\"disk full\"").contains("\"timestamp\":\"2024-05-06 07:08:09\"");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void aNotificationThatCannotBeRecordedIsCountedAndNeverThrown() {
    AtomicInteger lost = new AtomicInteger();
    NotificationOutbox broken = new NotificationOutbox() {
      @Override
      public void add(String messageId, String priority, String message, Instant createdAt) {
        throw new IllegalStateException("database gone");
      }

      @Override
      public List<Entry> claim(String claimer, Instant now, Instant until, int limit) {
        return List.of();
      }

      @Override
      public int delete(String claimer, List<Long> seqs) {
        return 0;
      }

      @Override
      public void release(String claimer) {}

      @Override
      public long pending() {
        return 0;
      }
    };
    Notifier notifier = new OsloNotifier("image.localhost", new DisabledNotifications(List.of()), false, broken,
        () -> NOW, () -> {}, new NotifyMetrics() {
          @Override
          public void lost() {
            lost.incrementAndGet();
          }
        });
    notifier.image(Notifier.Event.IMAGE_CREATE, CTX, image());
    assertThat(lost).hasValue(1);
  }

  private static GlimpseConfig.Notifications config(String drivers, String url) {
    return new GlimpseConfig.Notifications(List.of(drivers.split(",")), Optional.ofNullable(url),
        List.of("notifications"), "glance", "image.localhost", List.of(),
        new GlimpseConfig.Rabbit(false, false, false, false, 1, 2, 30, 60));
  }

  @Test
  void driversAreCheckedAtStart() {
    assertThat(Notifications.start(config("noop", null), null, NotifyMetrics.NONE, () -> NOW).notifier())
        .isSameAs(Notifier.NONE);
    assertThatThrownBy(() -> Notifications.start(config("messagingv2", null), null, NotifyMetrics.NONE, () -> NOW))
        .isInstanceOf(ConfigException.class).hasMessageContaining("transport_url");
    assertThatThrownBy(() -> Notifications.start(config("routing", null), null, NotifyMetrics.NONE, () -> NOW))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown driver 'routing'");
    assertThatThrownBy(() -> Notifications.start(config("messaging", "amqp://h/"), null, NotifyMetrics.NONE,
        () -> NOW)).isInstanceOf(ConfigException.class).hasMessageContaining("rabbit://");
  }
}
