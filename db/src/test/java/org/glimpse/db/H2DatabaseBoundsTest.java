package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.glimpse.core.error.ConflictException;
import org.junit.jupiter.api.Test;

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

  /** H2 has the statement timeout per connection (set once), not per statement. */
  @Test
  void aLongStatementOnAnyPooledConnectionIsCancelledAtTheTimeout() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> statement.executeQuery(
          "SELECT SUM(X * X) FROM SYSTEM_RANGE(1, 100000000000)").next())
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(Dialect.H2.isStatementTimeout((SQLException) e)).isTrue());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }
}
