package org.glimpse.core.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SharedWithMe;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.glimpse.core.port.ProjectDirectory;
import org.glimpse.core.port.SharingRepository;
import org.glimpse.core.port.SharingRepository.BatchAdded;
import org.glimpse.core.port.SharingRepository.DomainAnswer;
import org.glimpse.core.port.SharingRepository.Trust;
import org.glimpse.core.time.ImageClock;

/**
 * Sharing beyond Glance: many images with many projects (and domains) in one call, a consumer
 * answering many shares at once, shares with a whole Keystone domain, the producers a consumer
 * trusts, and the consumer's inbox. Each batch is checked image by image with the same policy
 * as the one-at-a-time member API, then written in one transaction: all of it or nothing.
 */
public final class SharingService {
  /** Most memberships (images × projects and domains) one batch call may write. */
  public static final int MAX_BATCH = 10_000;
  /** Most entries one inbox page holds. */
  public static final int MAX_INBOX_PAGE = 1000;

  private final MemberRepository members;
  private final SharingRepository sharing;
  private final ProjectDirectory directory;
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final MemberService memberService;
  private final int memberQuota;
  private final Notifier notifier;
  private final ImageClock clock;

  public SharingService(MemberRepository members, SharingRepository sharing, ProjectDirectory directory,
      ImageLookup lookup, ImagePolicy policy, MemberService memberService, int memberQuota,
      Notifier notifier, ImageClock clock) {
    this.members = members;
    this.sharing = sharing;
    this.directory = directory;
    this.lookup = lookup;
    this.policy = policy;
    this.memberService = memberService;
    this.memberQuota = memberQuota;
    this.notifier = notifier;
    this.clock = clock;
  }

  /** One inbox page, the counts per status of the whole inbox, and whether more pages follow. */
  public record Inbox(List<SharedWithMe> entries, Map<MemberStatus, Integer> counts, boolean more) {}

  // --- batches ------------------------------------------------------------------------------------

  /**
   * Shares every image with every project and every domain, until {@code expiresAt} (null: for
   * good). Each image must be one the caller may share (as for POST /v2/images/{id}/members);
   * memberships arrive accepted from producers the member trusts. Memberships that already exist
   * are left as they are. Nothing is written unless all of it is.
   */
  public BatchAdded addAll(RequestContext ctx, List<String> imageIds, List<String> projects,
      List<String> domains, Instant expiresAt) {
    List<String> images = distinct(imageIds, "images");
    List<String> projectIds = distinctOrEmpty(projects);
    List<String> domainIds = distinctOrEmpty(domains);
    if (projectIds.isEmpty() && domainIds.isEmpty()) {
      throw new BadRequestException("Give at least one of projects and domains to share with.");
    }
    requireBatchSize(images.size() * (projectIds.size() + domainIds.size()));
    projectIds.forEach(this::requireId);
    domainIds.forEach(this::requireId);
    memberService.requireFuture(expiresAt);
    projectIds.forEach(memberService::requireKnownProject);
    for (String domain : domainIds) {
      requireKnownDomain(domain);
    }
    Instant now = clock.now();
    List<Member> memberships = new ArrayList<>();
    List<DomainShare> shares = new ArrayList<>();
    Map<String, Set<String>> trustingByOwner = new HashMap<>();
    for (String imageId : images) {
      Image image = shareable(ctx, imageId);
      Set<String> trusting = image.getOwner() == null ? Set.of() : trustingByOwner.computeIfAbsent(
          image.getOwner(), owner -> sharing.consumersTrusting(owner, projectIds));
      for (String project : projectIds) {
        MemberStatus arrives = trusting.contains(project) ? MemberStatus.ACCEPTED : MemberStatus.PENDING;
        memberships.add(new Member(imageId, project, arrives, false, now, now, expiresAt));
      }
      for (String domain : domainIds) {
        shares.add(new DomainShare(imageId, domain, now, now, expiresAt));
      }
    }
    BatchAdded added = sharing.addAll(memberships, shares, memberQuota);
    added.added().forEach(m -> notifier.member(Event.MEMBER_CREATE, ctx, m));
    return added;
  }

  /**
   * Project {@code projectId} (the caller's own, or any for an admin) answers the shares of every
   * image at once: its own memberships, and for the caller's project those it holds through its
   * domain. Nothing is written unless every image has such a share.
   */
  public List<Member> answerAll(RequestContext ctx, List<String> imageIds, String projectId, String status) {
    List<String> images = distinct(imageIds, "images");
    requireBatchSize(images.size());
    if (projectId == null || projectId.isEmpty()) {
      throw new BadRequestException("project_id is required: the project whose shares are answered.");
    }
    MemberStatus newStatus = MemberStatus.parse(status).orElseThrow(() ->
        new BadRequestException("Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\"."));
    Instant now = clock.now();
    List<Member> direct = new ArrayList<>();
    List<DomainAnswer> answers = new ArrayList<>();
    List<Member> answered = new ArrayList<>();
    for (String imageId : images) {
      Image image = image(ctx, imageId);
      ForbiddenException denied = new ForbiddenException("Not allowed to update members for image " + imageId + ".");
      if (image.getVisibility() != Visibility.SHARED) {
        throw denied;
      }
      try {
        policy.requireMayAnswerShare(ctx, image);
        policy.modifyMember(ctx, image);
      } catch (ForbiddenException e) {
        throw denied;
      }
      if (!ctx.isAdmin() && !projectId.equals(ctx.owner())) {
        throw new ForbiddenException("Project " + ctx.owner() + " may not answer shares for project "
            + projectId + ".");
      }
      Optional<Member> own = members.find(imageId, projectId);
      if (own.isPresent()) {
        Member updated = own.get().withStatus(newStatus, now);
        direct.add(updated);
        answered.add(updated);
        continue;
      }
      Member viaDomain = lookup.membership(ctx, imageId, projectId).orElseThrow(() ->
          new NotFoundException(projectId + " not found in the member list of the image " + imageId + "."));
      answers.add(new DomainAnswer(imageId, ctx.projectDomainId(), projectId, newStatus, now));
      answered.add(viaDomain.withStatus(newStatus, now));
    }
    sharing.answerAll(direct, answers);
    answered.forEach(m -> notifier.member(Event.MEMBER_UPDATE, ctx, m));
    return answered;
  }

  /**
   * Ends the memberships of every project and the shares with every domain on every image; each
   * must exist, or nothing is removed.
   */
  public void removeAll(RequestContext ctx, List<String> imageIds, List<String> projects, List<String> domains) {
    List<String> images = distinct(imageIds, "images");
    List<String> projectIds = distinctOrEmpty(projects);
    List<String> domainIds = distinctOrEmpty(domains);
    if (projectIds.isEmpty() && domainIds.isEmpty()) {
      throw new BadRequestException("Give at least one of projects and domains to stop sharing with.");
    }
    requireBatchSize(images.size() * (projectIds.size() + domainIds.size()));
    List<Member> ended = new ArrayList<>();
    List<DomainShare> endedShares = new ArrayList<>();
    for (String imageId : images) {
      Image image = removable(ctx, imageId);
      for (String project : projectIds) {
        ended.add(members.find(imageId, project).orElseThrow(() ->
            new NotFoundException(project + " not found in the member list of the image " + image.getId() + ".")));
      }
      for (String domain : domainIds) {
        endedShares.add(sharing.findDomainShare(imageId, domain).orElseThrow(() -> domainNotFound(imageId, domain)));
      }
    }
    sharing.removeAll(ended, endedShares, clock.now());
    ended.forEach(m -> notifier.member(Event.MEMBER_DELETE, ctx, m));
  }

  // --- shares with one domain -----------------------------------------------------------------------

  public DomainShare shareWithDomain(RequestContext ctx, String imageId, String domainId, Instant expiresAt) {
    BatchAdded added = addAll(ctx, List.of(imageId), List.of(), List.of(domainId), expiresAt);
    if (added.addedDomains().isEmpty()) {
      throw new ConflictException("Image " + imageId + " is already shared with domain " + domainId + ".");
    }
    return added.addedDomains().get(0);
  }

  /** The image's domain shares: for its owner and admins (as the member list is). */
  public List<DomainShare> domainShares(RequestContext ctx, String imageId) {
    Image image = image(ctx, imageId);
    if (image.getVisibility() != Visibility.SHARED) {
      throw new ForbiddenException("Only shared images have members.");
    }
    policy.getMembers(ctx, image);
    if (!policy.isOwnerOrAdmin(ctx, image)) {
      throw new ForbiddenException("Only the owner of image " + imageId + " sees the domains it is shared with.");
    }
    return sharing.listDomainShares(imageId);
  }

  public DomainShare domainShare(RequestContext ctx, String imageId, String domainId) {
    domainShares(ctx, imageId);
    return sharing.findDomainShare(imageId, domainId).orElseThrow(() -> domainNotFound(imageId, domainId));
  }

  public DomainShare setDomainExpiry(RequestContext ctx, String imageId, String domainId, Instant expiresAt) {
    shareable(ctx, imageId);
    memberService.requireFuture(expiresAt);
    DomainShare share = sharing.findDomainShare(imageId, domainId).orElseThrow(() -> domainNotFound(imageId, domainId));
    DomainShare updated = share.withExpiresAt(expiresAt, clock.now());
    sharing.updateDomainShare(updated);
    return updated;
  }

  public void unshareWithDomain(RequestContext ctx, String imageId, String domainId) {
    removable(ctx, imageId);
    if (!sharing.removeDomainShare(imageId, domainId)) {
      throw domainNotFound(imageId, domainId);
    }
  }

  // --- trusted producers ------------------------------------------------------------------------------

  public List<Trust> trusted(RequestContext ctx, String consumer) {
    policy.manageTrustedProducers(ctx, consumer);
    return sharing.trusted(consumer);
  }

  public Trust trust(RequestContext ctx, String consumer, String producer) {
    policy.manageTrustedProducers(ctx, consumer);
    requireId(producer);
    memberService.requireKnownProject(producer);
    if (producer.equals(consumer)) {
      throw new BadRequestException("A project does not need to trust itself.");
    }
    return sharing.trust(consumer, producer, clock.now());
  }

  public void untrust(RequestContext ctx, String consumer, String producer) {
    policy.manageTrustedProducers(ctx, consumer);
    if (!sharing.untrust(consumer, producer)) {
      throw new NotFoundException("Project " + consumer + " does not trust " + producer + ".");
    }
  }

  // --- the inbox ----------------------------------------------------------------------------------------

  /**
   * What has been shared with the caller's project (directly or through its domain), by whom, in
   * which state, since when: a page after the image {@code marker} (which must be in the inbox),
   * in {@code status} (null: all), with the counts of the whole inbox per status.
   */
  public Inbox inbox(RequestContext ctx, MemberStatus status, String marker, int limit) {
    policy.getImages(ctx);
    if (ctx.owner() == null) {
      throw new BadRequestException("The inbox belongs to a project: the request names none.");
    }
    if (limit < 0 || limit > MAX_INBOX_PAGE) {
      throw new BadRequestException("limit must be between 0 and " + MAX_INBOX_PAGE + ".");
    }
    SharedWithMe after = null;
    if (marker != null) {
      after = sharing.inboxEntry(ctx.owner(), ctx.projectDomainId(), marker).orElseThrow(() ->
          new BadRequestException("marker " + marker + " is not an image in the inbox."));
    }
    List<SharedWithMe> page = sharing.inbox(ctx.owner(), ctx.projectDomainId(), status, after, limit + 1);
    boolean more = page.size() > limit;
    return new Inbox(more ? page.subList(0, limit) : page,
        sharing.inboxCounts(ctx.owner(), ctx.projectDomainId()), more);
  }

  // --- checks -------------------------------------------------------------------------------------------

  /** An image the caller may add members to (as POST /v2/images/{id}/members checks it). */
  private Image shareable(RequestContext ctx, String imageId) {
    return memberService.shareable(ctx, imageId);
  }

  /** An image the caller may remove members from (as DELETE …/members/{id} checks it). */
  private Image removable(RequestContext ctx, String imageId) {
    Image image = image(ctx, imageId);
    ForbiddenException denied = new ForbiddenException("Not allowed to delete members for image " + imageId + ".");
    if (image.getVisibility() != Visibility.SHARED) {
      throw denied;
    }
    try {
      policy.requireMayRemoveMember(ctx, image);
      policy.deleteMember(ctx, image);
    } catch (ForbiddenException e) {
      throw denied;
    }
    return image;
  }

  private Image image(RequestContext ctx, String imageId) {
    return memberService.image(ctx, imageId);
  }

  private void requireKnownDomain(String domainId) {
    if (!directory.domainExists(domainId)) {
      throw new BadRequestException("Domain " + domainId + " is not known to the identity service.");
    }
  }

  private void requireId(String id) {
    if (id.isEmpty() || id.length() > MemberService.MAX_MEMBER_ID) {
      throw new BadRequestException("A project or domain id must have 1 to " + MemberService.MAX_MEMBER_ID
          + " characters: '" + id + "' has " + id.length() + ".");
    }
  }

  private static void requireBatchSize(int size) {
    if (size > MAX_BATCH) {
      throw new BadRequestException("A batch may write at most " + MAX_BATCH + " shares; this one asks "
          + size + ".");
    }
  }

  private static List<String> distinct(List<String> values, String what) {
    if (values == null || values.isEmpty()) {
      throw new BadRequestException(what + " must list at least one id.");
    }
    return List.copyOf(new LinkedHashSet<>(values));
  }

  private static List<String> distinctOrEmpty(List<String> values) {
    return values == null ? List.of() : List.copyOf(new LinkedHashSet<>(values));
  }

  private static NotFoundException domainNotFound(String imageId, String domainId) {
    return new NotFoundException("Image " + imageId + " is not shared with domain " + domainId + ".");
  }
}
