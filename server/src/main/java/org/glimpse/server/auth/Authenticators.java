package org.glimpse.server.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.Options;

/**
 * Chooses the authenticator from {@code [paste_deploy] flavor}, which names Glance's API pipeline
 * ({@code keystone}, {@code keystone+cachemanagement}, …; unset for none). This build has the
 * pipeline without authentication only: an unset or empty flavor means noauth, and any other
 * flavor stops the server at start rather than serve without the authentication it asks for.
 */
public final class Authenticators {
  private Authenticators() {}

  public static Authenticator fromConfig(GlimpseConfig config) {
    String flavor = config.pasteDeploy().flavor().map(String::strip).orElse("");
    if (flavor.isEmpty()) {
      return new NoAuthAuthenticator(config.noauth().defaultProjectId(),
          new LinkedHashSet<>(config.noauth().defaultRoles()));
    }
    String option = Options.PASTE_DEPLOY_FLAVOR + " = " + flavor;
    if (Arrays.asList(flavor.split("\\+")).contains("keystone")) {
      throw new ConfigException(option + ": Keystone is not available in this build; leave the option unset"
          + " to serve without authentication (noauth)");
    }
    throw new ConfigException(option + ": not a flavor this build has; leave the option unset to serve"
        + " without authentication (noauth)");
  }
}
