package org.glimpse.stores.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "s3://127.0.0.1:8080/images/abc~123,                          127.0.0.1:8080,     images, abc~123",
    "s3+https://s3.example.com/images/abc,                        s3.example.com,     images, abc",
    "s3+http://s3.example.com/images/abc,                         s3.example.com,     images, abc",
    "s3://AKIA:secret@s3.amazonaws.com/images/abc,                s3.amazonaws.com,   images, abc",
    "s3://AKIA:se/cr/et@s3.amazonaws.com/images/abc,              s3.amazonaws.com,   images, abc",
    "s3://AKIA:se@cret@objects.local:9000/s3/images/abc,          objects.local:9000/s3, images, abc"
  })
  void parsesBothForms(String uri, String host, String bucket, String key) {
    assertThat(S3Location.parse(uri)).contains(new S3Location(host, bucket, key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s3:/h/b/k", "s3://h/k", "s3://h/b/", "s3:///b/k", "s3://h//k",
      "swift://h/b/k", "file:///var/lib/glance/images/x", "s3://a:b@https://h/b/k", "not a uri"})
  void refusesWhatIsNoS3Location(String uri) {
    assertThat(S3Location.parse(uri)).isEmpty();
  }

  @Test
  void writesTheFormWithoutCredentials() {
    S3Location location = new S3Location("127.0.0.1:8080", "images", "abc~1");
    assertThat(location.uri("s3")).isEqualTo("s3://127.0.0.1:8080/images/abc~1");
    assertThat(S3Location.parse(location.uri("s3+https"))).contains(location);
  }

  @Test
  void belongsToOneHostAndBucket() {
    S3Location location = S3Location.parse("s3://key:secret@S3.Example.com/images/abc").orElseThrow();
    assertThat(location.isIn("s3.example.com", "images")).isTrue();
    assertThat(location.isIn("s3.example.com", "Images")).isFalse();
    assertThat(location.isIn("s3.example.org", "images")).isFalse();
    assertThat(S3Location.parse(null)).isEqualTo(Optional.empty());
  }
}
