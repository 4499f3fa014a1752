package org.glimpse.db;

import java.sql.SQLException;
import java.util.function.Predicate;

/** Finds the database's own error behind JDBI's wrappers, for mapping integrity errors. */
final class SqlErrors {
  private SqlErrors() {}

  /** Whether an SQLException matching the test is somewhere in the failure's cause chain. */
  static boolean causedBy(Throwable failure, Predicate<SQLException> test) {
    return find(failure, test) != null;
  }

  /** The first SQLException in the failure's cause chain that matches the test, or null. */
  static SQLException find(Throwable failure, Predicate<SQLException> test) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && test.test(sql)) {
        return sql;
      }
    }
    return null;
  }
}
