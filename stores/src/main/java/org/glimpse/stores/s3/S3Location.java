package org.glimpse.stores.s3;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A location URI of the S3 store: {@code s3://<host>/<bucket>/<key>} ({@code s3+https://} for an
 * https endpoint). glance_store writes {@code s3://<access>:<secret>@<host>/<bucket>/<key>}; that
 * form is read too, so images Glance stored stay readable, but never written: a location is kept
 * in the image record (and shown as direct_url), and the keys belong in the configuration only,
 * where rotating them does not mean rewriting every record.
 *
 * @param host the host part as {@link S3Settings#locationHost} writes it (may carry a port and path)
 */
record S3Location(String host, String bucket, String key) {
  private static final Set<String> SCHEMES = Set.of("s3", "s3+http", "s3+https");

  String uri(String scheme) {
    return scheme + "://" + host + "/" + bucket + "/" + key;
  }

  /** The parts of a location of either form, if it is an S3 location at all. */
  static Optional<S3Location> parse(String location) {
    if (location == null) {
      return Optional.empty();
    }
    int sep = location.indexOf("://");
    if (sep < 0 || location.indexOf("://", sep + 1) >= 0
        || !SCHEMES.contains(location.substring(0, sep).toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    String rest = location.substring(sep + 3);
    // An AWS secret key may hold '/', so the credentials end at the last '@' (no key has one).
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rest = rest.substring(at + 1);
    }
    int keyStart = rest.lastIndexOf('/');
    if (keyStart <= 0) {
      return Optional.empty();
    }
    int bucketStart = rest.lastIndexOf('/', keyStart - 1);
    if (bucketStart <= 0) {
      return Optional.empty();
    }
    String host = rest.substring(0, bucketStart);
    String bucket = rest.substring(bucketStart + 1, keyStart);
    String key = rest.substring(keyStart + 1);
    if (host.isEmpty() || bucket.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new S3Location(host, bucket, key));
  }

  /** Whether this names an object of the bucket at {@code host} (host names are case-insensitive). */
  boolean isIn(String host, String bucket) {
    return this.host.equalsIgnoreCase(host) && this.bucket.equals(bucket);
  }
}
