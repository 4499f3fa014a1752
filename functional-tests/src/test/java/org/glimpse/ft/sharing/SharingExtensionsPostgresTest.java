package org.glimpse.ft.sharing;

import org.glimpse.ft.support.TestDatabase;

/** The sharing extensions on a fresh Postgres database. */
class SharingExtensionsPostgresTest extends SharingExtensionsSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
