package org.glimpse.core.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Visibility;

/**
 * Who may do what with images and their members: one method per Glance policy action, each
 * throwing when the caller may not. Combines the configurable rules ({@link Policy}) with the
 * ownership checks Glance hard-codes while its legacy defaults are in force, and carries the
 * property protections ({@link #properties()}).
 *
 * <p>Denials on an existing image follow Glance: when the caller may not even see the image the
 * answer is NotFound, so that an image's existence is never leaked.
 */
public final class ImagePolicy {
  private final Policy rules;
  private final PropertyProtections properties;

  /** The given rules, with property protections off. */
  public ImagePolicy(Policy rules) {
    this(rules, PropertyProtections.none());
  }

  public ImagePolicy(Policy rules, PropertyProtections properties) {
    this.rules = rules;
    this.properties = properties;
  }

  /** Who may create, read, update and delete which custom properties. */
  public PropertyProtections properties() {
    return properties;
  }

  /**
   * Glance's visibility rule: admins see everything; public and community images and images with
   * no owner are seen by all; otherwise the owner sees it, and so does a project holding a
   * membership (in any status) of a shared image.
   */
  public boolean canSee(RequestContext ctx, Image image, boolean callerIsMember) {
    if (ctx.isAdmin() || image.getOwner() == null) {
      return true;
    }
    if (image.getVisibility() == Visibility.PUBLIC || image.getVisibility() == Visibility.COMMUNITY) {
      return true;
    }
    if (ctx.owner() == null) {
      return false;
    }
    return ctx.owner().equals(image.getOwner())
        || (image.getVisibility() == Visibility.SHARED && callerIsMember);
  }

  public boolean isOwnerOrAdmin(RequestContext ctx, Image image) {
    return ctx.isAdmin() || (ctx.owner() != null && ctx.owner().equals(image.getOwner()));
  }

  public void getImages(RequestContext ctx) {
    rules.enforce("get_images", ctx, Map.of());
  }

  /** Creating an image owned by {@code owner} with the given visibility. */
  public void addImage(RequestContext ctx, String owner, Visibility visibility) {
    Map<String, String> target = new HashMap<>();
    target.put("owner", owner);
    target.put("project_id", owner);
    target.put("visibility", visibility.wire());
    boolean foreignOwner = !Objects.equals(owner, ctx.projectId());
    if (!rules.allows("add_image", ctx, target)) {
      if (foreignOwner) {
        throw foreignOwner(owner);
      }
      rules.enforce("add_image", ctx, target);
    }
    enforceVisibility(ctx, visibility, target);
    if (foreignOwner && !ctx.isAdmin()) {
      throw foreignOwner(owner);
    }
  }

  private static ForbiddenException foreignOwner(String owner) {
    return new ForbiddenException("You are not permitted to create images owned by '" + owner + "'.");
  }

  public void getImage(RequestContext ctx, Image image) {
    if (!rules.allows("get_image", ctx, target(image))) {
      throw notFound(image);
    }
  }

  public void downloadImage(RequestContext ctx, Image image) {
    enforce("download_image", ctx, image);
  }

  public void modifyImage(RequestContext ctx, Image image) {
    enforce("modify_image", ctx, image);
    requireOwner(ctx, image);
  }

  /** Changing visibility is a modification, and making an image public or community needs more. */
  public void changeVisibility(RequestContext ctx, Image image, Visibility visibility) {
    enforceVisibility(ctx, visibility, target(image));
    modifyImage(ctx, image);
  }

  public void deleteImage(RequestContext ctx, Image image) {
    enforce("delete_image", ctx, image);
    requireOwner(ctx, image);
  }

  public void uploadImage(RequestContext ctx, Image image) {
    enforce("upload_image", ctx, image);
    requireOwner(ctx, image);
  }

  public void deactivateImage(RequestContext ctx, Image image) {
    enforce("deactivate", ctx, image);
    requireOwner(ctx, image);
  }

  public void reactivateImage(RequestContext ctx, Image image) {
    enforce("reactivate", ctx, image);
    requireOwner(ctx, image);
  }

  public void getMembers(RequestContext ctx, Image image) {
    getImage(ctx, image);
    rules.enforce("get_members", ctx, target(image));
  }

  /** Soft check used to filter a member list, as Glance does. */
  public boolean mayGetMember(RequestContext ctx, Image image) {
    return rules.allows("get_member", ctx, target(image));
  }

  public void getMember(RequestContext ctx, Image image) {
    getImage(ctx, image);
    rules.enforce("get_member", ctx, target(image));
  }

  public void addMember(RequestContext ctx, Image image) {
    getImage(ctx, image);
    rules.enforce("add_member", ctx, target(image));
  }

  public void modifyMember(RequestContext ctx, Image image) {
    getImage(ctx, image);
    rules.enforce("modify_member", ctx, target(image));
  }

  public void deleteMember(RequestContext ctx, Image image) {
    getImage(ctx, image);
    rules.enforce("delete_member", ctx, target(image));
  }

  /** v1 policy actions that have no v2 counterpart (copy_from, set_image_location, …). */
  public void enforceRule(String action, RequestContext ctx, Image image) {
    rules.enforce(action, ctx, image == null ? Map.of() : target(image));
  }

  public boolean allowsRule(String action, RequestContext ctx, Image image) {
    return rules.allows(action, ctx, image == null ? Map.of() : target(image));
  }

  private void enforceVisibility(RequestContext ctx, Visibility visibility, Map<String, String> target) {
    if (visibility == Visibility.PUBLIC) {
      rules.enforce("publicize_image", ctx, target);
    } else if (visibility == Visibility.COMMUNITY) {
      rules.enforce("communitize_image", ctx, target);
    }
  }

  private void enforce(String action, RequestContext ctx, Image image) {
    Map<String, String> target = target(image);
    if (!rules.allows(action, ctx, target)) {
      if (!rules.allows("get_image", ctx, target)) {
        throw notFound(image);
      }
      rules.enforce(action, ctx, target);
    }
  }

  private static void requireOwner(RequestContext ctx, Image image) {
    if (ctx.isAdmin()) {
      return;
    }
    if (image.getOwner() == null || ctx.owner() == null || !image.getOwner().equals(ctx.owner())) {
      throw new ForbiddenException("You do not own this image");
    }
  }

  private static NotFoundException notFound(Image image) {
    return new NotFoundException("No image found with ID " + image.getId());
  }

  private static Map<String, String> target(Image image) {
    Map<String, String> t = new HashMap<>();
    t.put("id", image.getId());
    if (image.getOwner() != null) {
      t.put("owner", image.getOwner());
      t.put("project_id", image.getOwner());
    }
    t.put("visibility", image.getVisibility().wire());
    t.put("status", image.getStatus().wire());
    t.put("protected", Boolean.toString(image.isProtected()));
    return t;
  }
}
