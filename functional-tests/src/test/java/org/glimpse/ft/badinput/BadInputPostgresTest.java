package org.glimpse.ft.badinput;

import org.glimpse.ft.support.TestDatabase;

/** The bad-input suite on a fresh PostgreSQL database. */
class BadInputPostgresTest extends BadInputSuite {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
