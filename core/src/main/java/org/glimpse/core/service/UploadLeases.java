package org.glimpse.core.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.time.ImageClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upload leases (rule 9): every upload holds its {@code saving} image under a lease with an owner
 * and a deadline, {@code upload_stall_time} ahead. The uploading request renews it while bytes
 * arrive (a third of the lease time apart, and once more when the body ends, so that syncing,
 * committing and recording the data get a whole lease time). No thread of its own: the lease is
 * renewed by the reads of the upload itself, so an upload that stops making progress — its client
 * stalled, its thread hung, its process gone — stops renewing, and after the lease time {@link
 * UploadRecovery} in any process may take the image back.
 */
public final class UploadLeases {
  private static final Logger LOG = LoggerFactory.getLogger(UploadLeases.class);
  private static final int OWNER_MAX = 255;

  private final ImageRepository images;
  private final ImageClock clock;
  private final Duration leaseTime;
  private final Duration renewEvery;
  private final String process;

  public UploadLeases(ImageRepository images, ImageClock clock, Duration leaseTime, String process) {
    if (leaseTime.isNegative() || leaseTime.isZero()) {
      throw new IllegalArgumentException("upload lease time must be positive: " + leaseTime);
    }
    this.images = images;
    this.clock = clock;
    this.leaseTime = leaseTime;
    this.renewEvery = leaseTime.dividedBy(3);
    this.process = process;
  }

  /** This process as a lease owner: {@code host:pid}. */
  public static String thisProcess() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException | RuntimeException e) {
        host = "localhost";
      }
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  public Duration leaseTime() {
    return leaseTime;
  }

  /** A new lease for an upload the caller is about to start, with its own upload id. */
  public UploadLease grant(RequestContext ctx, ImageStatus fallback) {
    String owner = process + (ctx.requestId() == null ? "" : " " + ctx.requestId());
    if (owner.length() > OWNER_MAX) {
      owner = owner.substring(0, OWNER_MAX);
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    return new UploadLease(id, owner, clock.now().plus(leaseTime), fallback);
  }

  /**
   * The upload body, renewing the lease as bytes arrive. When the lease turns out to be lost, the
   * read fails with the error {@code lost} makes; a renewal the database could not answer is
   * retried soon after, the upload going on meanwhile.
   */
  InputStream keepAlive(String imageId, UploadLease lease, InputStream body,
      Supplier<? extends RuntimeException> lost) {
    return new Renewing(body, imageId, lease.id(), lost);
  }

  private final class Renewing extends FilterInputStream {
    private final String imageId;
    private final String uploadId;
    private final Supplier<? extends RuntimeException> lost;
    private Instant nextRenewal;
    private boolean renewedAtEnd;

    Renewing(InputStream in, String imageId, String uploadId, Supplier<? extends RuntimeException> lost) {
      super(in);
      this.imageId = imageId;
      this.uploadId = uploadId;
      this.lost = lost;
      this.nextRenewal = clock.now().plus(renewEvery);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      beat(b < 0);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n != 0) {
        beat(n < 0);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      beat(false);
      return skipped;
    }

    private void beat(boolean end) {
      Instant now = clock.now();
      if (end ? renewedAtEnd : now.isBefore(nextRenewal)) {
        return;
      }
      renewedAtEnd |= end;
      boolean held;
      try {
        held = images.renewUpload(imageId, uploadId, now.plus(leaseTime));
      } catch (RuntimeException e) {
        // keep streaming: the database may be back at the next try, and the final record change
        // needs it anyway; meanwhile the lease runs down as it would for a dead process
        LOG.warn("upload {} of image {}: lease not renewed, trying again shortly: {}", uploadId, imageId, e.toString());
        nextRenewal = now.plus(renewEvery.dividedBy(4));
        return;
      }
      if (!held) {
        throw lost.get();
      }
      nextRenewal = now.plus(renewEvery);
    }
  }
}
