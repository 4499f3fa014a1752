package org.glimpse.server.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.glimpse.server.auth.keystone.KeystoneAuthenticator;
import org.glimpse.server.auth.keystone.KeystoneSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.Options;

/**
 * Chooses the authenticator from {@code [paste_deploy] flavor}, which names Glance's API pipeline
 * ({@code keystone}, {@code keystone+cachemanagement}, {@code caching}, …; unset for none): a
 * flavor with {@code keystone} in it means Keystone ({@code [keystone_authtoken]}), one without
 * (unset, empty, {@code caching}, {@code cachemanagement}) noauth. {@code caching} and {@code
 * cachemanagement} are Glance's image cache middleware ({@link #cachesDownloads}). Other parts of a
 * Keystone flavor are Glance middleware Glimpse does not have, and are named in a warning; any
 * other flavor without Keystone stops the server at start rather than serve without the
 * authentication it asks for.
 */
public final class Authenticators {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

  private static final Set<String> CACHE_PARTS = Set.of("caching", "cachemanagement");

  private Authenticators() {}

  public static Authenticator fromConfig(GlimpseConfig config) {
    String flavor = flavor(config);
    List<String> unknown = parts(config).stream()
        .filter(p -> !p.equals("keystone") && !CACHE_PARTS.contains(p)).toList();
    if (!isKeystone(config) && unknown.isEmpty()) {
      return new NoAuthAuthenticator(config.noauth().defaultProjectId(),
          new LinkedHashSet<>(config.noauth().defaultRoles()));
    }
    if (isKeystone(config)) {
      if (!unknown.isEmpty()) {
        LOG.warn("{} = {}: Glimpse has no {} middleware; serving without it",
            Options.PASTE_DEPLOY_FLAVOR, flavor, String.join(", ", unknown));
      }
      KeystoneSettings settings = KeystoneSettings.from(config);
      LOG.info("Keystone authentication: validating tokens at {}", settings.identityV3());
      return new KeystoneAuthenticator(settings);
    }
    throw new ConfigException(Options.PASTE_DEPLOY_FLAVOR + " = " + flavor + ": not a flavor this"
        + " build has; use keystone (or keystone+caching, keystone+cachemanagement), or leave the"
        + " option unset (or caching, cachemanagement) to serve without authentication (noauth)");
  }

  /** Whether {@code [paste_deploy] flavor} asks for Keystone authentication. */
  public static boolean isKeystone(GlimpseConfig config) {
    return parts(config).contains("keystone");
  }

  /**
   * Whether {@code [paste_deploy] flavor} has Glance's image cache middleware ({@code caching} or
   * {@code cachemanagement}): downloads then fill and are served from the image cache.
   */
  public static boolean cachesDownloads(GlimpseConfig config) {
    return parts(config).stream().anyMatch(CACHE_PARTS::contains);
  }

  /**
   * Whether {@code [paste_deploy] flavor} has Glance's older cache management middleware ({@code
   * cachemanagement}): {@code /v2/cached_images} and {@code /v2/queued_images} are then served.
   */
  public static boolean managesCache(GlimpseConfig config) {
    return parts(config).contains("cachemanagement");
  }

  private static List<String> parts(GlimpseConfig config) {
    return Arrays.stream(flavor(config).split("\\+")).map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  private static String flavor(GlimpseConfig config) {
    return config.pasteDeploy().flavor().map(String::strip).orElse("");
  }
}
