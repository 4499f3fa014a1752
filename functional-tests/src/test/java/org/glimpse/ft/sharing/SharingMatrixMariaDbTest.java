package org.glimpse.ft.sharing;

import org.glimpse.ft.support.TestDatabase;

/** The sharing matrix on a fresh MariaDB database. */
class SharingMatrixMariaDbTest extends SharingMatrixSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
