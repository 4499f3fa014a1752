package org.glimpse.db;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox on JDBC. Claims are a compare-and-swap on the lease columns, one UPDATE for the
 * batch, which every dialect runs the same way: a row another claimer took meanwhile fails the
 * condition and stays theirs.
 *
 * <p>MariaDB's gap locks can make two relays deadlock on neighbouring rows. The database then
 * rolls one statement back; a claim that lost just claims nothing this round, and delete and
 * release (which change only the caller's own rows, so running them twice is harmless) are run
 * again, so a published batch is not sent a second time merely because its delete lost a race.
 */
final class JdbcNotificationOutbox implements NotificationOutbox {
  private static final int LOCK_ATTEMPTS = 5;
  private static final String FREE = "(claimed_until IS NULL OR claimed_until < :now)";

  private final Jdbi jdbi;
  private final Dialect dialect;

  JdbcNotificationOutbox(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  @Override
  public void add(String messageId, String priority, String message, Instant createdAt) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO notification_outbox (message_id, priority, message, created_at)"
            + " VALUES (:id, :priority, :message, :created)")
        .bind("id", messageId)
        .bind("priority", priority)
        .bind("message", message)
        .bind("created", Timestamps.toDb(createdAt))
        .execute());
  }

  @Override
  public List<Entry> claim(String claimer, Instant now, Instant until, int limit) {
    try {
      return claimFree(claimer, now, until, limit);
    } catch (RuntimeException e) {
      if (SqlErrors.causedBy(e, dialect::isLockFailure)) {
        return List.of();
      }
      throw e;
    }
  }

  /** Runs an idempotent statement, again if the database chose it as a deadlock victim. */
  private <T> T retryingLockFailures(Supplier<T> statement) {
    for (int attempt = 1; ; attempt++) {
      try {
        return statement.get();
      } catch (RuntimeException e) {
        if (attempt >= LOCK_ATTEMPTS || !SqlErrors.causedBy(e, dialect::isLockFailure)) {
          throw e;
        }
      }
    }
  }

  private List<Entry> claimFree(String claimer, Instant now, Instant until, int limit) {
    return jdbi.inTransaction(h -> {
      List<Long> free = h.createQuery("SELECT seq FROM notification_outbox WHERE " + FREE
              + " ORDER BY seq LIMIT :limit")
          .bind("now", Timestamps.toDb(now))
          .bind("limit", limit)
          .mapTo(Long.class)
          .list();
      if (free.isEmpty()) {
        return List.of();
      }
      h.createUpdate("UPDATE notification_outbox SET claimed_by = :claimer, claimed_until = :until,"
              + " attempts = attempts + 1 WHERE seq IN (<seqs>) AND " + FREE)
          .bind("claimer", claimer)
          .bind("until", Timestamps.toDb(until))
          .bind("now", Timestamps.toDb(now))
          .bindList("seqs", free)
          .execute();
      return h.createQuery("SELECT seq, message_id, priority, message, attempts FROM notification_outbox"
              + " WHERE claimed_by = :claimer AND seq IN (<seqs>) ORDER BY seq")
          .bind("claimer", claimer)
          .bindList("seqs", free)
          .map((rs, ctx) -> new Entry(rs.getLong("seq"), rs.getString("message_id"), rs.getString("priority"),
              rs.getString("message"), rs.getInt("attempts")))
          .list();
    });
  }

  @Override
  public int delete(String claimer, List<Long> seqs) {
    if (seqs.isEmpty()) {
      return 0;
    }
    return retryingLockFailures(() -> jdbi.withHandle(h -> h.createUpdate(
            "DELETE FROM notification_outbox WHERE claimed_by = :claimer AND seq IN (<seqs>)")
        .bind("claimer", claimer)
        .bindList("seqs", seqs)
        .execute()));
  }

  @Override
  public void release(String claimer) {
    retryingLockFailures(() -> jdbi.withHandle(h -> h.createUpdate(
            "UPDATE notification_outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = :claimer")
        .bind("claimer", claimer)
        .execute()));
  }

  @Override
  public long pending() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM notification_outbox")
        .mapTo(Long.class)
        .one());
  }
}
