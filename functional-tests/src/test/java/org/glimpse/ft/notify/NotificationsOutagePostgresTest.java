package org.glimpse.ft.notify;

import org.glimpse.ft.support.TestDatabase;

/** The outbox and its relay through a RabbitMQ outage, on a fresh PostgreSQL database. */
class NotificationsOutagePostgresTest extends NotificationsOutageTest {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
