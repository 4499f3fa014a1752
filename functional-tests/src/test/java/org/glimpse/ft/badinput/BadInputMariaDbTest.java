package org.glimpse.ft.badinput;

import org.glimpse.ft.support.TestDatabase;

/** The bad-input suite on a fresh MariaDB database. */
class BadInputMariaDbTest extends BadInputSuite {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
