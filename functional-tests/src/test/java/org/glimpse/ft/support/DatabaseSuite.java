package org.glimpse.ft.support;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * Base of a suite written once and run on each database: one real server per test class, on a
 * fresh database of the kind {@link #database()} names (a one-line subclass per database). When
 * that database's server is unreachable (and not required), every test is skipped with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseSuite {
  private final TestDatabase database = database();
  protected GlimpseTestServer server;
  private String skipReason;

  /** The database the suite runs on; H2 unless a subclass says otherwise. */
  protected TestDatabase database() {
    return TestDatabase.h2();
  }

  /** Further {@code GLIMPSE_<SECTION>__<KEY>} settings of the suite's server. */
  protected Map<String, String> overrides() {
    return Map.of();
  }

  @BeforeAll
  void startServer() {
    String connection;
    try {
      connection = database.create();
    } catch (TestAbortedException e) {
      // aborting here would hide the reason (surefire reports "0 tests"): skip each test instead
      skipReason = e.getMessage();
      System.err.println(getClass().getSimpleName() + ": " + skipReason);
      return;
    }
    server = GlimpseTestServer.start(connection, overrides());
    prepare();
  }

  /** Class-level fixtures, once the server runs. */
  protected void prepare() {}

  @BeforeEach
  void skipWithoutDatabase() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    database.drop();
  }
}
