package org.glimpse.ft.input;

import org.glimpse.ft.support.TestDatabase;

/** Input no database can store as sent, refused on a fresh PostgreSQL database. */
class BadRequestPostgresTest extends BadRequestSuite {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
