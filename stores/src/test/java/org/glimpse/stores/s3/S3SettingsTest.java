package org.glimpse.stores.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3SettingsTest {

  private static S3Settings settings(String host, String bucket, String format, String region) {
    return new S3Settings(host, "access", "secret", bucket, false, format, region, 10, 10, Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "127.0.0.1:8080,              http://127.0.0.1:8080,            127.0.0.1:8080,           s3",
    "http://127.0.0.1:8080/,      http://127.0.0.1:8080/,           127.0.0.1:8080,           s3",
    "https://s3.example.com,      https://s3.example.com,           s3.example.com,           s3+https",
    "HTTPS://objects.local:9000/s3, HTTPS://objects.local:9000/s3,  objects.local:9000/s3,    s3+https",
    "s3.amazonaws.com,            http://s3.amazonaws.com,          s3.amazonaws.com,         s3"
  })
  void readsTheHostAsGlanceStoreDoes(String host, String endpoint, String locationHost, String scheme) {
    S3Settings s = settings(host, "images", "auto", "");
    assertThat(s.endpoint()).hasToString(endpoint);
    assertThat(s.locationHost()).isEqualTo(locationHost);
    assertThat(s.scheme()).isEqualTo(scheme);
  }

  @ParameterizedTest(name = "{0} region ''{1}''")
  @CsvSource({
    "s3-eu-west-1.amazonaws.com, '',           eu-west-1",
    "s3.eu-central-1.amazonaws.com, '',        eu-central-1",
    "s3.amazonaws.com,           '',           us-east-1",
    "127.0.0.1:8080,             '',           us-east-1",
    "127.0.0.1:8080,             RegionOne,    RegionOne"
  })
  void takesTheRegionFromTheOptionElseFromAnAwsHost(String host, String region, String expected) {
    assertThat(settings(host, "images", "auto", region).region()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "s3.amazonaws.com,             images,    auto,    false",
    "s3-eu-west-1.amazonaws.com,   images,    auto,    false",
    "s3.amazonaws.com,             My_Images, auto,    true",
    "127.0.0.1:8080,               images,    auto,    true",
    "swift.example.com,            images,    auto,    true",
    "swift.example.com,            images,    virtual, false",
    "s3.amazonaws.com,             images,    path,    true"
  })
  void addressesTheBucketInThePathUnlessAVirtualHostWorks(String host, String bucket, String format,
      boolean path) {
    assertThat(settings(host, bucket, format, "").pathStyle()).isEqualTo(path);
  }

  @Test
  void refusesWhatNoClientCouldUseNamingTheOption() {
    assertThatThrownBy(() -> settings("", "b", "auto", "")).hasMessageContaining("s3_store_host");
    assertThatThrownBy(() -> settings("http://", "b", "auto", "")).hasMessageContaining("s3_store_host");
    assertThatThrownBy(() -> settings("http://u:p@host", "b", "auto", "")).hasMessageContaining("s3_store_host");
    assertThatThrownBy(() -> settings("host", " ", "auto", "")).hasMessageContaining("s3_store_bucket");
    assertThatThrownBy(() -> settings("host", "b", "dns", "")).hasMessageContaining("s3_store_bucket_url_format");
    assertThatThrownBy(() -> settings("host", "Not_DNS", "virtual", ""))
        .hasMessageContaining("virtual host");
    assertThatThrownBy(() -> new S3Settings("host", null, "s", "b", false, "auto", "", 10, 10, Optional.empty()))
        .hasMessageContaining("s3_store_access_key");
    assertThatThrownBy(() -> new S3Settings("host", "a", "", "b", false, "auto", "", 10, 10, Optional.empty()))
        .hasMessageContaining("s3_store_secret_key");
    assertThatThrownBy(() -> new S3Settings("host", "a", "s", "b", false, "auto", "", 4, 10, Optional.empty()))
        .hasMessageContaining("s3_store_large_object_chunk_size").hasMessageContaining("5");
    assertThatThrownBy(() -> new S3Settings("host", "a", "s", "b", false, "auto", "", 1025, 10, Optional.empty()))
        .hasMessageContaining("s3_store_large_object_chunk_size").hasMessageContaining("1024");
    assertThatThrownBy(() -> new S3Settings("host", "a", "s", "b", false, "auto", "", 5, 0, Optional.empty()))
        .hasMessageContaining("s3_store_thread_pools");
  }

  @Test
  void checksumsBeyondWhatS3RequiresOnlyWithDataIntegrityProtection() {
    S3Settings off = new S3Settings("h", "a", "s", "b", false, "auto", "", 5, 1, Optional.empty(), false,
        "when_supported", "when_supported");
    assertThat(off.requestChecksumsWhenSupported()).isFalse();
    assertThat(off.responseChecksumsWhenSupported()).isFalse();
    S3Settings on = new S3Settings("h", "a", "s", "b", false, "auto", "", 5, 1, Optional.empty(), true,
        "when_supported", "when_required");
    assertThat(on.requestChecksumsWhenSupported()).isTrue();
    assertThat(on.responseChecksumsWhenSupported()).isFalse();
    assertThatThrownBy(() -> new S3Settings("h", "a", "s", "b", false, "auto", "", 5, 1, Optional.empty(), true,
        "always", "when_required")).hasMessageContaining("s3_store_request_checksum_calculation");
  }

  @Test
  void partsAreTheChunkSizeInMib() {
    assertThat(new S3Settings("h", "a", "s", "b", false, "auto", "", 5, 1, Optional.empty()).partSize())
        .isEqualTo(5 * 1024 * 1024);
  }

  @Test
  void neverShowsTheSecretKey() {
    assertThat(new S3Settings("h", "a", "TOPSECRET", "b", false, "auto", "", 5, 1, Optional.empty()))
        .asString().doesNotContain("TOPSECRET");
  }

  @Test
  void aCaBundleThatHoldsNoCertificateIsRefused(@TempDir Path dir) throws Exception {
    Path bundle = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    assertThatThrownBy(() -> S3Clients.trustManagers(bundle)).hasMessageContaining("s3_store_cacert");
    assertThatThrownBy(() -> S3Clients.trustManagers(dir.resolve("missing.pem")))
        .hasMessageContaining("s3_store_cacert");
  }
}
