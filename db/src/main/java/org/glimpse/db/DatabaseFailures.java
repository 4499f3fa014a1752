package org.glimpse.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.error.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The db module's one boundary for failures of the database itself: a repository handed out by
 * {@link Database} is wrapped so that any call that fails because the database cannot be reached,
 * dropped the connection, is shutting down, or cancelled a statement that ran past its timeout
 * throws {@link UnavailableException} (answered 503 with Retry-After) instead of a JDBI or SQL
 * exception (which would be a 500). Domain errors pass through unchanged, and so does every other
 * failure. The wrapper is per port interface, so methods added to a port are covered without
 * further code.
 */
final class DatabaseFailures {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailures.class);

  private DatabaseFailures() {}

  static <T> T guard(Class<T> port, T repository, Dialect dialect) {
    InvocationHandler handler = (proxy, method, args) -> invoke(repository, method, args, dialect);
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args, Dialect dialect)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(target, args);
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw translate(e.getCause(), dialect);
    }
  }

  /** The failure as the domain should see it. */
  static Throwable translate(Throwable failure, Dialect dialect) {
    if (failure instanceof GlimpseException || !(failure instanceof RuntimeException)) {
      return failure;
    }
    SQLException cause = SqlErrors.find(failure, dialect::isUnavailable);
    if (cause == null) {
      return failure;
    }
    boolean timedOut = dialect.isStatementTimeout(cause);
    LOG.warn("database unavailable ({}): {} [SQLState {}, code {}]",
        timedOut ? "statement timed out" : "connection failed", cause.getMessage(),
        cause.getSQLState(), cause.getErrorCode());
    return new UnavailableException(timedOut
        ? "The database did not complete the request in time. Please try again later."
        : "The database is unavailable. Please try again later.", failure);
  }
}
