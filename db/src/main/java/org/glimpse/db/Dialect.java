package org.glimpse.db;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** The few places where the supported databases differ, detected from the JDBC URL. */
public enum Dialect {
  // VALUE is a keyword in H2 2.x, but Glance's tables use it as a column name. H2 gives up
  // waiting for a row lock after 2 s by default, too soon for writers queued behind a busy image.
  // WRITE_DELAY 0: H2's MVStore otherwise writes commits to its file from a background thread up to
  // 500 ms later, so a process killed in that window loses transactions it acknowledged; with 0
  // every commit is written to the file before it returns (see docs/architecture.md, durability).
  H2("h2", "SET NON_KEYWORDS VALUE; SET LOCK_TIMEOUT 10000; SET WRITE_DELAY 0", 23505, 0),
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
  public Optional<String> connectionInitSql() {
    return Optional.ofNullable(connectionInitSql);
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
