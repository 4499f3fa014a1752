package org.glimpse.ft.recovery;

import org.glimpse.ft.support.TestDatabase;

/** Upload recovery and the store sweep on a fresh PostgreSQL database. */
class UploadRecoveryPostgresTest extends UploadRecoverySuite {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
