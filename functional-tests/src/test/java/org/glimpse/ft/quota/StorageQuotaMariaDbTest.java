package org.glimpse.ft.quota;

import org.glimpse.ft.support.TestDatabase;

/** The hard storage quota on MariaDB. */
class StorageQuotaMariaDbTest extends StorageQuotaSuite {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
