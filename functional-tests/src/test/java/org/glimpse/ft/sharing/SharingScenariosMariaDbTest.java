package org.glimpse.ft.sharing;

import org.glimpse.ft.support.TestDatabase;

/** The sharing scenarios on a fresh MariaDB database. */
class SharingScenariosMariaDbTest extends SharingScenariosSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
