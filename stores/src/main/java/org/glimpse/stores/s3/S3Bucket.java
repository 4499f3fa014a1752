package org.glimpse.stores.s3;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.UnavailableException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The store's bucket: each S3 call the store makes, with the SDK's failures turned into the
 * store's ({@link S3Failures}) and the answers S3 gives for "already gone" taken as success.
 */
final class S3Bucket {
  private final S3Client client;
  private final S3Settings settings;
  private final S3Failures failures;

  S3Bucket(S3Client client, S3Settings settings) {
    this.client = client;
    this.settings = settings;
    this.failures = new S3Failures(settings.locationHost(), settings.bucket());
  }

  String name() {
    return settings.bucket();
  }

  S3Failures failures() {
    return failures;
  }

  String location(String key) {
    return new S3Location(settings.locationHost(), name(), key).uri(settings.scheme());
  }

  /** Starts a multipart upload of {@code key}, creating the bucket first if it is missing and may be. */
  String startUpload(String key) throws IOException {
    try {
      return create(key);
    } catch (SdkException e) {
      if (!S3Failures.isMissingBucket(e)) {
        throw failures.checked("CreateMultipartUpload", e);
      }
      if (!settings.createBucketOnPut()) {
        throw new UnavailableException("S3 bucket " + name() + " does not exist at " + settings.locationHost()
            + " and s3_store_create_bucket_on_put is false", e);
      }
    }
    createBucket();
    try {
      return create(key);
    } catch (SdkException e) {
      throw failures.checked("CreateMultipartUpload", e);
    }
  }

  private String create(String key) {
    return client.createMultipartUpload(b -> b.bucket(name()).key(key)
        .contentType("application/octet-stream")).uploadId();
  }

  private void createBucket() throws IOException {
    String region = settings.region();
    try {
      client.createBucket(b -> {
        b.bucket(name());
        if (!region.equals("us-east-1")) {
          b.createBucketConfiguration(c -> c.locationConstraint(region));
        }
      });
    } catch (SdkException e) {
      // another process may have created it first
      if (!S3Failures.hasStatus(e, 409)) {
        throw failures.checked("CreateBucket", e);
      }
    }
  }

  /** Sends one part; the SDK's failure propagates as it is (the caller translates it). */
  String uploadPart(UploadPartRequest request, RequestBody body) {
    return client.uploadPart(request, body).eTag();
  }

  /**
   * Completes the upload so that {@code key} appears whole. If-None-Match keeps it from replacing
   * an object of that key on servers that honour it; the caller checks existence before as well.
   */
  void complete(String key, String uploadId, CompletedMultipartUpload parts) throws IOException {
    try {
      client.completeMultipartUpload(b -> b.bucket(name()).key(key).uploadId(uploadId)
          .multipartUpload(parts).ifNoneMatch("*"));
    } catch (SdkException e) {
      if (S3Failures.hasStatus(e, 412)) {
        throw new ConflictException("Image data already exists for this image", e);
      }
      throw failures.checked("CompleteMultipartUpload", e);
    }
  }

  /** Aborts a multipart upload; one that is already gone is no failure. */
  void abort(String key, String uploadId) throws IOException {
    try {
      client.abortMultipartUpload(b -> b.bucket(name()).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      if (!S3Failures.isMissingUpload(e)) {
        throw failures.checked("AbortMultipartUpload", e);
      }
    }
  }

  boolean exists(String key) throws IOException {
    try {
      client.headObject(b -> b.bucket(name()).key(key));
      return true;
    } catch (SdkException e) {
      if (S3Failures.hasStatus(e, 404)) {
        return false;
      }
      throw failures.checked("HeadObject", e);
    }
  }

  /** The object's bytes in {@code range} (an HTTP Range value, null for all); failures raw. */
  ResponseInputStream<GetObjectResponse> get(String key, String range) {
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(name()).key(key);
    if (range != null) {
      request.range(range);
    }
    return client.getObject(request.build());
  }

  /** Deletes an object; S3 answers success for a missing key, and so does this. */
  void delete(String key) throws IOException {
    try {
      client.deleteObject(b -> b.bucket(name()).key(key));
    } catch (SdkException e) {
      if (!S3Failures.hasStatus(e, 404)) {
        throw failures.checked("DeleteObject", e);
      }
    }
  }

  /** Every object of the bucket, page after page as the caller iterates; none if it is missing. */
  Iterable<S3Object> objects() {
    return () -> lazily("ListObjectsV2",
        () -> client.listObjectsV2Paginator(b -> b.bucket(name())).contents().iterator());
  }

  /** Every multipart upload in progress; none if the bucket is missing. */
  Iterable<MultipartUpload> uploads() {
    return () -> lazily("ListMultipartUploads",
        () -> client.listMultipartUploadsPaginator(b -> b.bucket(name())).uploads().iterator());
  }

  /** The multipart uploads in progress of exactly {@code key}. */
  List<MultipartUpload> uploadsOf(String key) throws IOException {
    try {
      return client.listMultipartUploadsPaginator(b -> b.bucket(name()).prefix(key)).uploads().stream()
          .filter(u -> key.equals(u.key())).toList();
    } catch (SdkException e) {
      if (S3Failures.isMissingBucket(e)) {
        return List.of();
      }
      throw failures.checked("ListMultipartUploads", e);
    }
  }

  /** An iterator whose pages are fetched as it advances, failing with the store's exceptions. */
  private <T> Iterator<T> lazily(String operation, Supplier<Iterator<T>> pages) {
    return new Iterator<>() {
      private Iterator<T> delegate;
      private boolean missing;

      @Override
      public boolean hasNext() {
        if (missing) {
          return false;
        }
        try {
          if (delegate == null) {
            delegate = pages.get();
          }
          return delegate.hasNext();
        } catch (SdkException e) {
          if (S3Failures.isMissingBucket(e)) {
            missing = true;
            return false;
          }
          throw failures.translate(operation, e);
        }
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return delegate.next();
      }
    };
  }
}
