package org.glimpse.stores.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.stores.ObjectIds;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Keeps each upload's bytes in one object of the bucket, keyed as the file store names its files
 * ({@code <image-id>~<upload-id>}; glance_store's {@code <image-id>} is read as data written before
 * uploads were named). A stage is a multipart upload to the final key ({@link MultipartStage}), so
 * the staged data is durable but invisible until commit completes it; what a crash leaves is the
 * upload in progress, which {@link #list} reports as temporary (from ListMultipartUploads) and
 * {@link #remove} aborts. Reads are ranged GETs streamed from the response.
 */
public final class S3ImageStore implements ImageStore, AutoCloseable {
  /** Joins a key and its multipart upload id in the name of a temporary object. */
  private static final String UPLOAD_MARK = "?uploadId=";

  private final S3Settings settings;
  private final S3Client client;
  private final S3Bucket bucket;
  private final ExecutorService partSenders;

  public S3ImageStore(S3Settings settings) {
    this(settings, S3Clients.build(settings));
  }

  S3ImageStore(S3Settings settings, S3Client client) {
    this.settings = settings;
    this.client = client;
    this.bucket = new S3Bucket(client, settings);
    AtomicInteger threads = new AtomicInteger();
    this.partSenders = Executors.newFixedThreadPool(settings.threadPools(), task -> {
      Thread thread = new Thread(task, "s3-parts-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public String scheme() {
    return settings.scheme();
  }

  @Override
  public boolean handles(String location) {
    return key(location).isPresent();
  }

  @Override
  public StagedData stage(String imageId, String uploadId, DataChunks data) throws IOException {
    String key = ObjectIds.dataName(imageId, uploadId).name();
    if (bucket.exists(key)) {
      throw new ConflictException("Image data already exists for this image");
    }
    return MultipartStage.write(bucket, key, partSenders, settings.partSize(), data);
  }

  @Override
  public InputStream open(String location, long offset, long length) throws IOException {
    if (offset < 0 || length < -1) {
      throw new IllegalArgumentException("offset " + offset + ", length " + length);
    }
    String key = require(location);
    if (length == 0) {
      if (!bucket.exists(key)) {
        throw new NotFoundException("Image data not found");
      }
      return InputStream.nullInputStream();
    }
    String range = null;
    if (offset > 0 || length > 0) {
      long last = length < 0 || offset > Long.MAX_VALUE - length ? -1 : offset + length - 1;
      range = "bytes=" + offset + "-" + (last < 0 ? "" : Long.toString(last));
    }
    try {
      return new ClosingStream(bucket.get(key, range));
    } catch (SdkException e) {
      // 416: the object exists but ends before offset, so there is nothing to read.
      if (S3Failures.hasStatus(e, 416)) {
        return InputStream.nullInputStream();
      }
      throw bucket.failures().checked("GetObject", e);
    }
  }

  @Override
  public void delete(String location) throws IOException {
    bucket.delete(require(location));
  }

  @Override
  public void discardUpload(String imageId, String uploadId) throws IOException {
    String key = uploadId == null ? ObjectIds.require(imageId) : ObjectIds.dataName(imageId, uploadId).name();
    for (var upload : bucket.uploadsOf(key)) {
      bucket.abort(key, upload.uploadId());
    }
    bucket.delete(key);
  }

  @Override
  public Stream<StoredObject> list() {
    Stream<StoredObject> data = StreamSupport.stream(bucket.objects().spliterator(), false)
        .map(o -> ObjectIds.parseData(o.key())
            .map(n -> new StoredObject(o.key(), n.imageId(), n.uploadId(), false, bucket.location(o.key()),
                o.lastModified()))
            .orElse(null));
    // An upload in progress is dated by its start: one still being written is protected by its
    // image's upload lease, which the sweep checks, not by its age.
    Stream<StoredObject> staged = StreamSupport.stream(bucket.uploads().spliterator(), false)
        .map(u -> ObjectIds.parseData(u.key())
            .map(n -> new StoredObject(u.key() + UPLOAD_MARK + u.uploadId(), n.imageId(), n.uploadId(), true,
                null, u.initiated()))
            .orElse(null));
    return Stream.concat(data, staged).filter(Objects::nonNull);
  }

  @Override
  public void remove(StoredObject object) throws IOException {
    String name = object.name();
    int mark = name == null ? -1 : name.indexOf(UPLOAD_MARK);
    String key = mark < 0 ? name : name.substring(0, mark);
    String uploadId = mark < 0 ? null : name.substring(mark + UPLOAD_MARK.length());
    if (ObjectIds.parseData(key).isEmpty() || (uploadId != null && uploadId.isEmpty())) {
      throw new IllegalArgumentException("not an object of this store: " + object);
    }
    if (uploadId == null) {
      bucket.delete(key);
    } else {
      bucket.abort(key, uploadId);
    }
  }

  /** Stops the part senders and the client's connections; for tests and an orderly stop. */
  @Override
  public void close() {
    partSenders.shutdownNow();
    client.close();
  }

  private String require(String location) {
    return key(location).orElseThrow(() -> new BadRequestException("Location is not in this S3 store"));
  }

  /** The key of a location in this store's bucket at its host that names data, if it is one. */
  private Optional<String> key(String location) {
    return S3Location.parse(location)
        .filter(l -> l.isIn(settings.locationHost(), settings.bucket()))
        .map(S3Location::key)
        .filter(k -> ObjectIds.parseData(k).isPresent());
  }

  /**
   * The response stream, aborted rather than drained when closed before its end: a client that
   * stops reading a large image must not make the connection read the rest of it.
   */
  private static final class ClosingStream extends FilterInputStream {
    private final ResponseInputStream<?> response;
    private boolean ended;

    ClosingStream(ResponseInputStream<?> response) {
      super(response);
      this.response = response;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      ended |= b < 0;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      ended |= n < 0;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (!ended) {
        response.abort();
      }
      super.close();
    }
  }
}
