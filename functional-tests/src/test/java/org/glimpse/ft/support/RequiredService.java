package org.glimpse.ft.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a service or tool it needs is not there: it is skipped on a laptop, but
 * fails when GLIMPSE_REQUIRE_SERVICES=1 (environment or system property), as CI sets it, so that
 * an absent service can never pass silently.
 */
public final class RequiredService {
  private RequiredService() {}

  public static boolean required() {
    return "1".equals(System.getenv("GLIMPSE_REQUIRE_SERVICES"))
        || "1".equals(System.getProperty("GLIMPSE_REQUIRE_SERVICES"));
  }

  /** Fails or aborts the calling test; {@code howToGetIt} says how to install or start it. */
  public static void missing(String message, String howToGetIt) {
    if (required()) {
      Assertions.fail(message + " (GLIMPSE_REQUIRE_SERVICES=1)");
    }
    Assumptions.abort(message + "; skipping (" + howToGetIt + ", or set GLIMPSE_REQUIRE_SERVICES=1 to fail instead)");
  }
}
