package org.glimpse.ft.quota;

import org.glimpse.ft.support.TestDatabase;

/** The hard storage quota on PostgreSQL. */
class StorageQuotaPostgresTest extends StorageQuotaSuite {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
