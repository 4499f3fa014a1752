package org.glimpse.ft.sharing;

import org.glimpse.ft.support.TestDatabase;

/** The sharing scenarios on a fresh PostgreSQL database. */
class SharingScenariosPostgresTest extends SharingScenariosSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
