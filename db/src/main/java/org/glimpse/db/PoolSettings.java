package org.glimpse.db;

import java.time.Duration;

/**
 * How the pool and its statements are bounded, so that a database that is down, slow or
 * unreachable costs a request a known time and never a hang.
 *
 * @param maxPoolSize most connections open at once
 * @param poolTimeout longest wait for a connection (from the pool, or a new one) before the
 *     database counts as unavailable
 * @param connectionRecycleTime connections older than this are replaced (zero: never)
 * @param statementTimeout longest a statement may run, waiting for row locks included, before
 *     it is cancelled; the driver's socket reads give up a little later, for a database that
 *     stopped answering at all
 */
public record PoolSettings(int maxPoolSize, Duration poolTimeout, Duration connectionRecycleTime,
    Duration statementTimeout) {

  public static final PoolSettings DEFAULTS =
      new PoolSettings(10, Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(30));

  public PoolSettings {
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("max pool size must be at least 1: " + maxPoolSize);
    }
    if (poolTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("pool timeout must be at least 250 ms: " + poolTimeout);
    }
    if (!connectionRecycleTime.isZero() && connectionRecycleTime.toSeconds() < 30) {
      throw new IllegalArgumentException(
          "connection recycle time must be 0 or at least 30 s: " + connectionRecycleTime);
    }
    if (statementTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "statement timeout must be at least 1 s: " + statementTimeout);
    }
  }

  public PoolSettings withMaxPoolSize(int size) {
    return new PoolSettings(size, poolTimeout, connectionRecycleTime, statementTimeout);
  }

  /** How long a driver waits on a socket: the statement timeout and a margin for its cancel. */
  Duration socketTimeout() {
    return statementTimeout.plusSeconds(5);
  }
}
