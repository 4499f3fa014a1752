package org.glimpse.ft.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.glimpse.stores.swift.SwiftImageStore;
import org.glimpse.stores.swift.SwiftSettings;

/**
 * The Swift that scripts/swift-up.sh runs, as its env file (/var/tmp/glimpse-swift/env) describes
 * it: a store over one container, to look at what the server wrote, and the server options that
 * point a store section at the same container. Absent or not answering, the calling test is
 * skipped (failed with GLIMPSE_REQUIRE_SERVICES=1).
 */
public final class SwiftService {
  public static final Path ENV = Path.of("/var/tmp/glimpse-swift/env");
  /** Data above 2 MiB goes in 1 MiB segments under a manifest, so small tests exercise both. */
  private static final int LARGE_OBJECT_MIB = 2;
  private static final int CHUNK_MIB = 1;

  private final Map<String, String> env;
  private final String container;
  private final SwiftImageStore store;

  private SwiftService(Map<String, String> env, String container, SwiftImageStore store) {
    this.env = env;
    this.container = container;
    this.store = store;
  }

  /** The Swift, with a store over {@code container}; skips the test when it cannot be used. */
  public static SwiftService require(String container) {
    Map<String, String> env = readEnv();
    SwiftImageStore store = new SwiftImageStore(new SwiftSettings("ref1", URI.create(env.get("SWIFT_AUTH_URL")),
        env.get("SWIFT_PROJECT"), env.get("SWIFT_USER"), env.get("SWIFT_KEY"), "default", "default",
        container, true, (long) LARGE_OBJECT_MIB << 20, (long) CHUNK_MIB << 20, Optional.empty(), Optional.empty(),
        "public", "object-store", false, Optional.empty(), Duration.ofSeconds(30)));
    try (Stream<StoredObject> objects = store.list()) {
      objects.count();
    } catch (UnavailableException | IOException e) {
      RequiredService.missing("Swift from " + ENV + " does not answer: " + e.getMessage(), "run scripts/swift-up.sh");
    }
    return new SwiftService(env, container, store);
  }

  public SwiftImageStore store() {
    return store;
  }

  /** Server options (environment overrides) that make store section {@code section} this container. */
  public Map<String, String> serverOptions(String section) {
    String prefix = "GLIMPSE_" + section.toUpperCase(Locale.ROOT) + "__";
    Map<String, String> options = new HashMap<>();
    options.put(prefix + "SWIFT_STORE_AUTH_ADDRESS", env.get("SWIFT_AUTH_URL"));
    options.put(prefix + "SWIFT_STORE_USER", env.get("SWIFT_PROJECT") + ":" + env.get("SWIFT_USER"));
    options.put(prefix + "SWIFT_STORE_KEY", env.get("SWIFT_KEY"));
    options.put(prefix + "SWIFT_STORE_CONTAINER", container);
    options.put(prefix + "SWIFT_STORE_CREATE_CONTAINER_ON_PUT", "true");
    options.put(prefix + "SWIFT_STORE_LARGE_OBJECT_SIZE", Integer.toString(LARGE_OBJECT_MIB));
    options.put(prefix + "SWIFT_STORE_LARGE_OBJECT_CHUNK_SIZE", Integer.toString(CHUNK_MIB));
    return options;
  }

  private static Map<String, String> readEnv() {
    if (!Files.isReadable(ENV)) {
      RequiredService.missing("no Swift: " + ENV + " is missing", "run scripts/swift-up.sh");
    }
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(ENV)) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }
}
