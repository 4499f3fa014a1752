package org.glimpse.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.MetadefRepository;
import org.glimpse.core.port.SharingRepository;
import org.glimpse.core.time.ImageClock;
import org.glimpse.core.port.TaskRepository;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The image database: a connection pool on one {@link ConnectionString}, its schema brought up to
 * date by Flyway, and the repositories that use it. Close it to release the pool.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final Jdbi jdbi;
  private final ImageRepository images;
  private final MemberRepository members;
  private final MetadefRepository metadefs;
  private final NotificationOutbox outbox;
  private final SharingRepository sharing;
  private final TableStatistics statistics;
  private final TaskRepository tasks;
  private final ChildrenCopyBackfill childrenCopies;

  private Database(HikariDataSource dataSource, Dialect dialect, PoolSettings settings, ImageClock clock) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.jdbi = Jdbi.create(dataSource);
    // every statement the repositories run is cancelled past this (JDBC query timeout: the
    // drivers cancel it on the server, MariaDB through max_statement_time; H2 has it per
    // connection, from the dialect's init SQL)
    if (dialect.setsTimeoutPerStatement()) {
      jdbi.getConfig(SqlStatements.class)
          .setQueryTimeout(Math.toIntExact(settings.statementTimeout().toSeconds()));
    }
    // JDBI's default goes through java.sql.Timestamp, which shifts wall-clock times that do not
    // exist in the JVM's zone (DST gaps); the drivers bind LocalDateTime exactly.
    jdbi.registerArgument(new AbstractArgumentFactory<LocalDateTime>(Types.TIMESTAMP) {
      @Override
      protected Argument build(LocalDateTime value, ConfigRegistry config) {
        return (position, statement, ctx) -> statement.setObject(position, value);
      }
    });
    this.images = DatabaseFailures.guard(ImageRepository.class,
        new JdbcImageRepository(jdbi, dialect, clock), dialect);
    this.members = DatabaseFailures.guard(MemberRepository.class,
        new JdbcMemberRepository(jdbi, dialect, clock), dialect);
    this.sharing = DatabaseFailures.guard(SharingRepository.class,
        new JdbcSharingRepository(jdbi, dialect, clock), dialect);
    this.metadefs = DatabaseFailures.guard(MetadefRepository.class,
        new JdbcMetadefRepository(jdbi, dialect), dialect);
    this.outbox = DatabaseFailures.guard(NotificationOutbox.class, new JdbcNotificationOutbox(jdbi, dialect), dialect);
    this.statistics = new TableStatistics(jdbi, dialect);
    this.tasks = DatabaseFailures.guard(TaskRepository.class, new JdbcTaskRepository(jdbi), dialect);
    this.childrenCopies = new ChildrenCopyBackfill(jdbi, dialect);
  }

  /**
   * Opens a pool on a {@code [database] connection} value (see {@link ConnectionString#parse})
   * and migrates the schema. IllegalArgumentException for a malformed value.
   */
  public static Database open(String connection) {
    return open(connection, PoolSettings.DEFAULTS);
  }

  /** As {@link #open(String)}, with the pool and statements bounded by {@code settings}. */
  public static Database open(String connection, PoolSettings settings) {
    return open(ConnectionString.parse(connection), settings);
  }

  /** Opens a pool of at most {@code maxPoolSize} connections and migrates the schema. */
  public static Database open(ConnectionString connection, int maxPoolSize) {
    return open(connection, PoolSettings.DEFAULTS.withMaxPoolSize(maxPoolSize));
  }

  /**
   * Opens a pool bounded by {@code settings} and migrates the schema. A request for a
   * connection waits at most the pool timeout, and failures of the database itself reach the
   * repositories' callers as UnavailableException.
   */
  public static Database open(ConnectionString connection, PoolSettings settings) {
    return open(connection, settings, ImageClock.system());
  }

  /**
   * As {@link #open(ConnectionString, PoolSettings)}, with the clock that tells when a membership
   * or domain share has expired.
   */
  public static Database open(ConnectionString connection, PoolSettings settings, ImageClock clock) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("glimpse-db");
    config.setJdbcUrl(connection.jdbcUrl());
    config.setUsername(connection.user());
    config.setPassword(connection.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    long poolTimeout = settings.poolTimeout().toMillis();
    config.setConnectionTimeout(poolTimeout);
    // checking an idle connection before handing it out must fit in the wait (250 ms at least)
    config.setValidationTimeout(Math.max(250, Math.min(5000, poolTimeout / 2)));
    config.setMaxLifetime(settings.connectionRecycleTime().toMillis());
    config.setDataSourceProperties(connection.dialect().driverProperties(settings));
    // PostgreSQL's and H2's default, not MariaDB's: each statement of a transaction that waited
    // for a row lock then sees what the lock's previous holder committed.
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    connection.dialect().connectionInitSql(settings).ifPresent(config::setConnectionInitSql);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      FluentConfiguration flyway = Flyway.configure()
          .dataSource(pool)
          .locations(connection.dialect().migrationLocation());
      // a migration may run longer than any request's statement may: where the statement timeout
      // is a connection's own setting (H2), Flyway's connections drop it, and are replaced after
      Optional<String> migrationInitSql = connection.dialect().migrationInitSql();
      migrationInitSql.ifPresent(flyway::initSql);
      flyway.load().migrate();
      if (migrationInitSql.isPresent()) {
        pool.getHikariPoolMXBean().softEvictConnections();
      }
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    Database database = new Database(pool, connection.dialect(), settings, clock);
    database.refreshStatistics();
    return database;
  }

  /**
   * Refreshes the planner's statistics of the image tables where many rows changed since they
   * were last gathered (PostgreSQL; the others keep theirs as rows change); returns the tables
   * analyzed. Safe to run from several processes at once; the server runs it every minute.
   */
  public List<String> refreshStatistics() {
    return statistics.refresh();
  }

  /**
   * Writes, for about {@code budget}, the children copies that images stored before migration V13
   * (or by a seeding tool) lack; returns true once none is left, and at once on later calls. The
   * server calls it from its housekeeping until then. Reads are right meanwhile, only slower.
   */
  public boolean fillMissingChildrenCopies(Duration budget) {
    return childrenCopies.runFor(budget);
  }

  /** The image repository on this pool (thread-safe, one per database). */
  public ImageRepository images() {
    return images;
  }

  /** The task repository on this pool (thread-safe, one per database). */
  public TaskRepository tasks() {
    return tasks;
  }

  /** The membership repository on this pool (thread-safe, one per database). */
  public MemberRepository members() {
    return members;
  }

  /** The metadata definitions catalog on this pool (thread-safe, one per database). */
  public MetadefRepository metadefs() {
    return metadefs;
  }

  /** The notification outbox on this pool (thread-safe, one per database). */
  public NotificationOutbox outbox() {
    return outbox;
  }

  /**
   * Reports the pool's metrics to a Micrometer {@code MeterRegistry} (HikariCP detects it by
   * class, so this module needs no Micrometer types); at most once.
   */
  public void reportPoolMetrics(Object meterRegistry) {
    dataSource.setMetricRegistry(meterRegistry);
  }

  /** Domain shares, trusted producers, batches, the inbox and expiry (thread-safe, one per database). */
  public SharingRepository sharing() {
    return sharing;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The JDBI the repositories share, for tests of this package that watch its statements. */
  Jdbi jdbi() {
    return jdbi;
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
