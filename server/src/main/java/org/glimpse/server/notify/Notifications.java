package org.glimpse.server.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.glimpse.core.port.Notifier;
import org.glimpse.db.NotificationOutbox;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications as configured: the {@link Notifier} the services get and, with a messaging
 * driver, the relay that publishes the outbox. Close it (before the database) to stop the relay.
 */
public final class Notifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  private final Notifier notifier;
  private final OutboxRelay relay;

  private Notifications(Notifier notifier, OutboxRelay relay) {
    this.notifier = notifier;
    this.relay = relay;
  }

  /** Checks the configuration (a ConfigException when it cannot work) and starts the relay if needed. */
  public static Notifications start(GlimpseConfig.Notifications config, NotificationOutbox outbox,
      NotifyMetrics metrics, Supplier<Instant> clock) {
    Set<NotificationDriver> drivers = NotificationDriver.parse(config.drivers());
    if (drivers.isEmpty()) {
      return new Notifications(Notifier.NONE, null);
    }
    boolean v1 = drivers.contains(NotificationDriver.MESSAGING);
    boolean v2 = drivers.contains(NotificationDriver.MESSAGINGV2);
    boolean log = drivers.contains(NotificationDriver.LOG);
    DisabledNotifications disabled = new DisabledNotifications(config.disabled());
    if (!v1 && !v2) {
      return new Notifications(new OsloNotifier(config.publisherId(), disabled, log, null, clock, () -> {},
          metrics), null);
    }
    if (config.topics().isEmpty()) {
      throw new ConfigException("[oslo_messaging_notifications] topics: at least one topic is needed");
    }
    TransportUrl url = TransportUrl.parse(config.transportUrl().orElseThrow(() -> new ConfigException(
        "[oslo_messaging_notifications] driver " + String.join(",", config.drivers()) + " needs a transport_url"
            + " ([oslo_messaging_notifications] or [DEFAULT]): rabbit://user:pass@host:port/vhost")));
    GlimpseConfig.Rabbit rabbit = config.rabbit();
    Publisher publisher = new RabbitPublisher(url, rabbit, config.controlExchange(), config.topics(), v1, v2);
    OutboxRelay relay = new OutboxRelay(outbox, publisher, new OutboxRelay.Backoff(
        Duration.ofSeconds(rabbit.retryInterval()), Duration.ofSeconds(rabbit.retryBackoff()),
        Duration.ofSeconds(rabbit.intervalMax())), metrics, clock).start();
    LOG.info("notifications ({}) to {} exchange {} topics {}", String.join(",", config.drivers()), url,
        config.controlExchange(), config.topics());
    return new Notifications(new OsloNotifier(config.publisherId(), disabled, log, outbox, clock, relay::wake,
        metrics), relay);
  }

  public Notifier notifier() {
    return notifier;
  }

  @Override
  public void close() {
    if (relay != null) {
      relay.close();
    }
  }
}
