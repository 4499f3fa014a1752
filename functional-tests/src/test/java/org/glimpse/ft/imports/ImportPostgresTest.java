package org.glimpse.ft.imports;

import org.glimpse.ft.support.TestDatabase;

/** {@link ImportTest} on Postgres (skipped without it, unless GLIMPSE_REQUIRE_SERVICES=1). */
class ImportPostgresTest extends ImportTest {
  @Override
  protected String databaseConnection() {
    return TestDatabase.postgres().create();
  }
}
