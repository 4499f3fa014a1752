package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.db.TestImages.id;
import static org.glimpse.db.TestImages.image;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.glimpse.core.error.UnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every statement is bounded: one that runs past the statement timeout (here: waiting for a row
 * lock that another transaction holds) is cancelled by the database and reported as
 * UnavailableException ("did not complete in time"), and the pool serves the next call normally. Run per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDatabaseBoundsTest {
  static final PoolSettings ONE_SECOND_STATEMENTS = new PoolSettings(
      4, Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofSeconds(1));

  protected Database database;

  /** A fresh database opened with {@link #ONE_SECOND_STATEMENTS}; skips when unreachable. */
  protected abstract Database openDatabase();

  protected void dropDatabase() {}

  /** What a lock wait cut short by the statement timeout is reported as. */
  protected Class<? extends RuntimeException> lockWaitPastTimeout() {
    return UnavailableException.class;
  }

  @BeforeAll
  void open() {
    database = openDatabase();
  }

  @AfterAll
  void close() {
    if (database != null) {
      database.close();
    }
    dropDatabase();
  }

  @Test
  void aStatementPastTheTimeoutIsCancelledAsUnavailable() throws SQLException {
    database.images().create(image("locked"));
    try (Connection holder = database.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT id FROM images WHERE id = ? FOR UPDATE")) {
        lock.setString(1, id("locked"));
        lock.executeQuery().close();
      }
      long start = System.nanoTime();
      assertThatThrownBy(() ->
          database.images().update(id("locked"), image -> image.setName("changed")))
          .isInstanceOf(lockWaitPastTimeout())
          .satisfies(e -> {
            if (e instanceof UnavailableException) {
              assertThat(e).hasMessageContaining("did not complete the request in time");
            }
          });
      // cancelled by the timeout (1 s), long before any lock timeout (H2 10 s, MariaDB 50 s)
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      holder.rollback();
    }
    // the pool is not poisoned: the same change goes through once the lock is free
    assertThat(database.images().update(id("locked"), image -> image.setName("changed"))
        .getName()).isEqualTo("changed");
  }
}
