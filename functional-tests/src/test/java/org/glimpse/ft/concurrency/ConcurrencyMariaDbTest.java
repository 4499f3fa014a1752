package org.glimpse.ft.concurrency;

import org.glimpse.ft.support.TestDatabase;

/** Concurrent changes to one image, on a fresh MariaDB database. */
class ConcurrencyMariaDbTest extends ConcurrencySuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
