package org.glimpse.db;

import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.GlimpseException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs transactions that lock rows with SELECT … FOR UPDATE. A transaction that waited too long
 * for a lock, or that the database sacrificed to break a deadlock, is rolled back and reported as
 * a ConflictException (the request may be retried); every other failure propagates unchanged.
 */
final class LockingTransactions {
  private final Jdbi jdbi;
  private final Dialect dialect;

  LockingTransactions(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  /**
   * Runs the work in one transaction. Repository calls the work makes on this thread join the
   * transaction (JDBI hands them the same handle), so they need no second connection.
   */
  <T> T inTransaction(String imageId, HandleCallback<T, RuntimeException> work) {
    return inTransactionOn("Image " + imageId, work);
  }

  /** As {@link #inTransaction}, naming {@code subject} (what is locked) in the conflict. */
  <T> T inTransactionOn(String subject, HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.inTransaction(work);
    } catch (GlimpseException e) {
      throw e;
    } catch (RuntimeException e) {
      if (SqlErrors.causedBy(e, dialect::isLockFailure)) {
        throw new ConflictException(subject
            + " is being changed by another request; try again.", e);
      }
      throw e;
    }
  }
}
