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
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new ConfigException("[oslo_policy] policy_file: no such file: " + file);
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
    } catch (IOException e) {
      throw new ConfigException("[oslo_policy] policy_file " + file + " is not valid YAML or JSON: " + e.getMessage());
    }
    Map<String, String> rules = new LinkedHashMap<>();
    if (root == null || root.isNull()) {
      return rules;
    }
    if (!root.isObject()) {
      throw new ConfigException("[oslo_policy] policy_file " + file + " must map rule names to rule strings");
    }
    root.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw new ConfigException("[oslo_policy] policy_file " + file + ": rule '" + e.getKey() + "' is not a string");
      }
      rules.put(e.getKey(), e.getValue().asText());
    });
    return rules;
  }
}
