package org.glimpse.core.port;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SharedWithMe;

/**
 * Sharing beyond Glance's one-membership-at-a-time: shares with a Keystone domain and the answers
 * of its projects, the producers a consumer trusts, batches written in one transaction, a
 * project's inbox, and the memberships whose time is up. Memberships and domain shares past their
 * expiry are gone for every read here, as for {@link MemberRepository}.
 */
public interface SharingRepository {

  /** A project's answer to a domain share: written only when that project answers. */
  record DomainAnswer(String imageId, String domainId, String projectId, MemberStatus status,
      Instant when) {}

  /** A consumer's trust in a producer. */
  record Trust(String consumer, String producer, Instant createdAt) {}

  /** What a batch add did: the memberships and domain shares written, and those already there. */
  record BatchAdded(List<Member> added, List<Member> existing, List<DomainShare> addedDomains,
      List<DomainShare> existingDomains) {}

  // --- shares with a domain ---------------------------------------------------------------------

  /** The image's current domain shares, oldest first. */
  List<DomainShare> listDomainShares(String imageId);

  Optional<DomainShare> findDomainShare(String imageId, String domainId);

  /** Writes a domain share's expiry and updated_at. NotFoundException if it is gone. */
  void updateDomainShare(DomainShare share);

  /** Ends a domain share and forgets its projects' answers. False if there was none. */
  boolean removeDomainShare(String imageId, String domainId);

  /**
   * The membership project {@code projectId} of domain {@code domainId} holds on the image
   * through a share with that domain: its own answer if it gave one, else accepted when it trusts
   * the image's owner, else pending; created when the share was, expiring with it. Empty without
   * a current share.
   */
  Optional<Member> findDomainMembership(String imageId, String projectId, String domainId);

  // --- trusted producers ------------------------------------------------------------------------

  /** Records that {@code consumer} trusts {@code producer}; nothing changes if it already does. */
  Trust trust(String consumer, String producer, Instant when);

  /** False if the consumer did not trust the producer. */
  boolean untrust(String consumer, String producer);

  /** The producers the consumer trusts, oldest first. */
  List<Trust> trusted(String consumer);

  /** Those of {@code consumers} that trust {@code producer}. */
  Set<String> consumersTrusting(String producer, Collection<String> consumers);

  // --- batches: each one transaction, all or nothing ---------------------------------------------

  /**
   * Adds memberships and domain shares, each image locked (in id order) while its shares are
   * counted and written. A project already a member, or a domain already shared with, is left as
   * it is and reported. Nothing is written when any image would pass {@code limit} current
   * members and domain shares together (negative: no limit): that is a TooLargeException naming
   * the image; a missing or deleted image is a NotFoundException.
   */
  BatchAdded addAll(List<Member> members, List<DomainShare> domainShares, int limit);

  /**
   * Writes the status of memberships and records answers to domain shares. NotFoundException,
   * with nothing written, when any of the memberships or domain shares is gone.
   */
  void answerAll(List<Member> memberships, List<DomainAnswer> answers);

  /**
   * Ends memberships and domain shares. NotFoundException, with nothing written, when any of them
   * does not exist.
   */
  void removeAll(List<Member> memberships, List<DomainShare> domainShares, Instant when);

  // --- the inbox ----------------------------------------------------------------------------------

  /**
   * The images shared with a project, directly or through its domain ({@code domainId} may be
   * null), that are shared images of another owner and not deleted: oldest share first (then by
   * image id), after {@code after} (the last entry of the previous page; null for the first page),
   * in {@code status} (null: any). An image shared with both the project and its domain is
   * listed once, as the project's own membership.
   */
  List<SharedWithMe> inbox(String projectId, String domainId, MemberStatus status,
      SharedWithMe after, int limit);

  /** The inbox entry of one image, if the image is in the project's inbox. */
  Optional<SharedWithMe> inboxEntry(String projectId, String domainId, String imageId);

  /** How many entries of the inbox are in each status (every status present, zero or more). */
  Map<MemberStatus, Integer> inboxCounts(String projectId, String domainId);

  // --- expiry ------------------------------------------------------------------------------------

  /** Memberships expired at {@code now}, at most {@code limit}. */
  List<Member> expiredMembers(Instant now, int limit);

  /** Domain shares expired at {@code now}, at most {@code limit}. */
  List<DomainShare> expiredDomainShares(Instant now, int limit);

  /** Removes the membership if it is still the expired one given; false when it changed or went. */
  boolean removeExpired(Member member, Instant when);

  /** Removes the domain share if it is still the expired one given. */
  boolean removeExpired(DomainShare share);
}
