package org.glimpse.core.image;

import java.time.Instant;

/**
 * One project's membership of one image. v2 speaks of its {@code status}; v1 of {@code
 * can_share}. Both live on the same record.
 *
 * @param expiresAt when the membership ends by itself (a Glimpse extension); null for never.
 *     From that instant on it counts as removed for every read.
 */
public record Member(
    String imageId,
    String memberId,
    MemberStatus status,
    boolean canShare,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt) {

  /** A membership without an expiry, as Glance knows them. */
  public Member(String imageId, String memberId, MemberStatus status, boolean canShare,
      Instant createdAt, Instant updatedAt) {
    this(imageId, memberId, status, canShare, createdAt, updatedAt, null);
  }

  public Member withStatus(MemberStatus newStatus, Instant now) {
    return new Member(imageId, memberId, newStatus, canShare, createdAt, now, expiresAt);
  }

  public Member withCanShare(boolean newCanShare, Instant now) {
    return new Member(imageId, memberId, status, newCanShare, createdAt, now, expiresAt);
  }

  public Member withExpiresAt(Instant newExpiresAt, Instant now) {
    return new Member(imageId, memberId, status, canShare, createdAt, now, newExpiresAt);
  }

  /** True when the membership has ended by its expiry at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
