package org.glimpse.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.image.Member;

/**
 * Durable image memberships. A removed membership is kept, as Glance keeps it (soft-deleted), but
 * gone for every read other than {@link #findRemoved}; adding the project again replaces it.
 */
public interface MemberRepository {

  /** The memberships of one image, oldest first. */
  List<Member> listForImage(String imageId);

  /** Memberships held by one project on images that are not deleted, oldest first. */
  List<Member> listForMember(String memberId);

  Optional<Member> find(String imageId, String memberId);

  /**
   * Adds a membership unless the image already has {@code limit} current memberships and domain
   * shares together ({@code limit} negative: no limit). The count and the insert happen under an exclusive lock on the
   * image's row, so concurrent adds never take an image past the limit, on any database.
   *
   * A membership the project held before and that was removed is replaced by the new one.
   *
   * @return false, with nothing written, when the limit is reached
   * @throws org.glimpse.core.error.ConflictException if that project is already a member
   * @throws org.glimpse.core.error.NotFoundException if the image does not exist or is deleted
   */
  boolean add(Member member, int limit);

  /** Writes status, can_share and updated_at. NotFoundException if the membership is gone. */
  void update(Member member);

  /** Ends a membership at {@code when}. Returns false if there was none. */
  boolean remove(String imageId, String memberId, Instant when);

  /**
   * The membership {@code memberId} held on the image when it was last removed, unless the
   * project is a member again (v1 restores its can_share when it is listed again).
   */
  Optional<Member> findRemoved(String imageId, String memberId);

  /** Number of current memberships of the image. */
  int count(String imageId);
}
