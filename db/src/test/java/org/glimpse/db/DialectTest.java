package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Lock timeouts, which the contract tests cannot wait for, told apart by their codes. */
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
}
