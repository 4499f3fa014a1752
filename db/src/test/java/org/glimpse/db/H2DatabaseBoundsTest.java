package org.glimpse.db;

import java.util.UUID;
import org.glimpse.core.error.ConflictException;

class H2DatabaseBoundsTest extends AbstractDatabaseBoundsTest {
  /** H2 ends a lock wait at the statement timeout with its own lock timeout error: a 409. */
  @Override
  protected Class<? extends RuntimeException> lockWaitPastTimeout() {
    return ConflictException.class;
  }

  @Override
  protected Database openDatabase() {
    return Database.open("h2:mem:" + UUID.randomUUID(), ONE_SECOND_STATEMENTS);
  }
}
