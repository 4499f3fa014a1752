package org.glimpse.core.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.SharingRepository;

/**
 * Loads an image the caller may see, or answers NotFound: existence is never leaked. The one
 * lookup both APIs use; each wraps the NotFound in its own words.
 */
public final class ImageLookup {
  private final ImageRepository images;
  private final MemberRepository members;
  private final SharingRepository sharing;
  private final ImagePolicy policy;

  public ImageLookup(ImageRepository images, MemberRepository members, SharingRepository sharing,
      ImagePolicy policy) {
    this.images = images;
    this.members = members;
    this.sharing = sharing;
    this.policy = policy;
  }

  /** A live image the caller may see and may get (the get_image rule, denied as NotFound). */
  public Image visible(RequestContext ctx, String id) {
    Image image = seen(ctx, id, false);
    policy.getImage(ctx, image);
    return image;
  }

  /**
   * The image if the caller may see it, before any policy rule: v1 applies get_image itself (a
   * denial there is 403). With {@code includeDeleted}, an admin also finds deleted records.
   */
  public Image seen(RequestContext ctx, String id, boolean includeDeleted) {
    Optional<Image> found = includeDeleted && ctx.isAdmin() ? images.findIncludingDeleted(id) : images.find(id);
    Image image = found.orElseThrow(() -> notFound(id));
    if (!policy.canSee(ctx, image, () -> isMember(ctx, image))) {
      throw notFound(id);
    }
    return image;
  }

  /**
   * What {@link #seenBy} found: the live image, and the caller's own current membership of it if
   * deciding whether the caller may see it read that ({@code null} if it did not).
   */
  public record Seen(Image image, Optional<Member> callerMembership) {}

  /**
   * As {@link #seen} for a live image, keeping the caller's membership when it was read, so that
   * a member answering its share does not read it a second time.
   */
  public Seen seenBy(RequestContext ctx, String id) {
    Image image = images.find(id).orElseThrow(() -> notFound(id));
    List<Optional<Member>> read = new ArrayList<>(1);
    boolean sees = policy.canSee(ctx, image, () -> {
      Optional<Member> membership = callerMembership(ctx, image);
      read.add(membership);
      return membership.isPresent();
    });
    if (!sees) {
      throw notFound(id);
    }
    return new Seen(image, read.isEmpty() ? null : read.get(0));
  }

  /**
   * True when the caller's project holds a current membership (in any status) of the image: its
   * own, or through a share with its domain.
   */
  public boolean isMember(RequestContext ctx, Image image) {
    return callerMembership(ctx, image).isPresent();
  }

  private Optional<Member> callerMembership(RequestContext ctx, Image image) {
    if (ctx.owner() == null || image.getVisibility() != Visibility.SHARED) {
      return Optional.empty();
    }
    return membership(ctx, image.getId(), ctx.owner());
  }

  /**
   * The current membership {@code memberId} holds on the image: its own; else, when it is the
   * caller's project (whose domain the request tells), the one it holds through a share with its
   * domain.
   */
  public Optional<Member> membership(RequestContext ctx, String imageId, String memberId) {
    Optional<Member> own = members.find(imageId, memberId);
    if (own.isPresent() || ctx.projectDomainId() == null || !memberId.equals(ctx.owner())) {
      return own;
    }
    return sharing.findDomainMembership(imageId, memberId, ctx.projectDomainId());
  }

  public static NotFoundException notFound(String id) {
    return new NotFoundException("No image found with ID " + id);
  }
}
