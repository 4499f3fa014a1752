package org.glimpse.stores.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.UnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FailuresTest {
  private final S3Failures failures = new S3Failures("s3.example.com:8080", "images");

  private static S3Exception s3(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("because").build()).build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"500, InternalError", "503, SlowDown", "501, NotImplemented", "403, AccessDenied",
      "403, SignatureDoesNotMatch", "401, Unauthorized"})
  void s3FailingOrRefusingGlimpseIsUnavailableNamingTheStore(int status, String code) {
    assertThatThrownBy(() -> {
      throw failures.checked("UploadPart", s3(status, code));
    }).isInstanceOf(UnavailableException.class)
        .hasMessageContaining("s3.example.com:8080").hasMessageContaining("images")
        .hasMessageContaining("UploadPart").hasMessageContaining(code);
  }

  @Test
  void refusedCredentialsNameTheOptionsAndAnAnswerWithoutCodeShowsNoNull() {
    assertThatThrownBy(() -> {
      throw failures.checked("HeadObject", s3(403, null));
    }).isInstanceOf(UnavailableException.class).hasMessageContaining("HeadObject: 403 (")
        .hasMessageContaining("s3_store_secret_key").hasMessageNotContaining("null");
  }

  @Test
  void noAnswerIsUnavailable() {
    assertThatThrownBy(() -> {
      throw failures.checked("GetObject", SdkClientException.create("Connection refused"));
    }).isInstanceOf(UnavailableException.class).hasMessageContaining("unreachable")
        .hasMessageContaining("Connection refused");
  }

  @Test
  void aMissingKeyIsNotFoundAndAMissingBucketUnavailable() {
    assertThatThrownBy(() -> {
      throw failures.checked("GetObject", s3(404, "NoSuchKey"));
    }).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> {
      throw failures.checked("GetObject", s3(404, "NoSuchBucket"));
    }).isInstanceOf(UnavailableException.class).hasMessageContaining("bucket does not exist");
    assertThat(S3Failures.isMissingKey(s3(404, null))).isTrue();
    assertThat(S3Failures.isMissingBucket(s3(404, "NoSuchBucket"))).isTrue();
    assertThat(S3Failures.isMissingUpload(s3(404, "NoSuchUpload"))).isTrue();
  }

  @Test
  void anyOtherRefusalIsAnIoExceptionNamingOperationAndCode() {
    IOException e = failures.checked("CompleteMultipartUpload", s3(400, "InvalidPart"));
    assertThat(e).hasMessageContaining("CompleteMultipartUpload").hasMessageContaining("400 InvalidPart")
        .hasMessageContaining("because");
  }
}
