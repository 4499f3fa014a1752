package org.glimpse.ft.imports;

import org.glimpse.ft.support.TestDatabase;

/** {@link ImportTest} on MariaDb (skipped without it, unless GLIMPSE_REQUIRE_SERVICES=1). */
class ImportMariaDbTest extends ImportTest {
  @Override
  protected String databaseConnection() {
    return TestDatabase.mariadb().create();
  }
}
