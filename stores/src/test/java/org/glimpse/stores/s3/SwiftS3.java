package org.glimpse.stores.s3;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 endpoint the tests use but do not start (Swift with s3api), described by the shell lines
 * of /var/tmp/glimpse-swift/env: S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY (or S3_SECRET),
 * S3_REGION. Missing, unreachable or refusing those credentials, the calling tests are skipped, unless
 * GLIMPSE_REQUIRE_SERVICES=1 (environment or system property) says it must be there.
 */
record SwiftS3(String endpoint, String accessKey, String secretKey, String region) {
  static final Path ENV = Path.of("/var/tmp/glimpse-swift/env");

  static SwiftS3 require() {
    Map<String, String> env = read();
    String endpoint = env.get("S3_ENDPOINT");
    String access = env.get("S3_ACCESS_KEY");
    String secret = Optional.ofNullable(env.get("S3_SECRET_KEY")).orElse(env.get("S3_SECRET"));
    if (endpoint == null || access == null || secret == null) {
      unavailable("no S3 endpoint described in " + ENV + " (S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY)");
    }
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint).toURL().openConnection();
      connection.setConnectTimeout(3000);
      connection.setReadTimeout(5000);
      connection.getResponseCode();
      connection.disconnect();
    } catch (IOException e) {
      unavailable("the S3 endpoint " + endpoint + " is unreachable: " + e);
    }
    SwiftS3 s3 = new SwiftS3(endpoint, access, secret, env.getOrDefault("S3_REGION", "us-east-1"));
    try (S3Client client = S3Clients.build(s3.settings("probe", false))) {
      client.listBuckets();
    } catch (S3Exception e) {
      if (e.statusCode() == 401 || e.statusCode() == 403) {
        unavailable("the S3 endpoint " + endpoint + " refuses the credentials of " + ENV + ": " + e.getMessage());
      }
      throw e;
    }
    return s3;
  }

  /** Settings for {@code bucket} at this endpoint, path-style, with 5 MiB parts. */
  S3Settings settings(String bucket, boolean createBucketOnPut) {
    return new S3Settings(endpoint, accessKey, secretKey, bucket, createBucketOnPut, "path", region, 5, 4,
        Optional.empty());
  }

  private static Map<String, String> read() {
    Map<String, String> values = new HashMap<>();
    if (!Files.isReadable(ENV)) {
      return values;
    }
    try {
      for (String line : Files.readAllLines(ENV)) {
        String l = line.strip();
        if (l.startsWith("export ")) {
          l = l.substring("export ".length()).strip();
        }
        int eq = l.indexOf('=');
        if (l.startsWith("#") || eq <= 0) {
          continue;
        }
        String value = l.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        }
        values.put(l.substring(0, eq).strip(), value);
      }
    } catch (IOException e) {
      unavailable("cannot read " + ENV + ": " + e);
    }
    return values;
  }

  private static boolean servicesRequired() {
    return "1".equals(System.getenv("GLIMPSE_REQUIRE_SERVICES"))
        || "1".equals(System.getProperty("GLIMPSE_REQUIRE_SERVICES"));
  }

  private static void unavailable(String message) {
    if (servicesRequired()) {
      fail(message + " (GLIMPSE_REQUIRE_SERVICES=1)");
    }
    Assumptions.abort(message + "; skipping (set GLIMPSE_REQUIRE_SERVICES=1 to fail instead)");
  }
}
