package org.glimpse.ft.ops;

import org.glimpse.ft.support.TestDatabase;

/** On the default H2 database. */
class ListingLimitsTest extends ListingLimitsSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.h2();
  }
}
