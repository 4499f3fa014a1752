package org.glimpse.stores.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.port.ImageStore.StagedData;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * One upload's data as an S3 multipart upload: the parts are the staged data (durable once
 * uploaded, invisible until completed), CompleteMultipartUpload is the commit that makes the
 * object appear whole at once, AbortMultipartUpload the discard that leaves no part behind.
 *
 * <p>Parts are sent by the store's pool while the caller's thread fills the next one, so reading
 * the client and writing to S3 overlap; one part is in flight per upload, so an upload holds at
 * most two parts in memory, whatever the image's size.
 */
final class MultipartStage implements StagedData {
  /** S3's most parts in one upload. */
  static final int MAX_PARTS = 10_000;

  private final S3Bucket bucket;
  private final String key;
  private final String uploadId;
  private final ExecutorService pool;
  private final int partSize;
  private final List<CompletedPart> parts = new ArrayList<>();
  private Future<CompletedPart> inFlight;
  private long size;
  private boolean done;

  private MultipartStage(S3Bucket bucket, String key, String uploadId, ExecutorService pool, int partSize) {
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
    this.pool = pool;
    this.partSize = partSize;
  }

  /**
   * Starts a multipart upload of {@code key} and sends {@code data} as its parts; on any failure
   * the upload is aborted (after its part in flight ended) and the failure propagates unchanged.
   */
  static MultipartStage write(S3Bucket bucket, String key, ExecutorService pool, int partSize, DataChunks data)
      throws IOException {
    MultipartStage stage = new MultipartStage(bucket, key, bucket.startUpload(key), pool, partSize);
    try {
      stage.copy(data);
      return stage;
    } catch (Throwable e) {
      stage.discardAfter(e);
      throw e;
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public synchronized String commit() throws IOException {
    if (done) {
      throw new IllegalStateException("Staged data is already committed or closed");
    }
    done = true;
    try {
      if (bucket.exists(key)) {
        throw new ConflictException("Image data already exists for this image");
      }
      bucket.complete(key, uploadId, CompletedMultipartUpload.builder().parts(parts).build());
      return bucket.location(key);
    } catch (Throwable e) {
      discardAfter(e);
      throw e;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (!done) {
      done = true;
      bucket.abort(key, uploadId);
    }
  }

  private void copy(DataChunks data) throws IOException {
    PartBuffer filling = new PartBuffer(partSize);
    PartBuffer sending = null;
    for (ByteBuffer chunk = data.next(); chunk != null; chunk = data.next()) {
      while (chunk.hasRemaining()) {
        filling.fill(chunk);
        if (filling.isFull()) {
          PartBuffer free = awaitInFlight() ? sending : null;
          send(filling);
          sending = filling;
          filling = free == null ? new PartBuffer(partSize) : free;
          filling.clear();
        }
      }
    }
    // S3 completes no upload without a part: empty data is one empty part.
    if (filling.size() > 0 || (parts.isEmpty() && inFlight == null)) {
      awaitInFlight();
      send(filling);
    }
    awaitInFlight();
  }

  private void send(PartBuffer part) {
    int number = parts.size() + 1;
    if (number > MAX_PARTS) {
      throw new TooLargeException("Image data is larger than the S3 store can take in " + MAX_PARTS
          + " parts of " + partSize / (1024 * 1024) + " MiB (s3_store_large_object_chunk_size)");
    }
    long length = part.size();
    size += length;
    inFlight = pool.submit(() -> {
      UploadPartRequest request = UploadPartRequest.builder().bucket(bucket.name()).key(key)
          .uploadId(uploadId).partNumber(number).contentLength(length).build();
      try {
        String etag = bucket.uploadPart(request,
            RequestBody.fromContentProvider(part::newStream, length, "application/octet-stream"));
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
      } catch (S3Exception e) {
        // Servers may allow fewer parts than S3 (Swift's s3api: 1,000 by default) and refuse the next.
        if (number > 1 && e.statusCode() == 400 && e.awsErrorDetails() != null
            && "InvalidArgument".equals(e.awsErrorDetails().errorCode())) {
          throw new TooLargeException("Image data is larger than the S3 store takes: it refused part " + number
              + " of " + partSize / (1024 * 1024) + " MiB (s3_store_large_object_chunk_size)", e);
        }
        throw e;
      }
    });
  }

  /** Waits for the part in flight, if any; true if there was one. */
  private boolean awaitInFlight() throws IOException {
    if (inFlight == null) {
      return false;
    }
    Future<CompletedPart> part = inFlight;
    inFlight = null;
    try {
      parts.add(part.get());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      part.cancel(true);
      throw new InterruptedIOException("interrupted while sending a part to S3");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SdkException sdk) {
        throw bucket.failures().checked("UploadPart", sdk);
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("sending a part to S3 failed", cause);
    }
  }

  /** Aborts the upload once its part in flight has ended; a failure to abort is attached to {@code cause}. */
  private void discardAfter(Throwable cause) {
    done = true;
    try {
      if (inFlight != null) {
        try {
          inFlight.get();
        } catch (ExecutionException | RuntimeException e) {
          // the part's own failure is not the one to report
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inFlight = null;
      }
      bucket.abort(key, uploadId);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
