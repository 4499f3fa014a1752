package org.glimpse.ft.sharing;

import org.glimpse.ft.support.TestDatabase;

/** The shared-image listings on a fresh PostgreSQL database. */
class SharedListingPostgresTest extends SharedListingSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
