package org.glimpse.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Types;
import java.time.LocalDateTime;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.MemberRepository;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * The image database: a connection pool on one {@link ConnectionString}, its schema brought up to
 * date by Flyway, and the repositories that use it. Close it to release the pool.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final ImageRepository images;
  private final MemberRepository members;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    Jdbi jdbi = Jdbi.create(dataSource);
    // JDBI's default goes through java.sql.Timestamp, which shifts wall-clock times that do not
    // exist in the JVM's zone (DST gaps); the drivers bind LocalDateTime exactly.
    jdbi.registerArgument(new AbstractArgumentFactory<LocalDateTime>(Types.TIMESTAMP) {
      @Override
      protected Argument build(LocalDateTime value, ConfigRegistry config) {
        return (position, statement, ctx) -> statement.setObject(position, value);
      }
    });
    this.images = new JdbcImageRepository(jdbi, dialect);
    this.members = new JdbcMemberRepository(jdbi, dialect);
  }

  /**
   * Opens a pool on a {@code [database] connection} value (see {@link ConnectionString#parse})
   * and migrates the schema. IllegalArgumentException for a malformed value.
   */
  public static Database open(String connection) {
    return open(ConnectionString.parse(connection), 10);
  }

  /** Opens a pool of at most {@code maxPoolSize} connections and migrates the schema. */
  public static Database open(ConnectionString connection, int maxPoolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("glimpse-db");
    config.setJdbcUrl(connection.jdbcUrl());
    config.setUsername(connection.user());
    config.setPassword(connection.password());
    config.setMaximumPoolSize(maxPoolSize);
    // PostgreSQL's and H2's default, not MariaDB's: each statement of a transaction that waited
    // for a row lock then sees what the lock's previous holder committed.
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    connection.dialect().connectionInitSql().ifPresent(config::setConnectionInitSql);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations(connection.dialect().migrationLocation())
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool, connection.dialect());
  }

  /** The image repository on this pool (thread-safe, one per database). */
  public ImageRepository images() {
    return images;
  }

  /** The membership repository on this pool (thread-safe, one per database). */
  public MemberRepository members() {
    return members;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The pool itself, for health checks and tests. */
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
