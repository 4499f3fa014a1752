package org.glimpse.core.image;

import java.time.Instant;
import java.util.Objects;

/**
 * The hold one upload has on an image while the image is {@code saving}: the owner and deadline
 * that rule 9 asks of every transitional state. The uploading request renews it while bytes
 * arrive; once it has expired, any Glimpse process sharing the database may take the image back
 * to {@code fallback}, and the upload, should it still be running, can no longer complete.
 *
 * @param id names this upload: unique per upload, it also names the upload's objects in the store
 * @param owner the process and request holding the lease, for operators (host:pid request-id)
 * @param expiresAt when the lease ends unless renewed (UTC, from the one clock)
 * @param fallback the status the image goes back to if the upload dies: {@code queued} for a v2
 *     upload, {@code killed} for a v1 one, as each API leaves a failed upload
 */
public record UploadLease(String id, String owner, Instant expiresAt, ImageStatus fallback) {

  public UploadLease {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(fallback, "fallback");
  }

  /** Whether the lease has ended at {@code now}: its holder stopped renewing it in time. */
  public boolean expiredAt(Instant now) {
    return expiresAt.isBefore(now);
  }

  public UploadLease renewedUntil(Instant until) {
    return new UploadLease(id, owner, until, fallback);
  }
}
