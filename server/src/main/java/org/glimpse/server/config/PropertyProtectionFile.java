package org.glimpse.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.policy.Policy;
import org.glimpse.core.policy.PropertyProtections;
import org.glimpse.core.policy.PropertyProtections.RuleFormat;

/**
 * Reads {@code [DEFAULT] property_protection_file} into {@link PropertyProtections}. Glance reads
 * this file with Python's configparser, so it is read that way: section names are kept as
 * written (they are regular expressions), keys are case-insensitive, a section or key given
 * twice is an error, and keys of a {@code [DEFAULT]} section apply to every section that lacks
 * them. Any problem stops the server with a {@link ConfigException} naming the file and section.
 */
public final class PropertyProtectionFile {
  private static final String OPTION = "[DEFAULT] property_protection_file";

  private PropertyProtectionFile() {}

  /**
   * The protections the configuration asks for; {@link PropertyProtections#none()} when no file is
   * set. {@code policy} evaluates the rule names of the {@code policies} format.
   */
  public static PropertyProtections load(Optional<String> file, String ruleFormat, Policy policy) {
    if (file.isEmpty()) {
      return PropertyProtections.none();
    }
    String where = OPTION + " " + file.get();
    Path path = Path.of(file.get());
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(where + ": no such file");
    }
    try {
      return PropertyProtections.compile(sections(path), RuleFormat.parse(ruleFormat), policy);
    } catch (ConfigException | IllegalArgumentException e) {
      // an InvalidPropertyProtectionException names the section and key
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
  }

  private static List<PropertyProtections.Section> sections(Path path) {
    Map<String, String> defaults = new HashMap<>();
    Map<String, Map<String, String>> named = new LinkedHashMap<>();
    for (IniParser.Section section : IniParser.sections(path)) {
      boolean isDefault = section.name().equals(Options.DEFAULT);
      if (!isDefault && named.containsKey(section.name())) {
        throw new ConfigException("line " + section.line() + ": section [" + section.name() + "] appears twice");
      }
      Map<String, String> values = isDefault ? defaults : new HashMap<>();
      Set<String> seen = new HashSet<>();
      for (IniParser.Entry e : section.entries()) {
        String key = e.key().toLowerCase(Locale.ROOT);
        if (!seen.add(key)) {
          throw new ConfigException("line " + e.line() + ": [" + section.name() + "] " + key + " is set twice");
        }
        values.put(key, e.value());
      }
      if (!isDefault) {
        named.put(section.name(), values);
      }
    }
    List<PropertyProtections.Section> sections = new ArrayList<>();
    named.forEach((name, values) -> {
      Map<String, String> merged = new HashMap<>(defaults);
      merged.putAll(values);
      sections.add(new PropertyProtections.Section(name, merged));
    });
    return sections;
  }
}
