package org.glimpse.server.notify;

/** What the notification path reports to the metrics (a no-op without them). */
public interface NotifyMetrics {
  /** A notification was written to the outbox. */
  default void recorded() {}

  /** A notification could not be recorded and is lost. */
  default void lost() {}

  /** The relay confirmed {@code count} notifications published. */
  default void published(int count) {}

  /** An attempt to publish failed (RabbitMQ unreachable, a refused or unconfirmed message). */
  default void publishFailed() {}

  /** Notifications waiting in the outbox, as last counted. */
  default void pending(long count) {}

  NotifyMetrics NONE = new NotifyMetrics() {};
}
