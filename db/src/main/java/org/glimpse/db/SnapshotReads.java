package org.glimpse.db;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Reads of several statements that must see one committed state (an image's row and its tags
 * read apart, say), so that an update committed between two of them is never half seen. Each
 * runs in a repeatable-read transaction, whose reads share one snapshot; the connections are
 * read-committed otherwise (for the writers' locking). A read made inside a transaction (a
 * mutation reading through the repositories) joins it instead.
 */
final class SnapshotReads {
  private final Jdbi jdbi;
  private final Dialect dialect;

  SnapshotReads(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  <T> T read(HandleCallback<T, RuntimeException> reading) {
    return jdbi.withHandle(handle -> {
      if (handle.isInTransaction()) {
        return reading.withHandle(handle);
      }
      if (dialect == Dialect.MARIADB) {
        return inServerTransaction(handle, reading);
      }
      return handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, reading);
    });
  }

  /**
   * MariaDB: the level for the next transaction only, then the transaction, as statements. Three
   * round trips where the driver's own isolation and auto-commit switches, set and reset, take
   * five. InnoDB takes the snapshot at the first read.
   */
  private static <T> T inServerTransaction(Handle handle, HandleCallback<T, RuntimeException> reading) {
    handle.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    handle.execute("START TRANSACTION READ ONLY");
    T result;
    try {
      result = reading.withHandle(handle);
    } catch (RuntimeException e) {
      rollbackQuietly(handle, e);
      throw e;
    }
    handle.execute("COMMIT");
    return result;
  }

  private static void rollbackQuietly(Handle handle, RuntimeException cause) {
    try {
      handle.execute("ROLLBACK");
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
