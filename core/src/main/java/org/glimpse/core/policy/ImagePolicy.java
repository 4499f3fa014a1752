package org.glimpse.core.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.UnauthorizedException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Visibility;

/**
 * The one place that decides who may do what with images and their members, for v1 and v2: one
 * method per {@link PolicyAction}, each throwing when the caller may not. It combines the
 * configurable rules ({@link Policy}), evaluated on targets built field for field as Glance builds
 * them, with the rules Glance hard-codes: who sees which image, the owner-or-admin checks of its
 * legacy mode, and what anonymous callers may do. It also carries the property protections.
 *
 * <p>Denials on an existing image follow Glance: when the caller may not even see the image the
 * answer is NotFound, so that an image's existence is never leaked.
 */
public final class ImagePolicy {
  private final Policy rules;
  private final PropertyProtections properties;
  private final boolean ownerChecks;

  /** The given rules, with property protections off. */
  public ImagePolicy(Policy rules) {
    this(rules, PropertyProtections.none());
  }

  public ImagePolicy(Policy rules, PropertyProtections properties) {
    this(rules, properties, true);
  }

  /**
   * @param ownerChecks Glance's hard-coded owner-or-admin checks on image and member changes, on
   *     unless the operator enforces secure RBAC (then the rules alone decide)
   * @throws InvalidRuleException if the rules lack one of the actions Glimpse checks
   */
  public ImagePolicy(Policy rules, PropertyProtections properties, boolean ownerChecks) {
    this.rules = rules.requireRules(
        Arrays.stream(PolicyAction.values()).map(PolicyAction::rule).toList(), "Glimpse");
    this.properties = properties;
    this.ownerChecks = ownerChecks;
  }

  /** Who may create, read, update and delete which custom properties. */
  public PropertyProtections properties() {
    return properties;
  }

  // --- who sees what, who owns what, and anonymous callers -------------------------------------

  /**
   * Glance's visibility rule: admins see everything; public and community images and images with
   * no owner are seen by all; otherwise the owner sees it, and so does a project holding a
   * membership (in any status) of a shared image. {@code callerIsMember} is asked only in that
   * last case, so the owner's and an admin's reads look no membership up.
   */
  public boolean canSee(RequestContext ctx, Image image, BooleanSupplier callerIsMember) {
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
        || (image.getVisibility() == Visibility.SHARED && callerIsMember.getAsBoolean());
  }

  public boolean isOwnerOrAdmin(RequestContext ctx, Image image) {
    return ctx.isAdmin() || isOwner(ctx, image);
  }

  public boolean isOwner(RequestContext ctx, Image image) {
    return ctx.owner() != null && ctx.owner().equals(image.getOwner());
  }

  /** An anonymous caller only reads (with allow_anonymous_access). */
  public void requireWriteAccess(RequestContext ctx) {
    if (!ctx.authenticated()) {
      throw new ForbiddenException("Read-only access");
    }
  }

  /**
   * Glance asks an anonymous caller (v1 and v2) to authenticate unless anonymous access is
   * allowed; then the caller only reads.
   */
  public void requireAuthenticated(RequestContext ctx, boolean allowAnonymous, boolean write) {
    if (!ctx.authenticated()) {
      if (!allowAnonymous) {
        throw new UnauthorizedException("This server could not verify that you are authorized to "
            + "access the document you requested. Either you supplied the wrong credentials (e.g., bad "
            + "password), or your browser does not understand how to supply the credentials required.");
      }
      if (write) {
        requireWriteAccess(ctx);
      }
    }
  }

  /** v1 membership changes need a caller with a project (or an admin). */
  public void requireProject(RequestContext ctx) {
    if (ctx.owner() == null && !ctx.isAdmin()) {
      throw new UnauthorizedException("No authenticated user");
    }
  }

  /**
   * Glance's legacy owner check on changes ({@code check_is_image_mutable}): admins and the
   * owner only. Off when secure RBAC is enforced.
   */
  public void requireOwner(RequestContext ctx, Image image) {
    if (ownerChecks && !ctx.isAdmin() && !isOwner(ctx, image)) {
      throw new ForbiddenException("You do not own this image");
    }
  }

  /** Whether Glance's legacy owner checks are in force (no secure RBAC). */
  public boolean ownerChecks() {
    return ownerChecks;
  }

  // --- image actions ----------------------------------------------------------------------------

  /** Listing: Glance's target is the caller's own project. */
  public void getImages(RequestContext ctx) {
    Map<String, String> target = new HashMap<>();
    target.put("project_id", ctx.projectId());
    rules.enforce(PolicyAction.GET_IMAGES.rule(), ctx, target);
  }

  /** Creating an image owned by {@code owner} with the given visibility. */
  public void addImage(RequestContext ctx, String owner, Visibility visibility) {
    Map<String, String> target = new HashMap<>();
    target.put("owner", owner);
    target.put("project_id", owner);
    target.put("visibility", visibility.wire());
    boolean foreignOwner = !Objects.equals(owner, ctx.projectId());
    if (!allows(PolicyAction.ADD_IMAGE, ctx, target)) {
      if (foreignOwner) {
        throw foreignOwner(owner);
      }
      rules.enforce(PolicyAction.ADD_IMAGE.rule(), ctx, target);
    }
    enforceVisibility(ctx, visibility, target);
    if (ownerChecks && foreignOwner && !ctx.isAdmin()) {
      throw foreignOwner(owner);
    }
  }

  public void getImage(RequestContext ctx, Image image) {
    if (!allows(PolicyAction.GET_IMAGE, ctx, target(ctx, image))) {
      throw notFound(image);
    }
  }

  /** The location API's add (v2.17): Forbidden where the caller sees the image, else NotFound. */
  public void addImageLocation(RequestContext ctx, Image image) {
    enforce(PolicyAction.ADD_IMAGE_LOCATION, ctx, image);
  }

  /** The location API's list (v2.17): the service role by default. */
  public void fetchImageLocation(RequestContext ctx, Image image) {
    enforce(PolicyAction.FETCH_IMAGE_LOCATION, ctx, image);
  }

  public void downloadImage(RequestContext ctx, Image image) {
    enforce(PolicyAction.DOWNLOAD_IMAGE, ctx, image);
  }

  public void modifyImage(RequestContext ctx, Image image) {
    enforce(PolicyAction.MODIFY_IMAGE, ctx, image);
    requireOwner(ctx, image);
  }

  /**
   * copy-image: the rule alone decides (admins, by Glance's defaults), with no owner check, so an
   * admin may copy another project's image; the copy runs with the task's own rights.
   */
  public void copyImage(RequestContext ctx, Image image) {
    enforce(PolicyAction.COPY_IMAGE, ctx, image);
  }

  /** Changing visibility is a modification, and making an image public or community needs more. */
  public void changeVisibility(RequestContext ctx, Image image, Visibility visibility) {
    enforceVisibility(ctx, visibility, target(ctx, image));
    modifyImage(ctx, image);
  }

  public void deleteImage(RequestContext ctx, Image image) {
    enforce(PolicyAction.DELETE_IMAGE, ctx, image);
    requireOwner(ctx, image);
  }

  public void uploadImage(RequestContext ctx, Image image) {
    enforce(PolicyAction.UPLOAD_IMAGE, ctx, image);
    requireOwner(ctx, image);
  }

  public void deactivateImage(RequestContext ctx, Image image) {
    enforce(PolicyAction.DEACTIVATE, ctx, image);
    requireOwner(ctx, image);
  }

  public void reactivateImage(RequestContext ctx, Image image) {
    enforce(PolicyAction.REACTIVATE, ctx, image);
    requireOwner(ctx, image);
  }

  // --- task actions: the tasks API needs tasks_api_access (admin by default) and then the action

  /** Any call of the tasks API ({@code /v2/tasks}). */
  public void tasksApiAccess(RequestContext ctx) {
    rules.enforce(PolicyAction.TASKS_API_ACCESS.rule(), ctx, projectTarget(ctx));
  }

  public void getTasks(RequestContext ctx) {
    rules.enforce(PolicyAction.GET_TASKS.rule(), ctx, projectTarget(ctx));
  }

  public void getTask(RequestContext ctx) {
    rules.enforce(PolicyAction.GET_TASK.rule(), ctx, projectTarget(ctx));
  }

  public void addTask(RequestContext ctx) {
    rules.enforce(PolicyAction.ADD_TASK.rule(), ctx, projectTarget(ctx));
  }

  private static Map<String, String> projectTarget(RequestContext ctx) {
    Map<String, String> target = new HashMap<>();
    target.put("project_id", ctx.projectId());
    return target;
  }

  // --- member actions: each first needs get_image, on the image's target ------------------------

  public void getMembers(RequestContext ctx, Image image) {
    memberAction(PolicyAction.GET_MEMBERS, ctx, image);
  }

  /** Soft check used to filter a member list, as Glance does. */
  public boolean mayGetMember(RequestContext ctx, Image image) {
    return allows(PolicyAction.GET_MEMBER, ctx, target(ctx, image));
  }

  public void getMember(RequestContext ctx, Image image) {
    memberAction(PolicyAction.GET_MEMBER, ctx, image);
  }

  /** Sharing an image: in legacy mode only its owner or an admin, then the add_member rule. */
  public void addMember(RequestContext ctx, Image image) {
    if (ownerChecks && !isOwnerOrAdmin(ctx, image)) {
      throw new ForbiddenException("You are not permitted to create image members for the image.");
    }
    memberAction(PolicyAction.ADD_MEMBER, ctx, image);
  }

  /** In legacy mode the owner may not answer a share for its members (admins may). */
  public void requireMayAnswerShare(RequestContext ctx, Image image) {
    if (ownerChecks && !ctx.isAdmin() && isOwner(ctx, image)) {
      throw new ForbiddenException("You are not permitted to modify 'status' on this image member.");
    }
  }

  public void modifyMember(RequestContext ctx, Image image) {
    memberAction(PolicyAction.MODIFY_MEMBER, ctx, image);
  }

  /** In legacy mode only the owner or an admin ends a membership. */
  public void requireMayRemoveMember(RequestContext ctx, Image image) {
    if (ownerChecks && !isOwnerOrAdmin(ctx, image)) {
      throw new ForbiddenException("You cannot delete image member.");
    }
  }

  public void deleteMember(RequestContext ctx, Image image) {
    memberAction(PolicyAction.DELETE_MEMBER, ctx, image);
  }

  // --- the image cache API: Forbidden when denied, the image as target when there is one -------

  /** Anything through Glance's older cache management middleware ({@code manage_image_cache}). */
  public void manageImageCache(RequestContext ctx) {
    rules.enforce(PolicyAction.MANAGE_IMAGE_CACHE.rule(), ctx, Map.of());
  }

  /** Queueing an image the caller sees for caching ({@code cache_image}). */
  public void cacheImage(RequestContext ctx, Image image) {
    rules.enforce(PolicyAction.CACHE_IMAGE.rule(), ctx, target(ctx, image));
  }

  /** Listing the cache and its queue ({@code cache_list}). */
  public void cacheList(RequestContext ctx) {
    rules.enforce(PolicyAction.CACHE_LIST.rule(), ctx, Map.of());
  }

  /**
   * Removing from the cache and the queue ({@code cache_delete}): on {@code image} when the
   * request names one the caller sees, else (the whole cache, or an id only the cache knows) with
   * an empty target, as Glance.
   */
  public void cacheDelete(RequestContext ctx, Image image) {
    rules.enforce(PolicyAction.CACHE_DELETE.rule(), ctx, image == null ? Map.of() : target(ctx, image));
  }

  /** Cleaning invalid and stalled entries out of the cache ({@code cache_clean}). */
  public void cacheClean(RequestContext ctx) {
    rules.enforce(PolicyAction.CACHE_CLEAN.rule(), ctx, Map.of());
  }

  /** Pruning the cache to its maximum size ({@code cache_prune}). */
  public void cachePrune(RequestContext ctx) {
    rules.enforce(PolicyAction.CACHE_PRUNE.rule(), ctx, Map.of());
  }

  /**
   * Reading or changing the producers {@code consumer} trusts: only the consumer project itself
   * or an admin, whatever the rules say (a producer must never write its way into a consumer's
   * listings), then the manage_trusted_producers rule on a target whose project_id is the
   * consumer.
   */
  public void manageTrustedProducers(RequestContext ctx, String consumer) {
    if (!ctx.isAdmin() && (ctx.owner() == null || !ctx.owner().equals(consumer))) {
      throw new ForbiddenException("Only project " + consumer + " (or an admin) manages the"
          + " producers it trusts.");
    }
    Map<String, String> target = new HashMap<>();
    target.put("project_id", consumer);
    rules.enforce(PolicyAction.MANAGE_TRUSTED_PRODUCERS.rule(), ctx, target);
  }

  // --- checks without a loaded image (v1 checks some actions before it looks the image up) ------

  /** The action on the image, as Forbidden (never NotFound): for callers who already see it. */
  public void enforceOn(PolicyAction action, RequestContext ctx, Image image) {
    rules.enforce(action.rule(), ctx, target(ctx, image));
  }

  /** The action with an empty target, as v1 checks it before loading the image. */
  public void enforceUntargeted(PolicyAction action, RequestContext ctx) {
    rules.enforce(action.rule(), ctx, Map.of());
  }

  private void memberAction(PolicyAction action, RequestContext ctx, Image image) {
    getImage(ctx, image);
    rules.enforce(action.rule(), ctx, target(ctx, image));
  }

  private void enforceVisibility(RequestContext ctx, Visibility visibility, Map<String, String> target) {
    if (visibility == Visibility.PUBLIC) {
      rules.enforce(PolicyAction.PUBLICIZE_IMAGE.rule(), ctx, target);
    } else if (visibility == Visibility.COMMUNITY) {
      rules.enforce(PolicyAction.COMMUNITIZE_IMAGE.rule(), ctx, target);
    }
  }

  /** Forbidden where the caller may see the image, NotFound where it may not. */
  private void enforce(PolicyAction action, RequestContext ctx, Image image) {
    Map<String, String> target = target(ctx, image);
    if (!allows(action, ctx, target)) {
      if (!allows(PolicyAction.GET_IMAGE, ctx, target)) {
        throw notFound(image);
      }
      rules.enforce(action.rule(), ctx, target);
    }
  }

  private boolean allows(PolicyAction action, RequestContext ctx, Map<String, String> target) {
    return rules.allows(action.rule(), ctx, target);
  }

  private static ForbiddenException foreignOwner(String owner) {
    // None: how Glance, in Python, names the owner of an image that has none
    return new ForbiddenException("You are not permitted to create images owned by '"
        + (owner == null ? "None" : owner) + "'.");
  }

  private static NotFoundException notFound(Image image) {
    return new NotFoundException("No image found with ID " + image.getId());
  }

  /**
   * The image as Glance's policy target shows it: its custom properties, then its attributes by
   * their API names ({@code project_id} is the owner), and {@code member_id}: the caller's project
   * when the image is shared and the caller is not its owner (Glance found such an image through
   * a membership), else absent. Booleans read as Python prints them.
   */
  static Map<String, String> target(RequestContext ctx, Image image) {
    Map<String, String> t = new HashMap<>();
    image.getProperties().forEach((k, v) -> {
      if (v != null) {
        t.put(k, v);
      }
    });
    t.put("id", image.getId());
    put(t, "name", image.getName());
    put(t, "owner", image.getOwner());
    put(t, "project_id", image.getOwner());
    t.put("visibility", image.getVisibility().wire());
    t.put("status", image.getStatus().wire());
    t.put("protected", python(image.isProtected()));
    t.put("os_hidden", python(image.isOsHidden()));
    put(t, "disk_format", image.getDiskFormat());
    put(t, "container_format", image.getContainerFormat());
    t.put("min_disk", Integer.toString(image.getMinDisk()));
    t.put("min_ram", Integer.toString(image.getMinRam()));
    put(t, "size", image.getSize());
    put(t, "virtual_size", image.getVirtualSize());
    put(t, "checksum", image.getChecksum());
    put(t, "os_hash_algo", image.getOsHashAlgo());
    put(t, "os_hash_value", image.getOsHashValue());
    t.remove("member_id");
    if (image.getVisibility() == Visibility.SHARED && ctx.owner() != null
        && !ctx.owner().equals(image.getOwner())) {
      t.put("member_id", ctx.owner());
    }
    return t;
  }

  private static void put(Map<String, String> target, String key, Object value) {
    if (value == null) {
      target.remove(key);
    } else {
      target.put(key, value.toString());
    }
  }

  private static String python(boolean value) {
    return value ? "True" : "False";
  }
}
