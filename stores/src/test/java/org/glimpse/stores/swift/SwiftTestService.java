package org.glimpse.stores.swift;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The Swift that scripts/swift-up.sh runs, described by its env file
 * ({@code /var/tmp/glimpse-swift/env}, or GLIMPSE_SWIFT_ENV). When it is absent or does not answer
 * the tests skip, unless GLIMPSE_REQUIRE_SERVICES=1 says it must be there. Each test gets
 * containers of its own and removes them afterwards.
 */
public final class SwiftTestService {
  private static final Path ENV = Path.of(Optional.ofNullable(System.getenv("GLIMPSE_SWIFT_ENV"))
      .orElse("/var/tmp/glimpse-swift/env"));

  private SwiftTestService() {}

  static boolean servicesRequired() {
    return "1".equals(System.getenv("GLIMPSE_REQUIRE_SERVICES"))
        || "1".equals(System.getProperty("GLIMPSE_REQUIRE_SERVICES"));
  }

  /** Settings for a fresh, uniquely named container pair; skips (or fails) when Swift is absent. */
  public static SwiftSettings settings(long largeObjectSize, long chunkSize) {
    Map<String, String> env = readEnv();
    SwiftSettings settings = new SwiftSettings("ref1", URI.create(env.get("SWIFT_AUTH_URL")),
        env.get("SWIFT_PROJECT"), env.get("SWIFT_USER"), env.get("SWIFT_KEY"), "default", "default",
        "glimpse-test-" + UUID.randomUUID().toString().substring(0, 8), true, largeObjectSize, chunkSize,
        Optional.empty(), Optional.empty(), "public", "object-store", false, Optional.empty(), Duration.ofSeconds(30));
    try {
      new SwiftClient(settings).storageUrl();
    } catch (RuntimeException e) {
      unavailable("Swift (or its Keystone) does not answer: " + e.getMessage());
    }
    return settings;
  }

  /** Names of every object in the store's two containers. */
  static List<String> rawObjects(SwiftSettings settings) throws IOException {
    SwiftClient client = new SwiftClient(settings);
    return java.util.stream.Stream.of(settings.container(), settings.segmentContainer())
        .flatMap(c -> {
          try {
            return client.list(c, "").stream().map(l -> c + "/" + l.name());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })
        .toList();
  }

  /** Empties and removes the containers of {@code settings}. */
  public static void dropContainers(SwiftSettings settings) throws IOException {
    SwiftClient client = new SwiftClient(settings);
    for (String container : List.of(settings.container(), settings.segmentContainer())) {
      for (SwiftClient.Listed object : client.list(container, "")) {
        client.delete(container, object.name());
      }
      client.deleteContainer(container);
    }
  }

  private static Map<String, String> readEnv() {
    if (!Files.isReadable(ENV)) {
      unavailable("no Swift: " + ENV + " is missing (run scripts/swift-up.sh)");
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
      unavailable("cannot read " + ENV + ": " + e);
    }
    return env;
  }

  private static void unavailable(String message) {
    if (servicesRequired()) {
      fail(message + " (GLIMPSE_REQUIRE_SERVICES=1)");
    }
    Assumptions.abort(message + "; skipping (set GLIMPSE_REQUIRE_SERVICES=1 to fail instead)");
  }
}
