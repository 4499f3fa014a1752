package org.glimpse.ft.v1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glimpse.ft.support.GlimpseTestServer;

/**
 * The servers the v1 suites share, started once per test JVM: every test works under projects
 * of its own ({@link Actors}), so tests do not see each other's private images.
 */
final class V1Servers {
  /** Projects with this role are denied the member policies on the tight server. */
  static final String BLOCKED_ROLE = "blocked";

  private static GlimpseTestServer standard;
  private static GlimpseTestServer tight;

  private V1Servers() {}

  /** Defaults only. */
  static synchronized GlimpseTestServer standard() {
    if (standard == null) {
      standard = closeAtExit(GlimpseTestServer.start());
    }
    return standard;
  }

  /**
   * Small limits (image_size_cap 100, image_member_quota 3, image_property_quota 4,
   * limit_param_default 3, api_limit_max 4), no default noauth identity (a request without
   * identity headers is anonymous), and a policy that denies the member calls to {@link #BLOCKED_ROLE}.
   */
  static synchronized GlimpseTestServer tight() {
    if (tight == null) {
      try {
        Path policy = Files.createTempFile("glimpse-v1-policy-", ".yaml");
        policy.toFile().deleteOnExit();
        String deny = "\"not role:" + BLOCKED_ROLE + "\"";
        Files.writeString(policy, "get_members: " + deny + "\nmodify_member: " + deny + "\ndelete_member: " + deny + "\n");
        tight = closeAtExit(GlimpseTestServer.start(null, Map.of(
            "GLIMPSE_DEFAULT__IMAGE_SIZE_CAP", "100",
            "GLIMPSE_DEFAULT__IMAGE_MEMBER_QUOTA", "3",
            "GLIMPSE_DEFAULT__IMAGE_PROPERTY_QUOTA", "4",
            "GLIMPSE_DEFAULT__LIMIT_PARAM_DEFAULT", "3",
            "GLIMPSE_DEFAULT__API_LIMIT_MAX", "4",
            "GLIMPSE_NOAUTH__DEFAULT_PROJECT_ID", "",
            "GLIMPSE_OSLO_POLICY__POLICY_FILE", policy.toString())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tight;
  }

  private static GlimpseTestServer closeAtExit(GlimpseTestServer server) {
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    return server;
  }
}
