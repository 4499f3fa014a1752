package org.glimpse.core.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.PolicyAction;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.MemberRepository;

/**
 * Image sharing as v1 knows it, on the same member rows as v2: a v1 member is a v2 member (new
 * ones start {@code pending}) whose {@code can_share} flag says whether it may share further.
 *
 * <p>Who may share: the owner and admins manage every membership; a member with {@code can_share}
 * (a sharer) may add new members and change or drop its own entry, never touch others'; anyone
 * else who can see the image gets NotFound, as if there were nothing to share. v1 ignores the v2
 * member status: a pending or rejected member is a member.
 */
public final class V1MemberService {
  private final MemberRepository members;
  private final MemberService sharing;
  private final ImageRepository images;
  private final V1ImageService v1Images;
  private final ImagePolicy policy;

  /** How much of an image's sharing the caller controls. */
  private enum Grant { ALL, SHARER, NONE }

  public V1MemberService(MemberRepository members, MemberService sharing, ImageRepository images,
      V1ImageService v1Images, ImagePolicy policy) {
    this.members = members;
    this.sharing = sharing;
    this.images = images;
    this.v1Images = v1Images;
    this.policy = policy;
  }

  /** The owner and admins see every membership; anyone else who sees the image, only its own. */
  public List<Member> list(RequestContext ctx, String imageId) {
    Image image;
    if (policy.ownerChecks()) {
      policy.enforceUntargeted(PolicyAction.GET_MEMBERS, ctx);
      image = image(ctx, imageId);
    } else {
      image = image(ctx, imageId);
      policy.enforceOn(PolicyAction.GET_MEMBERS, ctx, image);
    }
    List<Member> all = members.listForImage(imageId);
    if (policy.isOwnerOrAdmin(ctx, image)) {
      return all;
    }
    return all.stream().filter(m -> m.memberId().equals(ctx.owner())).toList();
  }

  /**
   * Adds a member, or sets the {@code can_share} of an existing one when {@code canShare} is not
   * null. A sharer naming someone else's existing membership changes nothing.
   */
  public void put(RequestContext ctx, String imageId, String memberId, Boolean canShare) {
    checkMemberId(memberId);
    Image image = writable(ctx, imageId, PolicyAction.MODIFY_MEMBER);
    Optional<Member> existing = members.find(imageId, memberId);
    if (existing.isEmpty()) {
      sharing.checkQuota(members.count(imageId) + 1);
    }
    Grant grant = grant(ctx, image);
    if (grant == Grant.NONE) {
      throw noPermission();
    }
    if (existing.isPresent()) {
      if (mayChange(ctx, grant, memberId)) {
        setCanShare(ctx, existing.get(), canShare);
      }
      return;
    }
    add(ctx, imageId, memberId, canShare);
  }

  /**
   * Replaces the membership list. For the owner and admins the result is exactly the list: a
   * listed member that exists keeps its flag unless the entry gives one, and so does one that was
   * removed before (it gets back the flag it had then), as v1's registry restored the membership
   * record. A sharer only adds new members and keeps or drops its own entry; others' memberships
   * stay as they are. Later entries for the same member win.
   */
  public void replace(RequestContext ctx, String imageId, List<V1Membership> requested) {
    Map<String, Boolean> wanted = new LinkedHashMap<>();
    for (V1Membership m : requested) {
      checkMemberId(m.memberId());
      wanted.remove(m.memberId());
      wanted.put(m.memberId(), m.canShare());
    }
    Image image = writable(ctx, imageId, PolicyAction.MODIFY_MEMBER);
    Map<String, Member> current = members.listForImage(imageId).stream()
        .collect(Collectors.toMap(Member::memberId, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    Grant grant = grant(ctx, image);
    long added = wanted.keySet().stream().filter(id -> !current.containsKey(id)).count();
    boolean dropsSelf = grant == Grant.SHARER && !wanted.containsKey(ctx.owner());
    int resulting = grant == Grant.ALL ? wanted.size() : (int) (current.size() + added - (dropsSelf ? 1 : 0));
    if (!wanted.isEmpty()) {
      sharing.checkQuota(resulting);
    }
    if (grant == Grant.NONE) {
      throw noPermission();
    }
    for (String memberId : current.keySet()) {
      boolean removable = grant == Grant.ALL || memberId.equals(ctx.owner());
      if (removable && !wanted.containsKey(memberId)) {
        sharing.end(ctx, imageId, memberId);
      }
    }
    for (Map.Entry<String, Boolean> w : wanted.entrySet()) {
      Member existing = current.get(w.getKey());
      if (existing == null) {
        Boolean canShare = w.getValue();
        if (canShare == null && grant == Grant.ALL) {
          canShare = members.findRemoved(imageId, w.getKey()).map(Member::canShare).orElse(null);
        }
        add(ctx, imageId, w.getKey(), canShare);
      } else if (mayChange(ctx, grant, w.getKey())) {
        setCanShare(ctx, existing, w.getValue());
      }
    }
  }

  /** Ends a membership: the owner and admins any, a sharer only its own. */
  public void remove(RequestContext ctx, String imageId, String memberId) {
    Image image = writable(ctx, imageId, PolicyAction.DELETE_MEMBER);
    Grant grant = grant(ctx, image);
    if (grant == Grant.NONE) {
      throw noPermission();
    }
    boolean allowed = grant == Grant.ALL || memberId.equals(ctx.owner());
    if (!allowed || !sharing.end(ctx, imageId, memberId)) {
      throw new NotFoundException("Membership could not be found.");
    }
  }

  /**
   * The memberships {@code memberId} holds on images that are not deleted, as far as the caller
   * may know them: all for an admin or for the member itself, otherwise only those on images the
   * caller owns. Never an error.
   */
  public List<Member> sharedWith(RequestContext ctx, String memberId) {
    if (!ctx.isAdmin() && ctx.owner() == null) {
      return List.of();
    }
    List<Member> held = members.listForMember(memberId);
    if (ctx.isAdmin() || memberId.equals(ctx.owner())) {
      return held;
    }
    return held.stream()
        .filter(m -> images.find(m.imageId()).map(i -> ctx.owner().equals(i.getOwner())).orElse(false))
        .toList();
  }

  /**
   * The checks every write shares, in v1's order: identity, policy, image, not deleted. Under
   * Glance's new defaults (no legacy owner checks) the rules are written for v2's targets, so v1
   * checks them as v2 does, on the image once it is found: sharing (adding or replacing members)
   * is v2's add_member, ending a membership delete_member.
   */
  private Image writable(RequestContext ctx, String imageId, PolicyAction action) {
    policy.requireProject(ctx);
    if (policy.ownerChecks()) {
      policy.enforceUntargeted(action, ctx);
      return image(ctx, imageId);
    }
    Image image = image(ctx, imageId);
    policy.enforceOn(action == PolicyAction.MODIFY_MEMBER ? PolicyAction.ADD_MEMBER : action, ctx, image);
    return image;
  }

  private Image image(RequestContext ctx, String imageId) {
    Image image = v1Images.visible(ctx, imageId, true);
    if (image.isDeleted()) {
      throw new NotFoundException("Image with identifier " + imageId + " has been deleted.");
    }
    return image;
  }

  private Grant grant(RequestContext ctx, Image image) {
    if (policy.isOwnerOrAdmin(ctx, image)) {
      return Grant.ALL;
    }
    if (ctx.owner() != null
        && members.find(image.getId(), ctx.owner()).map(Member::canShare).orElse(false)) {
      return Grant.SHARER;
    }
    return Grant.NONE;
  }

  private static boolean mayChange(RequestContext ctx, Grant grant, String memberId) {
    return grant == Grant.ALL || (grant == Grant.SHARER && memberId.equals(ctx.owner()));
  }

  private void add(RequestContext ctx, String imageId, String memberId, Boolean canShare) {
    try {
      sharing.store(ctx, imageId, memberId, Boolean.TRUE.equals(canShare));
    } catch (ConflictException e) {
      // added meanwhile by another request: one membership either way, as asked
    }
  }

  private void setCanShare(RequestContext ctx, Member member, Boolean canShare) {
    if (canShare != null) {
      sharing.setCanShare(ctx, member, canShare);
    }
  }

  private static void checkMemberId(String memberId) {
    if (memberId == null || memberId.isEmpty() || memberId.length() > MemberService.MAX_MEMBER_ID) {
      throw new BadRequestException("Invalid membership association: member_id must be 1 to "
          + MemberService.MAX_MEMBER_ID + " characters");
    }
  }

  private static NotFoundException noPermission() {
    return new NotFoundException("No permission to share that image");
  }

}
