package org.glimpse.ft.input;

import org.glimpse.ft.support.TestDatabase;

/** Glance's answers that involve the database, on a fresh MariaDB database. */
class GlanceAnswersMariaDbTest extends GlanceAnswersSuite {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
