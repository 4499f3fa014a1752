package org.glimpse.core.image;

import java.time.Instant;

/**
 * An image shared with every project of a Keystone domain (a Glimpse extension). Each project of
 * the domain holds it as a membership of its own, pending until that project answers (or accepted
 * at once when the project trusts the image's owner); only an answer writes a row of its own.
 *
 * @param expiresAt when the share ends by itself; null for never
 */
public record DomainShare(String imageId, String domainId, Instant createdAt, Instant updatedAt,
    Instant expiresAt) {

  public DomainShare withExpiresAt(Instant newExpiresAt, Instant now) {
    return new DomainShare(imageId, domainId, createdAt, now, newExpiresAt);
  }

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
