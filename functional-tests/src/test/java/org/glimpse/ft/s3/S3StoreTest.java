package org.glimpse.ft.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.glimpse.stores.s3.S3ImageStore;
import org.glimpse.stores.s3.S3Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The real server with {@code default_store = s3} against the S3 endpoint of
 * /var/tmp/glimpse-swift/env (Swift's s3api), in a bucket of its own that the first upload
 * creates: data goes up in parts and comes back whole and in ranges, the location carries no keys,
 * deleting the image deletes the object, and S3 out of reach is a 503. Without a usable endpoint
 * (none described, unreachable, credentials refused) the tests skip, unless
 * GLIMPSE_REQUIRE_SERVICES=1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StoreTest {
  private static final Path ENV = Path.of("/var/tmp/glimpse-swift/env");
  private static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
  private static final int SIZE = 12 * (1 << 20) + 321;

  private final String bucket = "glimpse-ft-" + UUID.randomUUID().toString().substring(0, 8);
  private final byte[] data = new byte[SIZE];
  private Map<String, String> endpoint;
  private GlimpseTestServer server;
  private S3ImageStore bucketView;
  private Client a;

  @BeforeAll
  void start() throws IOException {
    endpoint = endpoint();
    new Random(7).nextBytes(data);
    bucketView = new S3ImageStore(new S3Settings(endpoint.get("S3_ENDPOINT"), endpoint.get("S3_ACCESS_KEY"),
        secret(), bucket, false, "path", endpoint.getOrDefault("S3_REGION", ""), 5, 1, Optional.empty()));
    try {
      listed();
    } catch (UnavailableException e) {
      S3ImageStore unusable = bucketView;
      bucketView = null;
      unusable.close();
      unavailable("the S3 endpoint of " + ENV + " cannot be used: " + e.getMessage());
    }
    server = GlimpseTestServer.start(null, overrides(endpoint.get("S3_ENDPOINT")));
    a = server.as("s3-owner", "member,reader");
  }

  @AfterAll
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (bucketView != null) {
      for (StoredObject o : listed()) {
        bucketView.remove(o);
      }
      bucketView.close();
      try (S3Client raw = S3Client.builder()
          .endpointOverride(URI.create(endpoint.get("S3_ENDPOINT")))
          .region(Region.of(endpoint.getOrDefault("S3_REGION", "us-east-1")))
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(endpoint.get("S3_ACCESS_KEY"), secret())))
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
          .httpClient(Apache5HttpClient.create())
          .build()) {
        raw.deleteBucket(b -> b.bucket(bucket));
      } catch (NoSuchBucketException e) {
        // no upload reached S3
      }
    }
  }

  @Test
  void imageDataGoesToTheBucketAndComesBackWholeAndInRanges() throws Exception {
    String id = a.createImage(FORMATS);
    a.putData("/v2/images/" + id + "/file", data).assertStatus(204);
    JsonNode image = a.get("/v2/images/" + id).json();
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isEqualTo(SIZE);
    String location = image.get("direct_url").asText();
    assertThat(location).startsWith("s3://").contains("/" + bucket + "/" + id + "~")
        .doesNotContain(endpoint.get("S3_ACCESS_KEY")).doesNotContain(secret());

    Response whole = a.get("/v2/images/" + id + "/file").assertStatus(200);
    assertThat(Arrays.equals(whole.bytes(), data)).isTrue();
    int first = 5 * (1 << 20) - 7;
    int last = 10 * (1 << 20) + 7;
    Response range = a.get("/v2/images/" + id + "/file", "Range", "bytes=" + first + "-" + last).assertStatus(206);
    assertThat(Arrays.equals(range.bytes(), Arrays.copyOfRange(data, first, last + 1))).isTrue();
    assertThat(listed()).anySatisfy(o -> assertThat(o.location()).isEqualTo(location));

    a.delete("/v2/images/" + id).assertStatus(204);
    assertThat(listed()).noneMatch(o -> id.equals(o.imageId()));
  }

  @Test
  void v1NamesTheStoreByAnyOfItsSchemes() throws Exception {
    for (String name : List.of("s3", "s3+https")) {
      Response r = a.send("POST", "/v1/images", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(data, 4096)),
          "Content-Type", "application/octet-stream", "x-image-meta-name", "v1", "x-image-meta-disk_format",
          "raw", "x-image-meta-container_format", "bare", "x-image-meta-store", name).assertStatus(201);
      String id = r.json().get("image").get("id").asText();
      assertThat(Arrays.equals(a.get("/v1/images/" + id).assertStatus(200).bytes(), Arrays.copyOf(data, 4096)))
          .isTrue();
      assertThat(listed()).as(name).anySatisfy(o -> assertThat(o.imageId()).isEqualTo(id));
    }
    a.send("POST", "/v1/images", HttpRequest.BodyPublishers.noBody(), "x-image-meta-name", "v1",
        "x-image-meta-store", "file+https").assertStatus(400);
  }

  @Test
  void s3OutOfReachIsServiceUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (GlimpseTestServer nowhere = GlimpseTestServer.start(null, overrides("http://127.0.0.1:" + port))) {
      Client b = nowhere.as("s3-owner", "member,reader");
      String id = b.createImage(FORMATS);
      Response r = b.putData("/v2/images/" + id + "/file", Arrays.copyOf(data, 1000));
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).doesNotContain(secret()).doesNotContain("Exception");
      assertThat(b.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    }
  }

  private List<StoredObject> listed() throws IOException {
    try (Stream<StoredObject> objects = bucketView.list()) {
      return objects.toList();
    }
  }

  private Map<String, String> overrides(String s3Endpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("GLIMPSE_GLANCE_STORE__DEFAULT_STORE", "s3");
    env.put("GLIMPSE_GLANCE_STORE__STORES", "file, s3");
    env.put("GLIMPSE_GLANCE_STORE__S3_STORE_HOST", s3Endpoint);
    env.put("GLIMPSE_GLANCE_STORE__S3_STORE_ACCESS_KEY", endpoint.get("S3_ACCESS_KEY"));
    env.put("GLIMPSE_GLANCE_STORE__S3_STORE_SECRET_KEY", secret());
    env.put("GLIMPSE_GLANCE_STORE__S3_STORE_BUCKET", bucket);
    env.put("GLIMPSE_GLANCE_STORE__S3_STORE_CREATE_BUCKET_ON_PUT", "true");
    env.put("GLIMPSE_GLANCE_STORE__S3_STORE_BUCKET_URL_FORMAT", "path");
    env.put("GLIMPSE_GLANCE_STORE__S3_STORE_LARGE_OBJECT_CHUNK_SIZE", "5");
    env.put("GLIMPSE_DEFAULT__SHOW_IMAGE_DIRECT_URL", "true");
    if (endpoint.containsKey("S3_REGION")) {
      env.put("GLIMPSE_GLANCE_STORE__S3_STORE_REGION_NAME", endpoint.get("S3_REGION"));
    }
    return env;
  }

  private String secret() {
    return Optional.ofNullable(endpoint.get("S3_SECRET_KEY")).orElse(endpoint.get("S3_SECRET"));
  }

  /** The shell lines of {@link #ENV}; skips (or fails) when they name no endpoint. */
  private static Map<String, String> endpoint() throws IOException {
    Map<String, String> values = new HashMap<>();
    if (Files.isReadable(ENV)) {
      for (String line : Files.readAllLines(ENV)) {
        String l = line.strip().replaceFirst("^export\\s+", "");
        int eq = l.indexOf('=');
        if (eq > 0 && !l.startsWith("#")) {
          values.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip().replaceAll("^[\"']|[\"']$", ""));
        }
      }
    }
    if (!values.containsKey("S3_ENDPOINT") || !values.containsKey("S3_ACCESS_KEY")
        || !(values.containsKey("S3_SECRET_KEY") || values.containsKey("S3_SECRET"))) {
      unavailable("no S3 endpoint described in " + ENV);
    }
    return values;
  }

  /** Skips the tests, or fails them when GLIMPSE_REQUIRE_SERVICES=1. */
  private static void unavailable(String message) {
    if ("1".equals(System.getenv("GLIMPSE_REQUIRE_SERVICES"))
        || "1".equals(System.getProperty("GLIMPSE_REQUIRE_SERVICES"))) {
      fail(message + " (GLIMPSE_REQUIRE_SERVICES=1)");
    }
    Assumptions.abort(message + "; skipping (set GLIMPSE_REQUIRE_SERVICES=1 to fail instead)");
  }
}
