package org.glimpse.server.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.glimpse.server.auth.keystone.KeystoneAuthenticator;
import org.glimpse.server.auth.keystone.KeystoneSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.Options;

/**
 * Chooses the authenticator from {@code [paste_deploy] flavor}, which names Glance's API pipeline
 * ({@code keystone}, {@code keystone+cachemanagement}, …; unset for none): unset or empty means
 * noauth, a flavor with {@code keystone} in it means Keystone ({@code [keystone_authtoken]}; the
 * other parts of such a flavor are Glance middleware Glimpse does not have, and are named in a
 * warning), and any other flavor stops the server at start rather than serve without the
 * authentication it asks for.
 */
public final class Authenticators {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

  private Authenticators() {}

  public static Authenticator fromConfig(GlimpseConfig config) {
    String flavor = flavor(config);
    if (flavor.isEmpty()) {
      return new NoAuthAuthenticator(config.noauth().defaultProjectId(),
          new LinkedHashSet<>(config.noauth().defaultRoles()));
    }
    if (isKeystone(config)) {
      List<String> others = Arrays.stream(flavor.split("\\+")).filter(p -> !p.equals("keystone")).toList();
      if (!others.isEmpty()) {
        LOG.warn("{} = {}: Glimpse has no {} middleware; serving with Keystone authentication only",
            Options.PASTE_DEPLOY_FLAVOR, flavor, String.join(", ", others));
      }
      KeystoneSettings settings = KeystoneSettings.from(config);
      LOG.info("Keystone authentication: validating tokens at {}", settings.identityV3());
      return new KeystoneAuthenticator(settings);
    }
    throw new ConfigException(Options.PASTE_DEPLOY_FLAVOR + " = " + flavor + ": not a flavor this"
        + " build has; use keystone, or leave the option unset to serve without authentication"
        + " (noauth)");
  }

  /** Whether {@code [paste_deploy] flavor} asks for Keystone authentication. */
  public static boolean isKeystone(GlimpseConfig config) {
    return Arrays.asList(flavor(config).split("\\+")).contains("keystone");
  }

  private static String flavor(GlimpseConfig config) {
    return config.pasteDeploy().flavor().map(String::strip).orElse("");
  }
}
