package org.glimpse.db;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the planner's statistics of the image tables fresh on PostgreSQL, so that a listing's plan
 * never depends on someone running ANALYZE after a bulk load: a table with at least 1,000 rows
 * inserted, updated or deleted since it was last analyzed, and more than a tenth of its rows, is
 * analyzed now. Autovacuum does the same, but only once per {@code autovacuum_naptime} (a minute)
 * and not at all where it is off; a database loaded while Glimpse was stopped is analyzed when it
 * starts. H2 (ANALYZE_AUTO) and MariaDB's InnoDB (innodb_stats_auto_recalc) refresh their
 * statistics themselves as rows change, so nothing is done there.
 */
final class TableStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(TableStatistics.class);

  static final List<String> TABLES = List.of("images", "image_members", "image_properties", "image_tags");

  private static final String STALE = "SELECT relname FROM pg_stat_user_tables"
      + " WHERE schemaname = current_schema()"
      + " AND relname IN ('images', 'image_members', 'image_properties', 'image_tags')"
      + " AND n_mod_since_analyze >= 1000 AND n_mod_since_analyze > n_live_tup / 10"
      + " ORDER BY relname";

  private final Jdbi jdbi;
  private final Dialect dialect;

  TableStatistics(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  /** Analyzes the stale tables; returns their names (none where the database keeps its own). */
  List<String> refresh() {
    if (dialect != Dialect.POSTGRESQL) {
      return List.of();
    }
    return jdbi.withHandle(handle -> {
      List<String> stale = handle.createQuery(STALE).mapTo(String.class).list();
      for (String table : stale) {
        if (!TABLES.contains(table)) {
          continue;
        }
        long started = System.nanoTime();
        handle.execute("ANALYZE " + table);
        LOG.info("statistics of {} refreshed after many changes, in {} ms", table,
            (System.nanoTime() - started) / 1_000_000);
      }
      return stale;
    });
  }
}
