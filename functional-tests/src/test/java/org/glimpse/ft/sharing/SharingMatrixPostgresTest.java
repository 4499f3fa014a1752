package org.glimpse.ft.sharing;

import org.glimpse.ft.support.TestDatabase;

/** The sharing matrix on a fresh PostgreSQL database. */
class SharingMatrixPostgresTest extends SharingMatrixSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
