package org.glimpse.ft.concurrency;

import org.glimpse.ft.support.TestDatabase;

/** Concurrent changes to one image, on a fresh PostgreSQL database. */
class ConcurrencyPostgresTest extends ConcurrencySuite {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
