package org.glimpse.core.port;

import java.util.List;
import java.util.Optional;
import org.glimpse.core.image.Member;

/** Durable image memberships. Removed memberships are gone for every read. */
public interface MemberRepository {

  /** The memberships of one image, oldest first. */
  List<Member> listForImage(String imageId);

  /** Memberships held by one project on images that are not deleted, oldest first. */
  List<Member> listForMember(String memberId);

  Optional<Member> find(String imageId, String memberId);

  /**
   * Adds a membership unless the image already has {@code limit} current memberships ({@code
   * limit} negative: no limit). The count and the insert happen under an exclusive lock on the
   * image's row, so concurrent adds never take an image past the limit, on any database.
   *
   * @return false, with nothing written, when the limit is reached
   * @throws org.glimpse.core.error.ConflictException if that project is already a member
   * @throws org.glimpse.core.error.NotFoundException if the image does not exist or is deleted
   */
  boolean add(Member member, int limit);

  /** Writes status, can_share and updated_at. NotFoundException if the membership is gone. */
  void update(Member member);

  /** Ends a membership. Returns false if there was none. */
  boolean remove(String imageId, String memberId);

  /** Number of current memberships of the image. */
  int count(String imageId);
}
