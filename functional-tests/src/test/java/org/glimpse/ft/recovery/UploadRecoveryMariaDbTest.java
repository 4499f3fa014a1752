package org.glimpse.ft.recovery;

import org.glimpse.ft.support.TestDatabase;

/** Upload recovery and the store sweep on a fresh MariaDB database. */
class UploadRecoveryMariaDbTest extends UploadRecoverySuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
