package org.glimpse.ft.support;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * The database a functional suite runs its server on. H2 lives in the server's temporary
 * directory; PostgreSQL and MariaDB are servers the tests use but do not start: each {@link
 * #create} makes a fresh database there and {@link #drop} removes it. An unreachable server skips
 * the suite, unless GLIMPSE_REQUIRE_SERVICES=1 (environment or system property) says it must be
 * there, and then fails it.
 */
public final class TestDatabase {
  private final String description;
  private final String adminJdbcUrl;
  private final String user;
  private final Function<String, String> connectionOf;
  private final Function<String, String> dropStatementOf;
  private String name;

  private TestDatabase(String description, String adminJdbcUrl, String user,
      Function<String, String> connectionOf, Function<String, String> dropStatementOf) {
    this.description = description;
    this.adminJdbcUrl = adminJdbcUrl;
    this.user = user;
    this.connectionOf = connectionOf;
    this.dropStatementOf = dropStatementOf;
  }

  /** An H2 file database in the server's own temporary directory. */
  public static TestDatabase h2() {
    return new TestDatabase("H2", null, null, name -> null, name -> null);
  }

  /** A database on the PostgreSQL at 127.0.0.1:5432 (user postgres, trust authentication). */
  public static TestDatabase postgres() {
    return new TestDatabase("PostgreSQL",
        "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=5", "postgres",
        name -> "postgresql+psycopg2://postgres@127.0.0.1:5432/" + name,
        name -> "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** A database on the MariaDB at 127.0.0.1:3306 (user root, no password). */
  public static TestDatabase mariadb() {
    return new TestDatabase("MariaDB", "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=5000", "root",
        name -> "mysql+pymysql://root@127.0.0.1:3306/" + name + "?charset=utf8",
        name -> "DROP DATABASE IF EXISTS " + name);
  }

  public static boolean servicesRequired() {
    return RequiredService.required();
  }

  public String description() {
    return description;
  }

  /**
   * Creates a fresh database and returns the server's {@code [database] connection} for it (null
   * for H2: the server's default). Aborts the calling test (or fails it, when services are
   * required) if the database server cannot be reached.
   */
  public String create() {
    if (adminJdbcUrl == null) {
      return null;
    }
    Connection connection;
    try {
      connection = DriverManager.getConnection(adminJdbcUrl, user, null);
    } catch (SQLException e) {
      String message = description + " is unreachable at " + adminJdbcUrl + ": " + e.getMessage();
      RequiredService.missing(message, "start " + description);
      return null;
    }
    String fresh = "glimpse_ft_" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
    execute(connection, "CREATE DATABASE " + fresh);
    name = fresh;
    return connectionOf.apply(fresh);
  }

  /** Drops the database {@link #create} made, if any; call it after the server stopped. */
  public void drop() {
    if (name == null) {
      return;
    }
    try {
      execute(DriverManager.getConnection(adminJdbcUrl, user, null), dropStatementOf.apply(name));
      name = null;
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
