package org.glimpse.ft.metadefs;

import org.glimpse.ft.support.TestDatabase;

/** The metadefs API on a fresh Postgres database. */
class MetadefApiPostgresTest extends MetadefApiSuite {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
