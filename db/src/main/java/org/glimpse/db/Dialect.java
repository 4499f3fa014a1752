package org.glimpse.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/** The few places where the supported databases differ, detected from the JDBC URL. */
public enum Dialect {
  // VALUE is a keyword in H2 2.x, but Glance's tables use it as a column name. H2 gives up
  // waiting for a row lock after 2 s by default, too soon for writers queued behind a busy image;
  // it waits 10 s here, or the statement timeout if shorter (H2's query timeout does not cut a
  // lock wait short).
  // WRITE_DELAY 0: H2's MVStore otherwise writes commits to its file from a background thread up to
  // 500 ms later, so a process killed in that window loses transactions it acknowledged; with 0
  // every commit is written to the file before it returns (see docs/architecture.md, durability).
  // QUERY_TIMEOUT: the statement timeout, once per connection (see setsTimeoutPerStatement).
  // OPTIMIZE_REUSE_RESULTS 0: H2 otherwise answers a kept statement with the rows it found last
  // time if it believes no table changed since; with commits racing the read that belief can be
  // wrong, and the connection returned rows already deleted until the table next changed.
  H2("h2", "SET NON_KEYWORDS VALUE; SET LOCK_TIMEOUT %d; SET WRITE_DELAY 0; SET QUERY_TIMEOUT %d;"
      + " SET OPTIMIZE_REUSE_RESULTS 0",
      23505, 0),
  // PostgreSQL waits for a lock as long as it takes (lock_timeout 0), MariaDB 50 s.
  POSTGRESQL("postgresql", null, 23505, 0),
  // MariaDB reports every integrity error as SQLSTATE 23000; the vendor code tells them apart.
  MARIADB("mysql", null, -1, 1062);

  private final String migrationFolder;
  private final String connectionInitSql;
  private final int uniqueState;
  private final int uniqueVendorCode;

  Dialect(String migrationFolder, String connectionInitSql, int uniqueState,
      int uniqueVendorCode) {
    this.migrationFolder = migrationFolder;
    this.connectionInitSql = connectionInitSql;
    this.uniqueState = uniqueState;
    this.uniqueVendorCode = uniqueVendorCode;
  }

  /** The dialect of a {@code jdbc:} URL; IllegalArgumentException for any other database. */
  public static Dialect fromJdbcUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    throw new IllegalArgumentException(
        "unsupported database URL (expected jdbc:h2, jdbc:postgresql or jdbc:mariadb): " + jdbcUrl);
  }

  /** Flyway location of this dialect's migrations. */
  public String migrationLocation() {
    return "classpath:db/migration/" + migrationFolder;
  }

  /** SQL run on every new pooled connection, if any. */
  public Optional<String> connectionInitSql(PoolSettings settings) {
    long statementTimeout = settings.statementTimeout().toMillis();
    long lockTimeout = Math.min(10_000, statementTimeout);
    return Optional.ofNullable(connectionInitSql)
        .map(sql -> String.format(sql, lockTimeout, statementTimeout));
  }

  /**
   * Whether the statement timeout is given to each statement through JDBC, rather than once per
   * connection by {@link #connectionInitSql}. Not on H2: its JDBC query timeout runs a {@code SET}
   * on every statement, and any {@code SET} empties the cache of parsed statements of every
   * connection, so each statement was parsed and planned anew (most of a show's CPU).
   */
  public boolean setsTimeoutPerStatement() {
    return this != H2;
  }

  /**
   * SQL that Flyway runs on its connections, if any: on H2, the statement timeout of the
   * connection init SQL lifted, so that a long migration is not cut (the pool replaces those
   * connections afterwards). The others have no per-connection timeout.
   */
  public Optional<String> migrationInitSql() {
    return this == H2 ? Optional.of("SET QUERY_TIMEOUT 0") : Optional.empty();
  }

  /** Whether the error is a unique or primary key violation. */
  public boolean isUniqueViolation(SQLException e) {
    return matches(e, uniqueState, uniqueVendorCode);
  }

  /**
   * Whether the transaction lost a race for a lock: it waited longer than the database allows,
   * was chosen as a deadlock victim, or could not be serialized.
   */
  public boolean isLockFailure(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = String.valueOf(x.getSQLState());
      // 40001: deadlock or serialization failure on all three; 40P01: PostgreSQL's deadlock
      if (state.equals("40001") || state.equals("40P01")) {
        return true;
      }
      boolean timedOut = switch (this) {
        case H2 -> x.getErrorCode() == 50200;
        case POSTGRESQL -> state.equals("55P03");
        case MARIADB -> x.getErrorCode() == 1205;
      };
      if (timedOut) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the error says the database cannot serve now rather than that the statement was
   * wrong: no connection could be had in time (the pool's own timeout), the connection failed
   * or was closed (SQLState class 08), the server is shutting down, starting up or out of
   * connections, or a statement ran past its timeout. Lock waits the database gave up on are
   * not: they are {@link #isLockFailure lock failures}.
   */
  public boolean isUnavailable(SQLException e) {
    if (isLockFailure(e)) {
      return false;
    }
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x instanceof SQLTransientConnectionException
          || x instanceof SQLNonTransientConnectionException
          || x instanceof SQLRecoverableException
          || isStatementTimeout(x)) {
        return true;
      }
      String state = String.valueOf(x.getSQLState());
      boolean unavailable = state.startsWith("08") || switch (this) {
        // the server is shutting down or starting up; too many connections
        case POSTGRESQL -> state.startsWith("57P") || state.equals("53300");
        // connection killed, server shutdown, too many connections
        case MARIADB -> x.getErrorCode() == 1927 || x.getErrorCode() == 1053
            || x.getErrorCode() == 1040;
        // connection broken, database closed, called during JVM shutdown
        case H2 -> x.getErrorCode() == 90067 || x.getErrorCode() == 90098
            || x.getErrorCode() == 90121;
      };
      if (unavailable) {
        return true;
      }
    }
    return false;
  }

  /** Whether the error is a statement cancelled because it ran past its timeout. */
  public boolean isStatementTimeout(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      boolean timedOut = switch (this) {
        // query_canceled: what the driver's cancel of a timed-out statement causes
        case POSTGRESQL -> "57014".equals(x.getSQLState());
        // max_statement_time exceeded (MariaDB), max_execution_time exceeded (MySQL)
        case MARIADB -> x.getErrorCode() == 1969 || x.getErrorCode() == 3024;
        // "Statement was canceled or the session timed out"
        case H2 -> x.getErrorCode() == 57014;
      };
      if (timedOut) {
        return true;
      }
    }
    return false;
  }

  /**
   * Driver properties that bound the time spent connecting and the time a read may wait on a
   * database that stopped answering (the statement timeout itself is set per statement), and
   * that leave closing the database to the pool.
   */
  public Properties driverProperties(PoolSettings settings) {
    Properties properties = new Properties();
    long connectSeconds = Math.max(1, settings.poolTimeout().toSeconds());
    switch (this) {
      case POSTGRESQL -> {
        properties.setProperty("connectTimeout", String.valueOf(connectSeconds));
        properties.setProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
        // a batch of tags or properties goes as one multi-row INSERT
        properties.setProperty("reWriteBatchedInserts", "true");
      }
      case MARIADB -> {
        properties.setProperty("connectTimeout", String.valueOf(connectSeconds * 1000));
        properties.setProperty("socketTimeout", String.valueOf(settings.socketTimeout().toMillis()));
        // statements prepared once per connection on the server, as pgjdbc does after five runs:
        // a show then costs MariaDB no parse (about a quarter more shows per second)
        properties.setProperty("useServerPrepStmts", "true");
      }
      case H2 -> {
        // embedded: no network to wait on. H2 closes its databases from a JVM shutdown hook of
        // its own by default, which would fail the requests a graceful stop lets finish; the
        // pool's close closes it instead.
        properties.setProperty("DB_CLOSE_ON_EXIT", "FALSE");
        // each connection keeps this many parsed statements for reuse (H2's default is 8, fewer
        // than the distinct statements a mix of calls runs on one pooled connection)
        properties.setProperty("QUERY_CACHE_SIZE", "64");
      }
    }
    return properties;
  }

  /**
   * Whether a UNION ALL of reads is one statement the database keeps prepared, so that reading
   * several tables at once costs one round trip. Not H2: it keeps a parsed statement for reuse
   * only when it is a plain SELECT (a top-level UNION is parsed and planned on every execution,
   * a derived one planned again), and embedded, it has no round trip to save, so it reads such
   * tables one plain SELECT at a time.
   */
  public boolean reusesUnions() {
    return this != H2;
  }

  /**
   * Whether a list page is read with its images' children in one statement, its page a CTE read
   * once (so one snapshot); else the page and the children are two reads in one snapshot
   * transaction. PostgreSQL only: MariaDB evaluates the CTE once per reference, and a listing's
   * union goes through temporary tables each time, which made a page twice as slow there.
   */
  public boolean readsPagesInOneStatement() {
    return this == POSTGRESQL;
  }

  /**
   * Whether a listing's UNION of branches should carry only ids and sort keys, the rows being read
   * by id after the page is cut. MariaDB copies a derived UNION into a temporary table, which
   * goes to disk as soon as a row holds TEXT (an image's location does): two such tables per
   * page took about two thirds of a listing's time there. PostgreSQL reads the union as it is.
   */
  public boolean narrowsDerivedUnions() {
    return this == MARIADB;
  }

  /**
   * Whether a listing branch names the index it reads ({@code FORCE INDEX}): MariaDB. Its planner
   * otherwise weighs every index of images against each branch on every execution (it keeps no
   * plans), which was about a third of a page's database time, and with stale statistics it chose
   * a range of another index and a sort. PostgreSQL takes no hints and keeps its plans; H2 is left
   * to its own.
   */
  public boolean takesIndexHints() {
    return this == MARIADB;
  }

  private static boolean matches(SQLException e, int state, int vendorCode) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (vendorCode != 0 && x.getErrorCode() == vendorCode) {
        return true;
      }
      if (state > 0 && String.valueOf(state).equals(x.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
