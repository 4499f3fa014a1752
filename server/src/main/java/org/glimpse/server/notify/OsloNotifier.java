package org.glimpse.server.notify;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.task.Task;
import org.glimpse.db.NotificationOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Notifier} of a configured server: builds each notification as Glance and
 * oslo.messaging do ({@link NotificationFormat}), drops those {@code disabled_notifications}
 * names, and hands it to the drivers: the log driver writes it at once; the messaging drivers get
 * it through the outbox (written here, in the request's thread, right after the change committed;
 * published by the {@link OutboxRelay}). Never throws: a notification that cannot be recorded is
 * logged and counted, and the request that made the change still succeeds.
 */
public final class OsloNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(OsloNotifier.class);
  /** oslo.messaging's log driver logs on this logger plus "." and the event type. */
  static final String LOG_DRIVER_BASE = "oslo.messaging.notification";

  private final String publisherId;
  private final DisabledNotifications disabled;
  private final boolean logDriver;
  /** Null without a messaging driver. */
  private final NotificationOutbox outbox;
  private final Supplier<Instant> clock;
  private final Runnable written;
  private final NotifyMetrics metrics;

  /**
   * @param outbox where messaging drivers' notifications wait; null when none is configured
   * @param written called after a notification went into the outbox (wakes the relay)
   */
  public OsloNotifier(String publisherId, DisabledNotifications disabled, boolean logDriver,
      NotificationOutbox outbox, Supplier<Instant> clock, Runnable written, NotifyMetrics metrics) {
    this.publisherId = publisherId;
    this.disabled = disabled;
    this.logDriver = logDriver;
    this.outbox = outbox;
    this.clock = clock;
    this.written = written;
    this.metrics = metrics;
  }

  @Override
  public void image(Event event, RequestContext ctx, Image image) {
    send(event.type(), "INFO", () -> {
      Map<String, Object> payload = NotificationFormat.image(image);
      return switch (event) {
        case IMAGE_PREPARE, IMAGE_UPLOAD -> NotificationFormat.withImportProperties(payload, image);
        case IMAGE_DELETE -> NotificationFormat.deleted(payload, clock.get());
        default -> payload;
      };
    });
  }

  @Override
  public void member(Event event, RequestContext ctx, Member member) {
    send(event.type(), "INFO", () -> {
      Map<String, Object> payload = NotificationFormat.member(member);
      return event == Event.MEMBER_DELETE ? NotificationFormat.deleted(payload, clock.get()) : payload;
    });
  }

  @Override
  public void task(Event event, RequestContext ctx, Task task) {
    send(event.type(), "INFO", () -> NotificationFormat.task(task, clock.get()));
  }

  @Override
  public void uploadFailed(RequestContext ctx, String imageId, String message) {
    send(Event.IMAGE_UPLOAD.type(), "ERROR", () -> message);
  }

  @Override
  public void imageSent(RequestContext ctx, Image image, long bytesSent, long expected) {
    send(Event.IMAGE_SEND.type(), bytesSent == expected ? "INFO" : "ERROR",
        () -> NotificationFormat.send(ctx, image, bytesSent));
  }

  private void send(String eventType, String priority, Supplier<Object> payload) {
    if (disabled.isDisabled(eventType)) {
      return;
    }
    try {
      Instant now = clock.get();
      String messageId = UUID.randomUUID().toString();
      String message = NotificationFormat.json(
          NotificationFormat.message(messageId, publisherId, eventType, priority, payload.get(), now));
      if (logDriver) {
        logDriver(eventType, priority, message);
      }
      if (outbox != null) {
        outbox.add(messageId, priority, message, now);
        metrics.recorded();
        written.run();
      }
    } catch (RuntimeException e) {
      metrics.lost();
      LOG.error("notification {} ({}) lost: it could not be recorded: {}", eventType, priority, e.toString());
    }
  }

  private static void logDriver(String eventType, String priority, String message) {
    Logger logger = LoggerFactory.getLogger(LOG_DRIVER_BASE + "." + eventType);
    switch (priority.toUpperCase(Locale.ROOT)) {
      case "ERROR", "CRITICAL" -> logger.error(message);
      case "WARN", "WARNING" -> logger.warn(message);
      case "DEBUG" -> logger.debug(message);
      default -> logger.info(message);
    }
  }
}
