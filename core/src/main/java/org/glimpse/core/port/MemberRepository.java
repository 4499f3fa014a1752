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

  /** ConflictException if that project is already a member of that image. */
  void add(Member member);

  /** Writes status, can_share and updated_at. NotFoundException if the membership is gone. */
  void update(Member member);

  /** Ends a membership. Returns false if there was none. */
  boolean remove(String imageId, String memberId);

  /** Number of current memberships of the image. */
  int count(String imageId);
}
