package org.glimpse.db;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Hard user_storage_quota: an upload reserves bytes before it writes them. The decision runs with
 * the owner's row in storage_owner_locks locked, so concurrent reservations of one owner (from any
 * process sharing the database) are serialised: stored bytes + live reservations of others + this
 * upload's new total never exceed the quota.
 */
final class StorageReservationSql {
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final LockingTransactions transactions;

  StorageReservationSql(Jdbi jdbi, Dialect dialect, LockingTransactions transactions) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.transactions = transactions;
  }

  /** @param countStaged whether staged data (images uploading or importing) counts as stored */
  boolean reserve(String owner, String imageId, String uploadId, long total, long quota, boolean countStaged) {
    return reserve(owner, imageId, uploadId, total, quota, "saving", storedSql(countStaged));
  }

  /**
   * As {@link #reserve} for data being staged: the owner's staged data (images uploading or
   * importing, other than {@code imageId}) + live reservations of its other stages (images
   * uploading under the reserving upload) + the new total never exceed the quota.
   */
  boolean reserveStaging(String owner, String imageId, String uploadId, long total, long quota) {
    return reserve(owner, imageId, uploadId, total, quota, "uploading",
        "SELECT COALESCE(SUM(size), 0) FROM images WHERE deleted = FALSE AND size > 0"
            + " AND location IS NOT NULL AND status IN ('uploading', 'importing') AND owner = ? AND id <> ?");
  }

  /**
   * The decision under the owner's lock; {@code liveStatus} is the status a live reservation's
   * image has, {@code heldSql} sums what the owner holds already (parameters: owner, image id).
   *
   * <p>What is held and what others reserved are read by one statement, so from one snapshot: an
   * upload finishing meanwhile (its record gets its size and drops its upload id in one commit,
   * without the owner's lock) is counted once, as held or as reserved. Read by two statements, it
   * could commit between them and be counted by neither.
   */
  private boolean reserve(String owner, String imageId, String uploadId, long total, long quota, String liveStatus,
      String heldSql) {
    ensureLockRow(owner);
    return transactions.inTransaction(imageId, handle -> {
      lock(handle, owner);
      long used = handle.createQuery("SELECT (" + heldSql + ") + (SELECT COALESCE(SUM(r.bytes), 0)"
              + " FROM storage_reservations r JOIN images i ON i.id = r.image_id AND i.upload_id = r.upload_id"
              + " WHERE r.owner = ? AND r.upload_id <> ? AND i.status = ? AND i.deleted = FALSE)")
          .bind(0, owner).bind(1, imageId).bind(2, owner).bind(3, uploadId).bind(4, liveStatus)
          .mapTo(Long.class).one();
      if (used + total > quota) {
        return false;
      }
      int updated = handle.createUpdate("UPDATE storage_reservations SET bytes = ? WHERE upload_id = ?")
          .bind(0, total).bind(1, uploadId).execute();
      if (updated == 0) {
        handle.createUpdate("INSERT INTO storage_reservations (upload_id, image_id, owner, bytes) VALUES (?, ?, ?, ?)")
            .bind(0, uploadId).bind(1, imageId).bind(2, owner).bind(3, total).execute();
      }
      return true;
    });
  }

  /**
   * Runs {@code work} in one transaction holding the owner's lock row; repository calls it makes
   * on this thread join the transaction.
   */
  <T> T underOwnerLock(String owner, java.util.function.Supplier<T> work) {
    ensureLockRow(owner);
    return transactions.inTransactionOn("The quota usage of project " + owner, handle -> {
      lock(handle, owner);
      return work.get();
    });
  }

  private static void lock(Handle handle, String owner) {
    handle.createQuery("SELECT owner FROM storage_owner_locks WHERE owner = ? FOR UPDATE")
        .bind(0, owner).mapTo(String.class).one();
  }

  void release(String uploadId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM storage_reservations WHERE upload_id = ?")
        .bind(0, uploadId).execute());
  }

  /** Sums the bytes of the owner's stored images other than an image (parameters: owner, image id). */
  private static String storedSql(boolean countStaged) {
    return "SELECT COALESCE(SUM(size), 0) FROM images WHERE deleted = FALSE AND size > 0"
        + " AND location IS NOT NULL AND status NOT IN ('killed', 'deleted', 'pending_delete'"
        + (countStaged ? "" : ", 'uploading', 'importing'") + ")"
        + " AND owner = ? AND id <> ?";
  }

  /** Creates the owner's lock row unless it exists; a concurrent creator winning is fine. */
  private void ensureLockRow(String owner) {
    try {
      jdbi.useHandle(h -> {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM storage_owner_locks WHERE owner = ?")
            .bind(0, owner).mapTo(Long.class).one() > 0;
        if (!exists) {
          h.createUpdate("INSERT INTO storage_owner_locks (owner) VALUES (?)").bind(0, owner).execute();
        }
      });
    } catch (RuntimeException e) {
      if (!SqlErrors.causedBy(e, dialect::isUniqueViolation)) {
        throw e;
      }
    }
  }
}
