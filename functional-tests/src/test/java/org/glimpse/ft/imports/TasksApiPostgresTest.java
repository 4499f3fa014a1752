package org.glimpse.ft.imports;

import org.glimpse.ft.support.TestDatabase;

/** {@link TasksApiTest} on Postgres (skipped without it, unless GLIMPSE_REQUIRE_SERVICES=1). */
class TasksApiPostgresTest extends TasksApiTest {
  @Override
  protected String databaseConnection() {
    return TestDatabase.postgres().create();
  }
}
