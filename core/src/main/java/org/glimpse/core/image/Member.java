package org.glimpse.core.image;

import java.time.Instant;

/**
 * One project's membership of one image. v2 speaks of its {@code status}; v1 of {@code
 * can_share}. Both live on the same record.
 */
public record Member(
    String imageId,
    String memberId,
    MemberStatus status,
    boolean canShare,
    Instant createdAt,
    Instant updatedAt) {

  public Member withStatus(MemberStatus newStatus, Instant now) {
    return new Member(imageId, memberId, newStatus, canShare, createdAt, now);
  }

  public Member withCanShare(boolean newCanShare, Instant now) {
    return new Member(imageId, memberId, status, newCanShare, createdAt, now);
  }
}
