package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bulk load leaves the image tables with stale planner statistics until someone analyzes them;
 * the database analyzes those tables itself (as the server does at start and every minute), and
 * leaves fresh ones alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresStatisticsTest {
  private final ExternalDatabase server = new ExternalDatabase(
      "PostgreSQL", "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=5", "postgres");
  private Database database;
  private Jdbi jdbi;

  @BeforeAll
  void open() {
    server.create();
    database = Database.open("postgresql+psycopg2://postgres@127.0.0.1:5432/" + server.name);
    jdbi = Jdbi.create(database.dataSource());
  }

  @AfterAll
  void drop() {
    if (database != null) {
      database.close();
    }
    server.drop("DROP DATABASE IF EXISTS " + server.name + " WITH (FORCE)");
  }

  @Test
  void aBulkLoadedTableIsAnalyzedOnceAndOnlyThen() throws InterruptedException {
    jdbi.useHandle(handle -> handle.execute("INSERT INTO images (id, name, status, visibility, owner,"
        + " created_at, updated_at) SELECT md5(g::text)::uuid::text, 'bulk' || g, 'active', 'private',"
        + " 'p' || (g % 100), now(), now() FROM generate_series(1, 5000) g"));
    // the statistics system sees a backend's changes within about a second
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (modifiedSinceAnalyze("images") < 5000 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(modifiedSinceAnalyze("images")).isGreaterThanOrEqualTo(5000);
    assertThat(analyzed("images")).isFalse();

    assertThat(database.refreshStatistics()).containsExactly("images");

    assertThat(analyzed("images")).isTrue();
    double rows = jdbi.withHandle(h -> h.createQuery("SELECT reltuples FROM pg_class WHERE relname = 'images'")
        .mapTo(Double.class).one());
    assertThat(rows).isEqualTo(5000.0);
    assertThat(database.refreshStatistics()).isEmpty();
  }

  private long modifiedSinceAnalyze(String table) {
    return jdbi.withHandle(h -> h.createQuery("SELECT n_mod_since_analyze FROM pg_stat_user_tables"
        + " WHERE relname = ?").bind(0, table).mapTo(Long.class).one());
  }

  private boolean analyzed(String table) {
    List<Boolean> seen = jdbi.withHandle(h -> h.createQuery("SELECT last_analyze IS NOT NULL"
        + " FROM pg_stat_user_tables WHERE relname = ?").bind(0, table).mapTo(Boolean.class).list());
    return seen.get(0);
  }
}
