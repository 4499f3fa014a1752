package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.glimpse.core.error.UnavailableException;
import org.junit.jupiter.api.Test;

/**
 * Lock timeouts, which the contract tests cannot wait for, and the database's own failures,
 * which they cannot cause, told apart by their codes.
 */
class DialectTest {
  private static SQLException error(String state, int code) {
    return new SQLException("failed", state, code);
  }

  @Test
  void lockTimeoutsAreLockFailures() {
    assertThat(Dialect.H2.isLockFailure(error("HYT00", 50200))).isTrue();
    assertThat(Dialect.POSTGRESQL.isLockFailure(error("55P03", 0))).isTrue();
    assertThat(Dialect.MARIADB.isLockFailure(error("HY000", 1205))).isTrue();
  }

  @Test
  void deadlocksAndSerializationFailuresAreLockFailures() {
    assertThat(Dialect.H2.isLockFailure(error("40001", 40001))).isTrue();
    assertThat(Dialect.POSTGRESQL.isLockFailure(error("40P01", 0))).isTrue();
    assertThat(Dialect.POSTGRESQL.isLockFailure(error("40001", 0))).isTrue();
    assertThat(Dialect.MARIADB.isLockFailure(error("40001", 1213))).isTrue();
  }

  @Test
  void aChainedLockFailureCountsAndOtherErrorsDoNot() {
    SQLException batch = error("22001", 0);
    batch.setNextException(error("40P01", 0));
    assertThat(Dialect.POSTGRESQL.isLockFailure(batch)).isTrue();

    assertThat(Dialect.H2.isLockFailure(error("23505", 23505))).isFalse();
    assertThat(Dialect.POSTGRESQL.isLockFailure(error(null, 0))).isFalse();
    assertThat(Dialect.MARIADB.isLockFailure(error("23000", 1062))).isFalse();
    assertThat(Dialect.MARIADB.isLockFailure(error("HY000", 50200))).isFalse();
  }

  @Test
  void connectionFailuresAndShutdownsAreUnavailability() {
    // HikariCP's "Connection is not available, request timed out"
    SQLException poolTimeout = new SQLTransientConnectionException("glimpse-db - timed out");
    for (Dialect dialect : Dialect.values()) {
      assertThat(dialect.isUnavailable(poolTimeout)).as(dialect.name()).isTrue();
      assertThat(dialect.isUnavailable(error("08006", 0))).as(dialect.name()).isTrue();
      assertThat(dialect.isStatementTimeout(error("08006", 0))).as(dialect.name()).isFalse();
    }
    assertThat(Dialect.POSTGRESQL.isUnavailable(error("57P01", 0))).isTrue();
    assertThat(Dialect.POSTGRESQL.isUnavailable(error("57P03", 0))).isTrue();
    assertThat(Dialect.POSTGRESQL.isUnavailable(error("53300", 0))).isTrue();
    assertThat(Dialect.MARIADB.isUnavailable(error("08004", 1040))).isTrue();
    assertThat(Dialect.MARIADB.isUnavailable(error("70100", 1927))).isTrue();
    assertThat(Dialect.H2.isUnavailable(error("90067", 90067))).isTrue();
  }

  @Test
  void statementTimeoutsAreUnavailabilityButLockTimeoutsAndBadStatementsAreNot() {
    assertThat(Dialect.POSTGRESQL.isStatementTimeout(error("57014", 0))).isTrue();
    assertThat(Dialect.MARIADB.isStatementTimeout(error("70100", 1969))).isTrue();
    assertThat(Dialect.H2.isStatementTimeout(error("HY008", 57014))).isTrue();
    assertThat(Dialect.POSTGRESQL.isUnavailable(error("57014", 0))).isTrue();

    assertThat(Dialect.POSTGRESQL.isUnavailable(error("55P03", 0))).isFalse();
    assertThat(Dialect.MARIADB.isUnavailable(error("HY000", 1205))).isFalse();
    assertThat(Dialect.H2.isUnavailable(error("HYT00", 50200))).isFalse();
    assertThat(Dialect.POSTGRESQL.isUnavailable(error("42601", 0))).isFalse();
    assertThat(Dialect.MARIADB.isUnavailable(error("23000", 1062))).isFalse();
    assertThat(Dialect.H2.isUnavailable(error("22001", 22001))).isFalse();
  }

  @Test
  void theBoundaryTurnsUnavailabilityBehindWrappersIntoUnavailableException() {
    RuntimeException wrapped = new IllegalStateException("jdbi",
        new SQLTransientConnectionException("glimpse-db - timed out"));
    assertThat(DatabaseFailures.translate(wrapped, Dialect.POSTGRESQL))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("The database is unavailable. Please try again later.")
        .hasCause(wrapped);
    RuntimeException syntax = new IllegalStateException("jdbi", error("42601", 0));
    assertThat(DatabaseFailures.translate(syntax, Dialect.POSTGRESQL)).isSameAs(syntax);
  }
}
