package org.glimpse.ft.support;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of a functional suite: one real server per test class, and the callers the suites use.
 * A subclass may run the same suite against another database or configuration by overriding
 * {@link #databaseConnection()} or {@link #overrides()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTest {
  protected GlimpseTestServer server;
  /** Projects A and B, ordinary users. */
  protected Client a;
  protected Client b;
  /** An admin of its own project. */
  protected Client admin;

  /** {@code [database] connection} for the server; null: an H2 file in its temporary directory. */
  protected String databaseConnection() {
    return null;
  }

  /** Further {@code GLIMPSE_<SECTION>__<KEY>} settings. */
  protected Map<String, String> overrides() {
    return Map.of();
  }

  @BeforeAll
  void startServer() {
    server = GlimpseTestServer.start(databaseConnection(), overrides());
    a = server.as("projA", "member,reader");
    b = server.as("projB", "member,reader");
    admin = server.as("projAdmin", "admin");
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
