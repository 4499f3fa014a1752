package org.glimpse.ft.ops;

import org.glimpse.ft.support.TestDatabase;

/** On PostgreSQL, where many tag filters used to explode. */
class ListingLimitsPostgresTest extends ListingLimitsSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
