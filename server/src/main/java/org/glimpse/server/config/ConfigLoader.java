package org.glimpse.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link GlimpseConfig} from, lowest precedence first: the defaults, each config file in
 * command-line order, then the environment.
 *
 * <p>Command line: {@code --config-file PATH} (or {@code --config-file=PATH}), repeatable, later
 * files overriding earlier ones, as in oslo.config; {@code --config-dir DIR} adds every {@code
 * *.conf} file in DIR in name order at that point. A missing file is an error; no file at all means
 * defaults. Any other argument is an error.
 *
 * <p>Environment: {@code GLIMPSE_<SECTION>__<KEY>=value}, the section and key upper-cased and
 * separated by a double underscore: {@code GLIMPSE_DEFAULT__BIND_PORT=9393}, {@code
 * GLIMPSE_DATABASE__CONNECTION=postgresql://glance:secret@db/glance}, {@code
 * GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR=/srv/images}. The section part is matched
 * lower-cased except {@code DEFAULT}. Variables without a double underscore are not options and are
 * ignored.
 *
 * <p>Files are read as oslo.config reads them (see {@link IniParser}). Unknown sections and keys
 * are reported as warnings, once each, and otherwise ignored; a value that does not parse fails
 * with a {@link ConfigException} naming section, key, value and source.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "GLIMPSE_";

  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  private final Consumer<String> warnings;

  /** A loader that logs warnings at WARN. */
  public ConfigLoader() {
    this(LOG::warn);
  }

  /** A loader that hands each warning line to {@code warnings}. */
  public ConfigLoader(Consumer<String> warnings) {
    this.warnings = Objects.requireNonNull(warnings);
  }

  /** Loads from command-line arguments and an environment such as {@code System.getenv()}. */
  public GlimpseConfig load(String[] args, Map<String, String> env) {
    return load(configFiles(args), env);
  }

  public GlimpseConfig load(List<Path> files, Map<String, String> env) {
    RawConfig raw = new RawConfig();
    for (Path file : files) {
      for (IniParser.Entry e : IniParser.parse(file)) {
        raw.put(e.section(), e.key(), e.value(), file + ":" + e.line());
      }
    }
    new TreeMap<>(env)
        .forEach(
            (name, value) -> {
              if (name.startsWith(ENV_PREFIX) && name.indexOf("__", ENV_PREFIX.length()) > 0) {
                String rest = name.substring(ENV_PREFIX.length());
                int split = rest.indexOf("__");
                String section = rest.substring(0, split);
                section =
                    section.equals(Options.DEFAULT) ? section : section.toLowerCase(Locale.ROOT);
                raw.put(
                    section,
                    rest.substring(split + 2).toLowerCase(Locale.ROOT),
                    value,
                    "environment " + name);
              }
            });
    warnUnknown(raw);
    return GlimpseConfig.from(raw);
  }

  /** The config files named by {@code --config-file} and {@code --config-dir}, in order. */
  public static List<Path> configFiles(String[] args) {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (!flag.equals("--config-file") && !flag.equals("--config-dir")) {
        throw new ConfigException(
            "Unknown argument '" + arg + "'; use --config-file PATH or --config-dir DIR");
      }
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new ConfigException(flag + " needs a value");
        }
        value = args[++i];
      }
      files.addAll(
          flag.equals("--config-file") ? List.of(Path.of(value)) : filesIn(Path.of(value)));
    }
    return files;
  }

  private static List<Path> filesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("Config directory not found: " + dir);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> p.getFileName().toString().endsWith(".conf"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new ConfigException("Cannot list config directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private void warnUnknown(RawConfig raw) {
    Set<String> lines = new LinkedHashSet<>();
    Set<String> backends = new LinkedHashSet<>();
    raw.get(Options.ENABLED_BACKENDS).forEach(pair -> backends.add(pair.split(":", 2)[0].strip()));
    raw.sections()
        .forEach(
            (section, values) -> {
              if (backends.contains(section)) {
                values.forEach(
                    (key, value) -> {
                      if (Options.find("glance_store", key) == null
                          && Options.find(Options.BACKEND_SECTION, key) == null) {
                        lines.add("Ignoring unknown option [" + section + "] " + key
                            + " (from " + value.source() + ")");
                      }
                    });
              } else if (Options.hasSection(section)) {
                values.forEach(
                    (key, value) -> {
                      if (Options.find(section, key) == null) {
                        lines.add(
                            "Ignoring unknown option ["
                                + section
                                + "] "
                                + key
                                + " (from "
                                + value.source()
                                + ")");
                      }
                    });
              } else if (Options.isGlanceSection(section)) {
                lines.add(
                    "Ignoring section ["
                        + section
                        + "]: Glimpse does not use it (keys: "
                        + String.join(", ", values.keySet())
                        + ")");
              } else {
                lines.add(
                    "Ignoring unknown section ["
                        + section
                        + "] (keys: "
                        + String.join(", ", values.keySet())
                        + ")");
              }
            });
    lines.forEach(warnings);
  }
}
