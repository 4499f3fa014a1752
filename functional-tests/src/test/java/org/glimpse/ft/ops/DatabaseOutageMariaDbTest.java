package org.glimpse.ft.ops;

import org.glimpse.ft.support.TestDatabase;

/** MariaDB going away and coming back, through a proxy of the test's own. */
class DatabaseOutageMariaDbTest extends DatabaseOutageSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }

  @Override
  int databasePort() {
    return 3306;
  }
}
