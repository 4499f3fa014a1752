package org.glimpse.ft.ops;

import org.glimpse.ft.support.TestDatabase;

/** PostgreSQL going away and coming back, through a proxy of the test's own. */
class DatabaseOutagePostgresTest extends DatabaseOutageSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }

  @Override
  int databasePort() {
    return 5432;
  }
}
