package org.glimpse.server.notify;

import java.util.List;
import org.glimpse.db.NotificationOutbox.Entry;

/** Sends outbox entries to the broker. */
public interface Publisher extends AutoCloseable {
  /**
   * Publishes every entry and returns once the broker confirmed them all; throws when any could
   * not be published or confirmed (then none counts as sent, and all are sent again later).
   */
  void publish(List<Entry> entries) throws Exception;

  /** Drops the connection, if any. Never throws. */
  @Override
  void close();
}
