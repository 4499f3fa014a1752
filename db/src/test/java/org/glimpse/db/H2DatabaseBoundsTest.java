package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Flyway's connections run without the timeout (a migration may take longer); the pool
   * replaces them, so every connection it hands out has the timeout.
   */
  @Test
  void everyPooledConnectionHasTheStatementTimeoutAfterTheMigrations() throws SQLException {
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < ONE_SECOND_STATEMENTS.maxPoolSize(); i++) {
        Connection connection = database.dataSource().getConnection();
        held.add(connection);
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME = 'QUERY_TIMEOUT'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).as("connection %d", i).isEqualTo("1000");
        }
      }
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
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
