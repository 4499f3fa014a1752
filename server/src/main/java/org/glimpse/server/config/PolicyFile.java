package org.glimpse.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an oslo.policy file — YAML, or JSON (which YAML also reads) — into rule name → rule text,
 * as an operator's policy.yaml for Glance is written.
 */
public final class PolicyFile {
  private PolicyFile() {}

  public static Map<String, String> read(String file) {
    return read(Path.of(file), "[oslo_policy] policy_file");
  }

  /**
   * The operator's rules: {@code policy_file}, then every policy file in each of {@code
   * policy_dirs} (a relative one beside policy_file; missing ones skipped), in name order, later
   * files overriding earlier ones, as oslo.policy loads them. Empty when no policy_file is set.
   */
  public static Map<String, String> readAll(GlimpseConfig.OsloPolicy settings) {
    Map<String, String> rules = new LinkedHashMap<>();
    if (settings.policyFile().isEmpty()) {
      return rules;
    }
    Path file = Path.of(settings.policyFile().get());
    rules.putAll(read(file, "[oslo_policy] policy_file"));
    Path base = file.toAbsolutePath().getParent();
    for (String dir : settings.policyDirs()) {
      Path directory = base.resolve(dir);
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (var entries = Files.list(directory)) {
        for (Path entry : entries.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().matches(".*\\.(yaml|yml|json)"))
            .sorted().toList()) {
          rules.putAll(read(entry, "[oslo_policy] policy_dirs"));
        }
      } catch (IOException e) {
        throw new ConfigException("[oslo_policy] policy_dirs: cannot list " + directory + ": " + e.getMessage());
      }
    }
    return rules;
  }

  private static Map<String, String> read(Path path, String option) {
    String file = path.toString();
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(option + ": no such file: " + file);
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
    } catch (IOException e) {
      throw new ConfigException(option + " " + file + " is not valid YAML or JSON: " + e.getMessage());
    }
    Map<String, String> rules = new LinkedHashMap<>();
    if (root == null || root.isNull()) {
      return rules;
    }
    if (!root.isObject()) {
      throw new ConfigException(option + " " + file + " must map rule names to rule strings");
    }
    root.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw new ConfigException(option + " " + file + ": rule '" + e.getKey() + "' is not a string");
      }
      rules.put(e.getKey(), e.getValue().asText());
    });
    return rules;
  }
}
