package org.glimpse.ft.sharing;

import org.glimpse.ft.support.TestDatabase;

/** The shared-image listings on a fresh MariaDB database. */
class SharedListingMariaDbTest extends SharedListingSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
