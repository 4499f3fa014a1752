package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class H2RepositoryTest extends AbstractRepositoryContractTest {
  @Override
  protected Database openDatabase() {
    return Database.open("h2:mem:" + UUID.randomUUID());
  }

  @Test
  void pooledConnectionsWaitTenSecondsForALock() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        ResultSet rs = connection.createStatement().executeQuery("SELECT LOCK_TIMEOUT()")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(10_000);
    }
  }
}
