package org.glimpse.core.image;

import java.time.Instant;

/**
 * One entry of a project's inbox: an image shared with it, by whom, how, in which state, since
 * when.
 *
 * @param producer the image's owner
 * @param domainId the domain the image was shared with, when it reached the project that way;
 *     null for a share with the project itself
 * @param sharedAt when the share was made
 * @param updatedAt when the project last answered (or the share was made, without an answer)
 */
public record SharedWithMe(String imageId, String imageName, String producer, MemberStatus status,
    String domainId, Instant sharedAt, Instant updatedAt, Instant expiresAt) {

  /** How the share reached the project: {@code project} or {@code domain}. */
  public String via() {
    return domainId == null ? "project" : "domain";
  }
}
