package org.glimpse.db;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * A database server the tests use but do not start: each run creates a database of its own and
 * drops it afterwards. An unreachable server skips the tests, unless GLIMPSE_REQUIRE_SERVICES=1
 * (environment or system property) says it must be there.
 */
final class ExternalDatabase {
  private final String description;
  private final String adminJdbcUrl;
  private final String user;
  final String name = "glimpse_test_" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
  private boolean created;

  ExternalDatabase(String description, String adminJdbcUrl, String user) {
    this.description = description;
    this.adminJdbcUrl = adminJdbcUrl;
    this.user = user;
  }

  static boolean servicesRequired() {
    return "1".equals(System.getenv("GLIMPSE_REQUIRE_SERVICES"))
        || "1".equals(System.getProperty("GLIMPSE_REQUIRE_SERVICES"));
  }

  /** Creates the database, or skips (or fails) the calling tests when the server is unreachable. */
  void create() {
    Connection connection;
    try {
      connection = DriverManager.getConnection(adminJdbcUrl, user, null);
    } catch (SQLException e) {
      String message = description + " is unreachable at " + adminJdbcUrl + ": " + e.getMessage();
      if (servicesRequired()) {
        fail(message + " (GLIMPSE_REQUIRE_SERVICES=1)");
      }
      Assumptions.abort(message + "; skipping (set GLIMPSE_REQUIRE_SERVICES=1 to fail instead)");
      return;
    }
    execute(connection, "CREATE DATABASE " + name);
    created = true;
  }

  /** Drops the database if {@link #create} made it. */
  void drop(String dropStatement) {
    if (!created) {
      return;
    }
    try {
      execute(DriverManager.getConnection(adminJdbcUrl, user, null), dropStatement);
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test database " + name, e);
    }
  }

  private static void execute(Connection connection, String sql) {
    try (connection; Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("failed: " + sql, e);
    }
  }
}
