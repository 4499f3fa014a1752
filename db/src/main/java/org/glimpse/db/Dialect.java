package org.glimpse.db;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** The few places where the supported databases differ, detected from the JDBC URL. */
public enum Dialect {
  // VALUE is a keyword in H2 2.x, but Glance's tables use it as a column name.
  H2("h2", "SET NON_KEYWORDS VALUE", 23505, 23506, 0, 0),
  POSTGRESQL("postgresql", null, 23505, 23503, 0, 0),
  // MariaDB reports every integrity error as SQLSTATE 23000; the vendor code tells them apart.
  MARIADB("mysql", null, -1, -1, 1062, 1452);

  private final String migrationFolder;
  private final String connectionInitSql;
  private final int uniqueState;
  private final int missingParentState;
  private final int uniqueVendorCode;
  private final int missingParentVendorCode;

  Dialect(String migrationFolder, String connectionInitSql, int uniqueState,
      int missingParentState, int uniqueVendorCode, int missingParentVendorCode) {
    this.migrationFolder = migrationFolder;
    this.connectionInitSql = connectionInitSql;
    this.uniqueState = uniqueState;
    this.missingParentState = missingParentState;
    this.uniqueVendorCode = uniqueVendorCode;
    this.missingParentVendorCode = missingParentVendorCode;
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

  /** Whether the error is a foreign key pointing at a missing row. */
  public boolean isMissingParent(SQLException e) {
    return matches(e, missingParentState, missingParentVendorCode);
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
