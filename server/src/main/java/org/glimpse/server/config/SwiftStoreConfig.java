package org.glimpse.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.stores.swift.SwiftSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the Swift store's settings from {@code [glance_store]}: the account from the reference
 * file ({@code swift_store_config_file}, glance_store's format) or from the swift_store_user/key/
 * auth_address options, the rest from the options. Anything missing or contradictory is a
 * {@link ConfigException} naming the option, raised when the store is built at start.
 */
public final class SwiftStoreConfig {
  private static final Logger LOG = LoggerFactory.getLogger(SwiftStoreConfig.class);
  private static final long MIB = 1024L * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private SwiftStoreConfig() {}

  public static SwiftSettings resolve(GlimpseConfig.Swift swift) {
    return resolve(swift, "glance_store");
  }

  /** The settings of a Swift store whose options were read from {@code section}. */
  public static SwiftSettings resolve(GlimpseConfig.Swift swift, String section) {
    if (swift.bufferOnUpload()) {
      LOG.warn("{} = true is ignored: the Swift store streams its segments and never buffers them",
          Options.SWIFT_BUFFER_ON_UPLOAD);
    }
    Account account = swift.configFile().isPresent()
        ? fromFile(swift.configFile().get(), swift.defaultReference())
        : fromOptions(swift, section);
    String[] projectAndUser = splitUser(account.user(), account.source());
    return new SwiftSettings(
        swift.defaultReference(),
        uri(account.authAddress(), account.source()),
        projectAndUser[0],
        projectAndUser[1],
        account.key(),
        account.userDomainId(),
        account.projectDomainId(),
        requireContainer(swift.container(), section),
        swift.createContainerOnPut(),
        swift.largeObjectSize() * MIB,
        swift.largeObjectChunkSize() * MIB,
        swift.endpoint().map(URI::create),
        swift.region(),
        SwiftSettings.interfaceOf(swift.endpointType()),
        swift.serviceType(),
        swift.insecure(),
        swift.caCertificates(),
        TIMEOUT);
  }

  private record Account(String source, String user, String key, String authAddress,
      String userDomainId, String projectDomainId) {}

  private static Account fromOptions(GlimpseConfig.Swift swift, String section) {
    String source = "[" + section + "]";
    return new Account(source,
        swift.user().orElseThrow(() -> missing(Options.SWIFT_STORE_USER.in(section), section)),
        swift.key().orElseThrow(() -> missing(Options.SWIFT_STORE_KEY.in(section), section)),
        swift.authAddress().orElseThrow(() -> missing(Options.SWIFT_STORE_AUTH_ADDRESS.in(section), section)),
        "default", "default");
  }

  private static Account fromFile(Path file, String reference) {
    List<IniParser.Section> sections = IniParser.sections(file);
    IniParser.Section section = sections.stream().filter(s -> s.name().equals(reference)).findFirst()
        .orElseThrow(() -> new ConfigException(Options.DEFAULT_SWIFT_REFERENCE + " = " + reference
            + ": " + file + " has no [" + reference + "] section"));
    Map<String, String> values = new HashMap<>();
    section.entries().forEach(e -> values.put(e.key(), e.value()));
    String source = file + " [" + reference + "]";
    String version = values.getOrDefault("auth_version", "3");
    if (!version.equals("3")) {
      throw new ConfigException(source + " auth_version = " + version + ": only 3 (Keystone v3) is supported");
    }
    for (String scope : List.of("user", "project")) {
      if (values.containsKey(scope + "_domain_name") && !values.containsKey(scope + "_domain_id")) {
        throw new ConfigException(source + " " + scope + "_domain_name: name the domain by "
            + scope + "_domain_id instead");
      }
    }
    return new Account(source, required(values, "user", source), required(values, "key", source),
        required(values, "auth_address", source), values.getOrDefault("user_domain_id", "default"),
        values.getOrDefault("project_domain_id", "default"));
  }

  private static String required(Map<String, String> values, String key, String source) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      throw new ConfigException("the swift store needs " + source + " " + key);
    }
    return value;
  }

  private static String[] splitUser(String user, String source) {
    int colon = user.indexOf(':');
    if (colon <= 0 || colon == user.length() - 1) {
      throw new ConfigException(source + " swift user '" + user + "' must be PROJECT:USER");
    }
    return new String[] {user.substring(0, colon), user.substring(colon + 1)};
  }

  private static URI uri(String authAddress, String source) {
    try {
      URI uri = URI.create(authAddress.strip());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http or https URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + " auth address '" + authAddress + "': " + e.getMessage());
    }
  }

  private static String requireContainer(String container, String section) {
    if (container.isBlank() || container.contains("/")) {
      throw new ConfigException(Options.SWIFT_STORE_CONTAINER.in(section) + " = '" + container + "' is not a container name");
    }
    return container;
  }

  private static ConfigException missing(Option<?> option, String section) {
    String who = section.equals("glance_store") ? "default_store = swift" : "backend '" + section + "' (swift)";
    return new ConfigException(who + " needs " + option + " (or a swift_store_config_file)");
  }
}
