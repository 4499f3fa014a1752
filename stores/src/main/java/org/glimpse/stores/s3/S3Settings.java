package org.glimpse.stores.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the S3 store is configured with, in glance_store's terms ({@code s3_store_*} of {@code
 * [glance_store]}), checked once: the constructor refuses what no S3 client could use with an
 * IllegalArgumentException naming the option.
 *
 * @param host {@code s3_store_host}: a host name or address with an optional port and path, and an
 *     optional {@code http://} or {@code https://} (plain http when none, as glance_store)
 * @param accessKey {@code s3_store_access_key}
 * @param secretKey {@code s3_store_secret_key}
 * @param bucket {@code s3_store_bucket}
 * @param createBucketOnPut {@code s3_store_create_bucket_on_put}
 * @param bucketUrlFormat {@code s3_store_bucket_url_format}: auto, virtual or path
 * @param regionName {@code s3_store_region_name}; empty: taken from an AWS host name, else us-east-1
 * @param chunkSizeMib {@code s3_store_large_object_chunk_size}: the size of a part, 5 to 1024
 * @param threadPools {@code s3_store_thread_pools}: threads sending parts, for all uploads
 * @param cacert {@code s3_store_cacert}: a PEM bundle of trusted CAs instead of the JVM's
 * @param checksumsWhenSupported {@code s3_store_enable_data_integrity_protection}: when false,
 *     checksums are sent and checked only where S3 requires them; when true, as the next two say
 * @param requestChecksums {@code s3_store_request_checksum_calculation}: when_required or
 *     when_supported
 * @param responseChecksums {@code s3_store_response_checksum_validation}: when_required or
 *     when_supported
 */
public record S3Settings(
    String host,
    String accessKey,
    String secretKey,
    String bucket,
    boolean createBucketOnPut,
    String bucketUrlFormat,
    String regionName,
    int chunkSizeMib,
    int threadPools,
    Optional<Path> cacert,
    boolean checksumsWhenSupported,
    String requestChecksums,
    String responseChecksums) {

  /** S3's smallest part other than the last. */
  public static final int MIN_CHUNK_SIZE_MIB = 5;
  public static final String WHEN_REQUIRED = "when_required";
  public static final String WHEN_SUPPORTED = "when_supported";
  /** Parts are held in memory (two per upload), so they stay far below S3's largest (5 GiB). */
  public static final int MAX_CHUNK_SIZE_MIB = 1024;

  private static final Pattern AWS_HOST =
      Pattern.compile("s3[.-]([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");
  private static final Pattern DNS_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** With checksums only where S3 requires them (glance_store's default). */
  public S3Settings(String host, String accessKey, String secretKey, String bucket, boolean createBucketOnPut,
      String bucketUrlFormat, String regionName, int chunkSizeMib, int threadPools, Optional<Path> cacert) {
    this(host, accessKey, secretKey, bucket, createBucketOnPut, bucketUrlFormat, regionName, chunkSizeMib,
        threadPools, cacert, false, WHEN_REQUIRED, WHEN_REQUIRED);
  }

  public S3Settings {
    require(host, "s3_store_host");
    require(accessKey, "s3_store_access_key");
    require(secretKey, "s3_store_secret_key");
    require(bucket, "s3_store_bucket");
    if (chunkSizeMib < MIN_CHUNK_SIZE_MIB || chunkSizeMib > MAX_CHUNK_SIZE_MIB) {
      throw new IllegalArgumentException("s3_store_large_object_chunk_size must be at least "
          + MIN_CHUNK_SIZE_MIB + " (MiB, S3's smallest part) and at most " + MAX_CHUNK_SIZE_MIB
          + "; it is " + chunkSizeMib);
    }
    if (threadPools < 1) {
      throw new IllegalArgumentException("s3_store_thread_pools must be positive; it is " + threadPools);
    }
    if (!bucketUrlFormat.equals("auto") && !bucketUrlFormat.equals("virtual") && !bucketUrlFormat.equals("path")) {
      throw new IllegalArgumentException(
          "s3_store_bucket_url_format must be auto, virtual or path; it is " + bucketUrlFormat);
    }
    if (bucketUrlFormat.equals("virtual") && !dnsCompatible(bucket)) {
      throw new IllegalArgumentException("s3_store_bucket " + bucket
          + " cannot be addressed as a virtual host (s3_store_bucket_url_format = virtual)");
    }
    requireChecksumChoice(requestChecksums, "s3_store_request_checksum_calculation");
    requireChecksumChoice(responseChecksums, "s3_store_response_checksum_validation");
    regionName = regionName == null ? "" : regionName.trim();
    cacert = cacert == null ? Optional.empty() : cacert;
    endpointOf(host);
  }

  /** The service URL the client talks to. */
  public URI endpoint() {
    return endpointOf(host);
  }

  /**
   * The host as a location names it: {@code s3_store_host} without its http(s):// and trailing
   * slashes, as glance_store writes it.
   */
  public String locationHost() {
    return stripScheme(host);
  }

  /** {@code s3+https} for an https endpoint, else {@code s3}, as glance_store. */
  public String scheme() {
    return host.trim().toLowerCase(Locale.ROOT).startsWith("https://") ? "s3+https" : "s3";
  }

  /** The region requests are signed for. */
  public String region() {
    if (!regionName.isEmpty()) {
      return regionName;
    }
    Matcher aws = AWS_HOST.matcher(hostName());
    return aws.matches() ? aws.group(1) : "us-east-1";
  }

  /**
   * Whether the bucket is addressed in the path. {@code auto} uses a virtual host only on Amazon's
   * own endpoints with a DNS-compatible bucket name: S3-compatible servers (Swift, Ceph, MinIO) are
   * commonly reached by address or by a name without wildcard DNS, where only paths work.
   */
  public boolean pathStyle() {
    return switch (bucketUrlFormat) {
      case "path" -> true;
      case "virtual" -> false;
      default -> !(dnsCompatible(bucket) && (hostName().endsWith(".amazonaws.com")
          || hostName().endsWith(".amazonaws.com.cn") || hostName().equals("s3.amazonaws.com")));
    };
  }

  /** Whether request checksums are computed wherever S3 supports them, not only where required. */
  public boolean requestChecksumsWhenSupported() {
    return checksumsWhenSupported && requestChecksums.equals(WHEN_SUPPORTED);
  }

  /** Whether response checksums are checked wherever S3 supports them, not only where required. */
  public boolean responseChecksumsWhenSupported() {
    return checksumsWhenSupported && responseChecksums.equals(WHEN_SUPPORTED);
  }

  /** Bytes in each part of an upload. */
  public int partSize() {
    return chunkSizeMib * 1024 * 1024;
  }

  private String hostName() {
    String host = endpoint().getHost();
    return host == null ? "" : host.toLowerCase(Locale.ROOT);
  }

  private static boolean dnsCompatible(String bucket) {
    return DNS_BUCKET.matcher(bucket).matches() && !bucket.contains("..")
        && !bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
  }

  private static String stripScheme(String host) {
    String h = host.trim();
    String lower = h.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      h = h.substring("https://".length());
    } else if (lower.startsWith("http://")) {
      h = h.substring("http://".length());
    }
    while (h.endsWith("/")) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  private static URI endpointOf(String host) {
    String h = host.trim();
    String lower = h.toLowerCase(Locale.ROOT);
    String url = lower.startsWith("https://") || lower.startsWith("http://") ? h : "http://" + h;
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null
          || uri.getFragment() != null || stripScheme(h).isEmpty()) {
        throw new IllegalArgumentException("s3_store_host " + host + " is not a host[:port][/path]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("s3_store_host " + host + " is not a host[:port][/path]: "
          + e.getMessage(), e);
    }
  }

  private static void requireChecksumChoice(String value, String option) {
    if (!WHEN_REQUIRED.equals(value) && !WHEN_SUPPORTED.equals(value)) {
      throw new IllegalArgumentException(option + " must be when_required or when_supported; it is " + value);
    }
  }

  private static void require(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + " must be set for the s3 store");
    }
  }

  /** Hides the secret key, which must never reach a log line. */
  @Override
  public String toString() {
    return "S3Settings[host=" + host + ", bucket=" + bucket + ", region=" + region()
        + ", pathStyle=" + pathStyle() + ", partSize=" + chunkSizeMib + " MiB, threads=" + threadPools + "]";
  }
}
