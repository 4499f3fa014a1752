package org.glimpse.stores.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.UnavailableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's failures into the store's: S3 out of reach (no answer in time, connection
 * refused), failing (5xx) or refusing Glimpse's credentials or bucket is {@link
 * UnavailableException} — the operator has to act, the client may retry —; a missing key is
 * {@link NotFoundException}; any other refusal is an IOException naming the operation and S3's
 * error code, since it means the store asked for something S3 does not do.
 */
final class S3Failures {
  private final String where;

  /** {@code where}: the endpoint and bucket, for messages (never the keys). */
  S3Failures(String host, String bucket) {
    this.where = "S3 store " + host + " (bucket " + bucket + ")";
  }

  static boolean isMissingKey(SdkException e) {
    return e instanceof S3Exception s3 && s3.statusCode() == 404 && !"NoSuchBucket".equals(code(s3));
  }

  static boolean isMissingBucket(SdkException e) {
    return e instanceof S3Exception s3 && "NoSuchBucket".equals(code(s3));
  }

  static boolean isMissingUpload(SdkException e) {
    return e instanceof S3Exception s3 && (s3.statusCode() == 404 || "NoSuchUpload".equals(code(s3)));
  }

  static boolean hasStatus(SdkException e, int status) {
    return e instanceof S3Exception s3 && s3.statusCode() == status;
  }

  /**
   * The store's exception for a failed {@code operation}: thrown here when it is unchecked
   * (unavailable, not found), returned for the caller to throw when it is an IOException.
   */
  IOException checked(String operation, SdkException e) {
    RuntimeException unchecked = translate(operation, e);
    if (unchecked instanceof UncheckedIOException io) {
      return io.getCause();
    }
    throw unchecked;
  }

  /** The store's exception for a failed {@code operation}, unchecked (for lazy listings). */
  RuntimeException translate(String operation, SdkException e) {
    if (e instanceof S3Exception s3) {
      String code = code(s3);
      int status = s3.statusCode();
      if (isMissingBucket(s3)) {
        return new UnavailableException(where + ": the bucket does not exist", e);
      }
      if (status == 404) {
        return new NotFoundException("Image data not found", e);
      }
      if (status == 401 || status == 403) {
        return new UnavailableException(where + " refused " + operation + ": " + status + named(code)
            + " (check s3_store_access_key and s3_store_secret_key)", e);
      }
      if (status >= 500) {
        return new UnavailableException(where + " failed " + operation + ": " + status + named(code), e);
      }
      return new UncheckedIOException(new IOException(
          where + " refused " + operation + ": " + status + named(code) + message(s3), e));
    }
    if (e instanceof SdkClientException) {
      return new UnavailableException(where + " is unreachable (" + operation + "): " + e.getMessage(), e);
    }
    return new UncheckedIOException(new IOException(where + " failed " + operation + ": " + e.getMessage(), e));
  }

  private static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /** S3's error code after the status; answers to HEAD have no body, hence no code. */
  private static String named(String code) {
    return code == null ? "" : " " + code;
  }

  private static String message(S3Exception e) {
    String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return m == null ? "" : " (" + m + ")";
  }
}
