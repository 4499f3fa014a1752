package org.glimpse.ft.imports;

import org.glimpse.ft.support.TestDatabase;

/** {@link TasksApiTest} on MariaDb (skipped without it, unless GLIMPSE_REQUIRE_SERVICES=1). */
class TasksApiMariaDbTest extends TasksApiTest {
  @Override
  protected String databaseConnection() {
    return TestDatabase.mariadb().create();
  }
}
