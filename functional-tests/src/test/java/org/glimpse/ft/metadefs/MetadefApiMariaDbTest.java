package org.glimpse.ft.metadefs;

import org.glimpse.ft.support.TestDatabase;

/** The metadefs API on a fresh MariaDb database. */
class MetadefApiMariaDbTest extends MetadefApiSuite {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
