package org.glimpse.core.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.ProjectDirectory;
import org.glimpse.core.port.SharingRepository;
import org.glimpse.core.port.Notifier.Event;
import org.glimpse.core.time.ImageClock;

/**
 * Image sharing as the v2 API knows it: only shared images have members; the owner (or an
 * admin) adds and removes them; a member answers for itself; the owner sees every membership
 * and a member only its own. The member-id and quota rules here serve v1's sharing too.
 */
public final class MemberService {
  /** Width of the member column, as in Glance's schema. */
  static final int MAX_MEMBER_ID = 255;

  private final MemberRepository members;
  private final SharingRepository sharing;
  private final ProjectDirectory directory;
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final int memberQuota;
  private final Notifier notifier;
  private final ImageClock clock;

  /** @param memberQuota most members an image may have; negative for no limit */
  public MemberService(MemberRepository members, SharingRepository sharing, ProjectDirectory directory,
      ImageLookup lookup, ImagePolicy policy, int memberQuota, Notifier notifier, ImageClock clock) {
    this.members = members;
    this.sharing = sharing;
    this.directory = directory;
    this.lookup = lookup;
    this.policy = policy;
    this.memberQuota = memberQuota;
    this.notifier = notifier;
    this.clock = clock;
  }

  public List<Member> list(RequestContext ctx, String imageId) {
    Image image = image(ctx, imageId);
    if (image.getVisibility() != Visibility.SHARED) {
      throw new ForbiddenException("Not allowed to list members for image " + imageId
          + ": Only shared images have members.");
    }
    try {
      policy.getMembers(ctx, image);
    } catch (ForbiddenException e) {
      throw new ForbiddenException("Not allowed to list members for image " + imageId + ": "
          + e.getMessage());
    }
    if (!policy.mayGetMember(ctx, image)) {
      return List.of();
    }
    boolean seesAll = policy.isOwnerOrAdmin(ctx, image);
    return members.listForImage(imageId).stream()
        .filter(m -> seesAll || m.memberId().equals(ctx.owner()))
        .toList();
  }

  public Member get(RequestContext ctx, String imageId, String memberId) {
    Image image = image(ctx, imageId);
    if (image.getVisibility() != Visibility.SHARED) {
      throw new NotFoundException("Only shared images have members.");
    }
    try {
      return lookupMember(ctx, image, memberId);
    } catch (ForbiddenException e) {
      // as Glance: a member the caller may not look up does not exist for them
      throw new NotFoundException(e.getMessage());
    }
  }

  /**
   * Shares the image with a project, pending its answer. Glance stores any member id; one longer
   * than its column is refused here rather than failing in the database.
   */
  public Member add(RequestContext ctx, String imageId, String memberId) {
    return add(ctx, imageId, memberId, null);
  }

  /**
   * Shares the image with a project until {@code expiresAt} (null: for good). The membership
   * arrives accepted when the project trusts the image's owner, else pending. With member checks
   * on, a project the identity service does not know is refused.
   */
  public Member add(RequestContext ctx, String imageId, String memberId, Instant expiresAt) {
    Image image = shareable(ctx, imageId);
    if (memberId.length() > MAX_MEMBER_ID) {
      throw new BadRequestException("Member can't be longer than " + MAX_MEMBER_ID + " characters");
    }
    requireFuture(expiresAt);
    requireKnownProject(memberId);
    MemberStatus arrives = image.getOwner() != null
        && !sharing.consumersTrusting(image.getOwner(), List.of(memberId)).isEmpty()
        ? MemberStatus.ACCEPTED : MemberStatus.PENDING;
    try {
      return store(ctx, imageId, memberId, false, arrives, expiresAt);
    } catch (TooLargeException e) {
      throw new TooLargeException("Image member limit exceeded for image " + imageId + ": " + e.getMessage() + ":");
    } catch (ConflictException e) {
      throw new ConflictException("Member " + memberId + " is duplicated for image " + imageId);
    }
  }

  /** A member accepts, rejects or reconsiders an image shared with it. */
  public Member updateStatus(RequestContext ctx, String imageId, String memberId, String status) {
    ImageLookup.Seen seen;
    try {
      seen = lookup.seenBy(ctx, imageId);
    } catch (NotFoundException e) {
      throw imageNotFound(imageId);
    }
    Image image = seen.image();
    ForbiddenException denied = new ForbiddenException("Not allowed to update members for image " + imageId + ".");
    try {
      if (image.getVisibility() != Visibility.SHARED) {
        throw denied;
      }
      policy.requireMayAnswerShare(ctx, image);
    } catch (ForbiddenException e) {
      throw denied;
    }
    Member member = lookupMember(ctx, image, memberId, seen.callerMembership());
    try {
      policy.modifyMember(ctx, image);
    } catch (ForbiddenException e) {
      throw denied;
    }
    MemberStatus newStatus = MemberStatus.parse(status).orElseThrow(() ->
        new BadRequestException("Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\"."));
    Member updated = member.withStatus(newStatus, clock.now());
    try {
      members.update(updated);
    } catch (NotFoundException notOwn) {
      // no membership of its own: the caller's project holds it through a share with its domain
      // (lookupMember found one), and answers in its own row for that share
      if (ctx.projectDomainId() == null || !memberId.equals(ctx.owner())) {
        throw memberNotFound(image, memberId);
      }
      try {
        sharing.answerAll(List.of(), List.of(new SharingRepository.DomainAnswer(imageId,
            ctx.projectDomainId(), memberId, newStatus, updated.updatedAt())));
      } catch (NotFoundException e) {
        throw memberNotFound(image, memberId);
      }
    }
    notifier.member(Event.MEMBER_UPDATE, ctx, updated);
    return updated;
  }

  /**
   * The owner (or an admin) sets or clears ({@code null}) when a project's membership ends. Only
   * a project's own membership has an expiry of its own; one held through a domain share ends
   * with that share.
   */
  public Member setExpiry(RequestContext ctx, String imageId, String memberId, Instant expiresAt) {
    Image image = image(ctx, imageId);
    ForbiddenException denied = new ForbiddenException("Not allowed to change the expiry of members of image "
        + imageId + ".");
    if (image.getVisibility() != Visibility.SHARED) {
      throw denied;
    }
    try {
      policy.addMember(ctx, image);
    } catch (ForbiddenException e) {
      throw denied;
    }
    requireFuture(expiresAt);
    Member member = members.find(imageId, memberId).orElseThrow(() -> memberNotFound(image, memberId));
    Member updated = member.withExpiresAt(expiresAt, clock.now());
    try {
      members.update(updated);
    } catch (NotFoundException e) {
      throw memberNotFound(image, memberId);
    }
    notifier.member(Event.MEMBER_UPDATE, ctx, updated);
    return updated;
  }

  /** An expiry, when given, must lie ahead. */
  void requireFuture(Instant expiresAt) {
    if (expiresAt != null && !expiresAt.isAfter(clock.now())) {
      throw new BadRequestException("expires_at must be in the future; " + expiresAt + " is not.");
    }
  }

  /** With member checks on, a project the identity service does not know is no member. */
  void requireKnownProject(String projectId) {
    if (!directory.projectExists(projectId)) {
      throw new BadRequestException("Member " + projectId + " is not a project known to the identity"
          + " service.");
    }
  }

  public void remove(RequestContext ctx, String imageId, String memberId) {
    Image image = image(ctx, imageId);
    ForbiddenException denied = new ForbiddenException("Not allowed to delete members for image " + imageId + ".");
    try {
      if (image.getVisibility() != Visibility.SHARED) {
        throw denied;
      }
      policy.requireMayRemoveMember(ctx, image);
    } catch (ForbiddenException e) {
      throw denied;
    }
    Member member = lookupMember(ctx, image, memberId);
    try {
      policy.deleteMember(ctx, image);
    } catch (ForbiddenException e) {
      throw denied;
    }
    if (!members.remove(imageId, memberId, clock.now())) {
      throw memberNotFound(image, memberId);
    }
    notifier.member(Event.MEMBER_DELETE, ctx, member);
  }

  /**
   * Stores a new pending membership within the member quota, which the repository holds under
   * concurrency. TooLargeException (with the quota's words) when the image is full, Conflict when
   * the project is already a member.
   */
  Member store(RequestContext ctx, String imageId, String memberId, boolean canShare) {
    return store(ctx, imageId, memberId, canShare, MemberStatus.PENDING, null);
  }

  private Member store(RequestContext ctx, String imageId, String memberId, boolean canShare,
      MemberStatus status, Instant expiresAt) {
    Instant now = clock.now();
    Member member = new Member(imageId, memberId, status, canShare, now, now, expiresAt);
    FourByteCharacters.checkMember(memberId);
    if (!members.add(member, memberQuota)) {
      throw quotaExceeded(memberQuota + 1);
    }
    notifier.member(Event.MEMBER_CREATE, ctx, member);
    return member;
  }

  /** TooLarge unless an image may have {@code attempted} members. */
  void checkQuota(int attempted) {
    if (memberQuota >= 0 && attempted > memberQuota) {
      throw quotaExceeded(attempted);
    }
  }

  private TooLargeException quotaExceeded(int attempted) {
    return new TooLargeException("The limit has been exceeded on the number of allowed image members for this image. "
        + "Attempted: " + attempted + ", Maximum: " + memberQuota);
  }

  /** Changes a membership's can_share flag (v1) and says so. */
  void setCanShare(RequestContext ctx, Member member, boolean canShare) {
    if (canShare != member.canShare()) {
      Member updated = member.withCanShare(canShare, clock.now());
      members.update(updated);
      notifier.member(Event.MEMBER_UPDATE, ctx, updated);
    }
  }

  /** Ends a membership (v1); false if there was none. */
  boolean end(RequestContext ctx, String imageId, String memberId) {
    Optional<Member> member = members.find(imageId, memberId);
    if (member.isEmpty() || !members.remove(imageId, memberId, clock.now())) {
      return false;
    }
    notifier.member(Event.MEMBER_DELETE, ctx, member.get());
    return true;
  }

  /**
   * The image if the caller may see it. As in Glance, get_image is not checked here: every member
   * action checks it first (ImagePolicy), after the "only shared images" rule.
   */
  /** An image the caller may add members to: shared, and add_member allows it (else 403). */
  Image shareable(RequestContext ctx, String imageId) {
    Image image = image(ctx, imageId);
    ForbiddenException denied = new ForbiddenException("Not allowed to create members for image " + imageId + ".");
    if (image.getVisibility() != Visibility.SHARED) {
      throw denied;
    }
    try {
      policy.addMember(ctx, image);
    } catch (ForbiddenException e) {
      throw denied;
    }
    return image;
  }

  Image image(RequestContext ctx, String imageId) {
    try {
      return lookup.seen(ctx, imageId, false);
    } catch (NotFoundException e) {
      throw imageNotFound(imageId);
    }
  }

  private static NotFoundException imageNotFound(String imageId) {
    return new NotFoundException("Image " + imageId + " not found.");
  }

  /**
   * The membership, if the caller may look it up (the get_member rule) and see it: the owner and
   * admins see every membership, a member only its own.
   */
  private Member lookupMember(RequestContext ctx, Image image, String memberId) {
    return lookupMember(ctx, image, memberId, null);
  }

  /** As above; {@code callerMembership}, when not null, is the caller's own, already read. */
  private Member lookupMember(RequestContext ctx, Image image, String memberId,
      Optional<Member> callerMembership) {
    try {
      policy.getMember(ctx, image);
    } catch (ForbiddenException e) {
      throw new ForbiddenException("You are not authorized to lookup the members of the image "
          + image.getId() + ".");
    }
    boolean mayLook = policy.isOwnerOrAdmin(ctx, image) || memberId.equals(ctx.owner());
    Optional<Member> found;
    if (!mayLook) {
      found = Optional.empty();
    } else if (callerMembership != null && memberId.equals(ctx.owner())) {
      found = callerMembership;
    } else {
      found = lookup.membership(ctx, image.getId(), memberId);
    }
    return found.orElseThrow(() -> memberNotFound(image, memberId));
  }

  private static NotFoundException memberNotFound(Image image, String memberId) {
    return new NotFoundException(memberId + " not found in the member list of the image "
        + image.getId() + ".");
  }
}
