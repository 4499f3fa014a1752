package org.glimpse.core.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compiled set of oslo.policy rules, immutable and safe to share. Rules are compiled once, when
 * the policy is built; malformed text, unknown check kinds and {@code rule:} cycles are refused
 * there with an {@link InvalidRuleException} naming the rule.
 *
 * <p>Credentials come from the {@link RequestContext}: {@code project_id} and {@code tenant} are
 * its project, {@code user_id} its user, {@code roles} its roles, {@code is_admin} is "True" for
 * the admin role. Targets map keys such as {@code owner}, {@code project_id}, {@code visibility},
 * {@code member_id} to strings; a missing or null value makes a check that names it deny.
 */
public final class Policy {
  private static final Logger LOG = LoggerFactory.getLogger(Policy.class);
  private final Map<String, Check> rules;
  /** Rule name → the token scopes it accepts; a rule not named here accepts any scope. */
  private final Map<String, Set<String>> scopeTypes;

  private Policy(Map<String, Check> rules, Map<String, Set<String>> scopeTypes) {
    this.rules = rules;
    this.scopeTypes = scopeTypes;
  }

  /**
   * Glance's rules as an {@code [oslo_policy]} section chooses them: the new ("secure RBAC")
   * defaults when {@code newDefaults}, else the legacy ones ({@link #glanceDefaults}); the
   * operator's rules replace defaults by name; with {@code enforceScope} each of Glance's rules
   * refuses a token whose scope it is not registered for (a system-scoped token on the image
   * rules, which are for projects), as oslo.policy does whatever the rule's text says.
   */
  public static Policy glance(boolean newDefaults, boolean enforceScope, Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(
        newDefaults ? GlanceDefaultRules.secureRbac() : GlanceDefaultRules.rules());
    merged.putAll(overrides);
    return of(merged, enforceScope ? GlanceDefaultRules.scopeTypes() : Map.of());
  }

  /** Glance's default rules as they behave in Glance Zed with its default configuration. */
  public static Policy glanceDefaults() {
    return of(GlanceDefaultRules.rules());
  }

  /** Glance's defaults, with operator rules (e.g. from policy.yaml) replacing them by name. */
  public static Policy withOverrides(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(GlanceDefaultRules.rules());
    merged.putAll(overrides);
    return of(merged);
  }

  /** Exactly the given rules, no defaults. */
  public static Policy of(Map<String, String> ruleTexts) {
    return of(ruleTexts, Map.of());
  }

  private static Policy of(Map<String, String> ruleTexts, Map<String, Set<String>> scopeTypes) {
    Map<String, Check> compiled = new HashMap<>();
    ruleTexts.forEach((name, text) -> compiled.put(name, RuleParser.parse(name, text)));
    checkReferences(compiled);
    return new Policy(Map.copyOf(compiled), Map.copyOf(scopeTypes));
  }

  /**
   * Whether {@code ctx} may perform {@code action}. A rule name this policy does not define is a
   * programming or configuration error (IllegalArgumentException), never a silent fallback; {@link
   * #requireRules} finds such names at start.
   */
  public boolean allows(String action, RequestContext ctx, Map<String, String> target) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(ctx, "ctx");
    Check check = rules.get(action);
    if (check == null) {
      throw new IllegalArgumentException("no policy rule named '" + action + "'");
    }
    Set<String> scopes = scopeTypes.get(action);
    if (scopes != null && !scopes.contains(ctx.tokenScope())) {
      LOG.debug("Policy refused {} to a {}-scoped token: the rule is for {} (request {})", action,
          ctx.tokenScope(), scopes, ctx.requestId());
      return false;
    }
    boolean allowed =
        check.test(new Evaluation(ctx, target == null ? Map.of() : target, rules));
    if (!allowed) {
      LOG.debug("Policy denied {} to project {} (request {})", action, ctx.projectId(),
          ctx.requestId());
    }
    return allowed;
  }

  /** Like {@link #allows}, but throws Glance's Forbidden when the action is not allowed. */
  public void enforce(String action, RequestContext ctx, Map<String, String> target) {
    if (!allows(action, ctx, target)) {
      throw new ForbiddenException("You are not authorized to complete " + action + " action.");
    }
  }

  public Set<String> ruleNames() {
    return rules.keySet();
  }

  /** InvalidRuleException naming the first of {@code names} that has no rule here. */
  public Policy requireRules(Iterable<String> names, String neededBy) {
    for (String name : names) {
      if (!rules.containsKey(name)) {
        throw new InvalidRuleException("Policy rule '" + name + "' (needed by " + neededBy
            + ") is not defined");
      }
    }
    return this;
  }

  /** Warns about references to undefined rules (they deny) and refuses cycles (they never end). */
  private static void checkReferences(Map<String, Check> rules) {
    rules.forEach((name, check) -> check.ruleRefs().distinct()
        .filter(ref -> !rules.containsKey(ref))
        .forEach(ref -> LOG.warn(
            "Policy rule '{}' refers to undefined rule '{}'; that reference always denies",
            name, ref)));
    Set<String> done = new HashSet<>();
    for (String name : rules.keySet()) {
      visit(name, rules, done, new ArrayList<>());
    }
  }

  private static void visit(
      String name, Map<String, Check> rules, Set<String> done, List<String> path) {
    if (path.contains(name)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      throw new InvalidRuleException(
          "Policy rule '" + name + "' refers to itself: " + String.join(" -> ", cycle));
    }
    Check check = rules.get(name);
    if (check == null || done.contains(name)) {
      return;
    }
    path.add(name);
    check.ruleRefs().forEach(ref -> visit(ref, rules, done, path));
    path.remove(path.size() - 1);
    done.add(name);
  }
}
