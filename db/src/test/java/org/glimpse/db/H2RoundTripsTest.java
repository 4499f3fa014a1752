package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.everything;
import static org.glimpse.db.TestImages.fullImage;
import static org.glimpse.db.TestImages.id;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;

/**
 * On H2 a read costs its parse and plan unless H2 keeps the statement for reuse: it does for
 * plain SELECTs, as long as nothing empties the connections' caches (any {@code SET} does).
 */
class H2RoundTripsTest extends AbstractRoundTripsTest {
  @Override
  protected Database openDatabase() {
    return Database.open("h2:mem:" + UUID.randomUUID());
  }

  @Test
  void everyStatementOfAShowAndAListPageIsOneH2KeepsParsed() throws SQLException {
    db.images().create(fullImage());
    startCounting();
    db.images().find(id("full")).orElseThrow();
    db.images().list(everything());
    assertThat(statements).isNotEmpty();
    try (Connection connection = db.dataSource().getConnection()) {
      SessionLocal session = session(connection);
      for (String sql : List.copyOf(statements)) {
        assertThat(session.prepareLocal(sql).isCacheable()).as(sql).isTrue();
      }
    }
  }

  @Test
  void callsLeaveTheParsedStatementsOfEveryConnectionInPlace()
      throws SQLException, InterruptedException {
    db.images().create(fullImage());
    // a new pooled connection's init SQL is a few SETs: wait until the pool has all of them
    HikariDataSource pool = (HikariDataSource) db.dataSource();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (pool.getHikariPoolMXBean().getTotalConnections() < pool.getMaximumPoolSize()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long before = metadataVersion();
    for (int i = 0; i < 3; i++) {
      db.images().find(id("full")).orElseThrow();
      db.images().list(everything());
      db.images().update(id("full"), image -> image.getTags().add("more"));
    }
    // H2 empties every connection's statement cache when this moves (after any SET, any DDL)
    assertThat(metadataVersion()).isEqualTo(before);
  }

  private long metadataVersion() throws SQLException {
    try (Connection connection = db.dataSource().getConnection()) {
      return session(connection).getDatabase().getModificationMetaId();
    }
  }

  private static SessionLocal session(Connection connection) throws SQLException {
    return (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
  }
}
