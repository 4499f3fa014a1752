package org.glimpse.server.config;

import org.glimpse.core.policy.Policy;

/**
 * The policy an {@code [oslo_policy]} section asks for: Glance's new or legacy default rules,
 * the operator's files over them, scope checks on or off; and whether Glance's hard-coded owner
 * checks apply (only while the new defaults are not enforced, as in current Glance, which keys
 * them on {@code enforce_new_defaults} since it removed {@code [DEFAULT] enforce_secure_rbac}).
 *
 * @param newDefaults whether the new (secure RBAC) defaults are enforced
 */
public record PolicyConfig(Policy rules, boolean newDefaults) {

  /** Glance's legacy owner-or-admin checks: on exactly when the new defaults are off. */
  public boolean ownerChecks() {
    return !newDefaults;
  }

  /**
   * @param keystone whether callers are authenticated by Keystone, which makes an unset {@code
   *     enforce_new_defaults} true (oslo.policy's default); with noauth it stays false
   */
  public static PolicyConfig from(GlimpseConfig.OsloPolicy settings, boolean keystone) {
    boolean newDefaults = settings.enforceNewDefaults().orElse(keystone);
    Policy rules = Policy.glance(newDefaults, settings.enforceScope(), PolicyFile.readAll(settings));
    return new PolicyConfig(rules, newDefaults);
  }
}
