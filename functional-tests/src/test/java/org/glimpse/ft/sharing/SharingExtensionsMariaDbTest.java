package org.glimpse.ft.sharing;

import org.glimpse.ft.support.TestDatabase;

/** The sharing extensions on a fresh MariaDb database. */
class SharingExtensionsMariaDbTest extends SharingExtensionsSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
