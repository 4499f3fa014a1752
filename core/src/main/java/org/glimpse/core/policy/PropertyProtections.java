package org.glimpse.core.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance's property protections: who may create, read, update and delete which custom image
 * properties, compiled once from the sections of a property protection file.
 *
 * <p>Each section is a regular expression tried against the property name with search semantics
 * (anchor it with {@code ^…$} to match whole names); the first matching section in file order
 * decides, and a property no section matches is forbidden for every operation. A section gives
 * each operation either a comma-separated list of roles ({@link RuleFormat#ROLES}, compared
 * case-insensitively) or the name of one policy rule ({@link RuleFormat#POLICIES}, evaluated by
 * {@link Policy} with an empty target). In both formats {@code @} allows everyone and {@code !}
 * nobody; an empty value allows nobody. Admins get no exemption: only the lists matter.
 *
 * <p>As in Glance, a rule allowing everything for {@code os_glance.*} (Glance's own reserved
 * properties) comes before the file's sections, and sections of the file whose names start with
 * {@code os_glance} are ignored.
 *
 * <p>{@link #none()} is the feature switched off: everything is allowed.
 */
public final class PropertyProtections {
  private static final Logger LOG = LoggerFactory.getLogger(PropertyProtections.class);
  private static final String RESERVED_PREFIX = "os_glance";
  private static final String EVERYONE = "@";
  private static final String NOBODY = "!";
  private static final PropertyProtections NONE = new PropertyProtections(null, null);

  /** The four things one can do to a property; {@link #key()} is its key in a section. */
  public enum Operation {
    CREATE, READ, UPDATE, DELETE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the values of a section name: roles (Glance's default) or policy rules. */
  public enum RuleFormat {
    ROLES, POLICIES;

    /** {@code roles} or {@code policies}, as {@code property_protection_rule_format} spells them. */
    public static RuleFormat parse(String text) {
      for (RuleFormat f : values()) {
        if (f.name().toLowerCase(Locale.ROOT).equals(text)) {
          return f;
        }
      }
      throw new IllegalArgumentException("property_protection_rule_format must be 'roles' or 'policies', not '" + text + "'");
    }
  }

  /**
   * One section of a property protection file as written: its name (the regular expression) and
   * its keys, lower case, with their values; a key the section does not have is absent.
   */
  public record Section(String name, Map<String, String> values) {
    public Section {
      Objects.requireNonNull(name, "name");
      values = Map.copyOf(values);
    }
  }

  /** Who may do one operation: everyone, nobody, anyone with one of some roles, or a policy rule. */
  private record Permission(boolean everyone, Set<String> roles, String policyRule) {
    static final Permission ALL = new Permission(true, Set.of(), null);
    static final Permission NONE = new Permission(false, Set.of(), null);
  }

  private record Rule(String name, Pattern pattern, Map<Operation, Permission> permissions) {}

  private final List<Rule> rules;
  private final Policy policy;

  private PropertyProtections(List<Rule> rules, Policy policy) {
    this.rules = rules;
    this.policy = policy;
  }

  /** Property protections switched off: every operation on every property is allowed. */
  public static PropertyProtections none() {
    return NONE;
  }

  /**
   * Compiles the sections of a protection file, in file order. {@code policy} evaluates the rule
   * names of the {@code policies} format (it is not used for {@code roles}).
   *
   * @throws InvalidPropertyProtectionException naming the section (and key) when a section's
   *     name is not a regular expression, a section lacks one of create, read, update and
   *     delete, a role list holds both {@code @} and {@code !}, or a policies value names more
   *     than one rule
   */
  public static PropertyProtections compile(List<Section> sections, RuleFormat format, Policy policy) {
    Objects.requireNonNull(format, "format");
    if (format == RuleFormat.POLICIES) {
      Objects.requireNonNull(policy, "policy");
    }
    List<Rule> rules = new ArrayList<>();
    Map<Operation, Permission> all = new EnumMap<>(Operation.class);
    for (Operation op : Operation.values()) {
      all.put(op, Permission.ALL);
    }
    rules.add(new Rule(RESERVED_PREFIX + ".*", Pattern.compile(RESERVED_PREFIX + ".*"), Map.copyOf(all)));
    for (Section section : sections) {
      if (section.name().startsWith(RESERVED_PREFIX)) {
        LOG.warn("Property protection section [{}] ignored: os_glance properties are reserved to the service",
            section.name());
        continue;
      }
      rules.add(compile(section, format, policy));
    }
    if (rules.size() == 1) {
      LOG.warn("The property protection file has no sections: no custom property may be created, read,"
          + " updated or deleted");
    }
    return new PropertyProtections(List.copyOf(rules), policy);
  }

  private static Rule compile(Section section, RuleFormat format, Policy policy) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(section.name());
    } catch (PatternSyntaxException e) {
      throw new InvalidPropertyProtectionException("[" + section.name() + "] is not a valid regular expression: "
          + e.getDescription());
    }
    Set<String> known = Arrays.stream(Operation.values()).map(Operation::key).collect(Collectors.toSet());
    section.values().keySet().stream().filter(k -> !known.contains(k)).sorted().forEach(k ->
        LOG.warn("Property protection section [{}]: unknown key '{}' ignored", section.name(), k));
    Map<Operation, Permission> permissions = new EnumMap<>(Operation.class);
    for (Operation op : Operation.values()) {
      String value = section.values().get(op.key());
      if (value == null) {
        throw new InvalidPropertyProtectionException("[" + section.name() + "] has no '" + op.key()
            + "' key; every section needs create, read, update and delete");
      }
      permissions.put(op, permission(section.name(), op, value.strip(), format, policy));
    }
    return new Rule(section.name(), pattern, Map.copyOf(permissions));
  }

  private static Permission permission(String section, Operation op, String value, RuleFormat format, Policy policy) {
    if (value.isEmpty()) {
      LOG.warn("Property protection [{}] {} is empty: nobody may {} matching properties", section, op.key(), op.key());
      return Permission.NONE;
    }
    String where = "[" + section + "] " + op.key() + " = " + value;
    if (format == RuleFormat.POLICIES) {
      if (value.contains(",")) {
        throw new InvalidPropertyProtectionException(where
            + ": only one policy rule may be named per operation (combine rules in the policy file)");
      }
      if (value.equals(EVERYONE)) {
        return Permission.ALL;
      }
      if (value.equals(NOBODY)) {
        return Permission.NONE;
      }
      if (!policy.ruleNames().contains(value)) {
        throw new InvalidPropertyProtectionException(where + ": no policy rule '" + value
            + "' is defined (a missing rule would otherwise fall back to 'default')");
      }
      return new Permission(false, Set.of(), value);
    }
    Set<String> roles = Arrays.stream(value.split(",")).map(String::strip).filter(r -> !r.isEmpty())
        .map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    if (roles.contains(EVERYONE) && roles.contains(NOBODY)) {
      throw new InvalidPropertyProtectionException(where + ": '@' and '!' are mutually exclusive");
    }
    if (roles.contains(NOBODY)) {
      return Permission.NONE;
    }
    if (roles.contains(EVERYONE)) {
      return Permission.ALL;
    }
    return new Permission(false, roles, null);
  }

  /** False for {@link #none()}: nothing is protected. */
  public boolean enabled() {
    return rules != null;
  }

  /** Whether {@code ctx} may do {@code op} to the custom property {@code property}. */
  public boolean allows(RequestContext ctx, Operation op, String property) {
    if (rules == null) {
      return true;
    }
    for (Rule rule : rules) {
      if (rule.pattern().matcher(property).find()) {
        return allows(ctx, rule.permissions().get(op));
      }
    }
    return false;
  }

  private boolean allows(RequestContext ctx, Permission permission) {
    if (permission.everyone()) {
      return true;
    }
    if (permission.policyRule() != null) {
      return policy.allows(permission.policyRule(), ctx, Map.of());
    }
    return permission.roles().stream().anyMatch(ctx::hasRole);
  }

  public boolean canCreate(RequestContext ctx, String property) {
    return allows(ctx, Operation.CREATE, property);
  }

  public boolean canRead(RequestContext ctx, String property) {
    return allows(ctx, Operation.READ, property);
  }

  public boolean canUpdate(RequestContext ctx, String property) {
    return allows(ctx, Operation.UPDATE, property);
  }

  public boolean canDelete(RequestContext ctx, String property) {
    return allows(ctx, Operation.DELETE, property);
  }

  /** The properties {@code ctx} may read, in a new map. */
  public Map<String, String> readable(RequestContext ctx, Map<String, String> properties) {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((name, value) -> {
      if (canRead(ctx, name)) {
        shown.put(name, value);
      }
    });
    return shown;
  }

  /**
   * The image as {@code ctx} may see it: the same object when every property is readable, else a
   * copy without the others. The copy is for showing, never for saving.
   */
  public Image readable(RequestContext ctx, Image image) {
    if (rules == null) {
      return image;
    }
    Map<String, String> shown = readable(ctx, image.getProperties());
    if (shown.size() == image.getProperties().size()) {
      return image;
    }
    Image copy = image.copy();
    copy.setProperties(shown);
    return copy;
  }
}
