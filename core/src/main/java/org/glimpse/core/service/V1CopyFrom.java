package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.port.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * v1's {@code x-glance-api-copy-from}: the request answers while the image is still queued, and
 * the data is copied afterwards from the URL (read by the store that handles it, under the
 * filtering rules) into the default store through the one upload path, {@link
 * ImageUploader#store}: size cap, quota, stated size and checksum, hashing, lease and commit, a
 * failure leaving the image {@code killed} as a failed v1 upload does.
 */
final class V1CopyFrom {
  private static final Logger LOG = LoggerFactory.getLogger(V1CopyFrom.class);

  private final ImageUpdater updater;
  private final ImageUploader uploader;
  private final ImageStore store;
  private final Executor background;
  private final LimitEnforcer limits;

  V1CopyFrom(ImageUpdater updater, ImageUploader uploader, ImageStore store, Executor background,
      LimitEnforcer limits) {
    this.limits = limits;
    this.updater = updater;
    this.uploader = uploader;
    this.store = store;
    this.background = background;
  }

  /** Starts copying {@code url} into the queued image; 503 when no copy can start now. */
  void start(RequestContext ctx, Image image, String url, long expectedSize, String checksum,
      UploadErrors errors) {
    try {
      background.execute(() -> copy(ctx, image.getId(), image.getOwner(), url, expectedSize, checksum, errors));
    } catch (RejectedExecutionException e) {
      throw new UnavailableException("Too many copies are running; the image stays queued, try again later");
    }
  }

  private void copy(RequestContext ctx, String imageId, String owner, String url, long expectedSize,
      String checksum, UploadErrors errors) {
    UploadLease lease = uploader.lease(ctx, errors);
    Image saving;
    try {
      saving = limits.startingUpload(owner, imageId, () -> updater.update(imageId, image -> {
        if (image.getStatus() != ImageStatus.QUEUED) {
          throw new ConflictException("Cannot upload to an unqueued image");
        }
        image.setStatus(ImageStatus.SAVING);
        image.setUpload(lease);
      }));
    } catch (RuntimeException e) {
      LOG.warn("copy-from {} into image {} not started: {}", url, imageId, e.getMessage());
      return;
    }
    // opened on the first read, so that a source that cannot be read fails the upload like any other
    try (InputStream in = new OpenOnRead(url)) {
      uploader.store(ctx, saving, in, expectedSize, checksum, errors);
      LOG.info("copy-from {} into image {} done", url, imageId);
    } catch (IOException | RuntimeException e) {
      LOG.warn("copy-from {} into image {} failed: {}", url, imageId, e.getMessage());
    }
  }

  private final class OpenOnRead extends InputStream {
    private final String url;
    private InputStream in;

    OpenOnRead(String url) {
      this.url = url;
    }

    private InputStream in() throws IOException {
      if (in == null) {
        in = store.open(url, 0, -1);
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}
