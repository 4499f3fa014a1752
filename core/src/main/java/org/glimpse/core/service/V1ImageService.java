package org.glimpse.core.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.PolicyAction;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;

/**
 * The v1 face of the image services: translates v1's requests onto the shared {@link
 * ImageService}, {@link ImageUpdater} and {@link ImageUploader}, and keeps only what v1 really
 * does differently: {@code is_public} for visibility, size and checksum a client may state, a
 * failed upload {@code killed}, properties replaced (purged) on update, policy checks before the
 * image is loaded (denials 403), admins seeing deleted records, and v1's words.
 */
public final class V1ImageService {
  private static final List<String> KERNEL_FORMATS = List.of("aki", "ari", "ami");
  private static final Pattern UUID_LIKE =
      Pattern.compile("(?i)^\\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\\}?$");
  private static final int MAX_ID = 36;

  private final ImageService images;
  private final ImageRepository records;
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageUpdater updater;
  private final ImageUploader uploader;
  private final ImageStore store;
  private final DataReader reader;
  private final Notifier notifier;
  private final V1UploadErrors uploadErrors;
  private final V1CopyFrom copyFrom;
  private final LimitEnforcer limits;

  public V1ImageService(ImageService images, ImageRepository records, ImageLookup lookup, ImagePolicy policy,
      ImageUpdater updater, ImageUploader uploader, ImageStore store, DataReader reader, Notifier notifier,
      V1CopyFrom copyFrom, LimitEnforcer limits) {
    this.copyFrom = copyFrom;
    this.limits = limits;
    this.images = images;
    this.records = records;
    this.lookup = lookup;
    this.policy = policy;
    this.updater = updater;
    this.uploader = uploader;
    this.store = store;
    this.reader = reader;
    this.notifier = notifier;
    this.uploadErrors = new V1UploadErrors();
  }

  /** True when {@code id} has the form of a UUID, as v1 requires of ids and markers. */
  public static boolean isUuidLike(String id) {
    return id != null && UUID_LIKE.matcher(id).matches();
  }

  /**
   * Creates an image: reserved ({@code queued}, or {@code active} when its size is 0) or, with
   * data, stored and {@code active}. Everything that can be checked before anything is written is
   * checked first; a failure while the data streams leaves the record {@code killed}.
   */
  public Image create(RequestContext ctx, V1ImageMeta meta, V1Upload upload) {
    validate(meta, true);
    checkDeclaredSize(meta, upload);
    NewImage spec = new NewImage();
    spec.id = meta.string("id");
    spec.owner = ctx.isAdmin() && meta.has("owner") ? meta.string("owner") : ctx.owner();
    spec.visibility = meta.isTrue("is_public") ? Visibility.PUBLIC : Visibility.SHARED;
    spec.name = meta.string("name");
    spec.diskFormat = meta.string("disk_format");
    spec.containerFormat = meta.string("container_format");
    spec.size = meta.longValue("size");
    spec.virtualSize = meta.longValue("virtual_size");
    spec.checksum = meta.string("checksum");
    spec.isProtected = meta.isTrue("protected");
    spec.minRam = meta.intValue("min_ram");
    spec.minDisk = meta.intValue("min_disk");
    spec.properties.putAll(meta.properties);
    if (upload != null) {
      spec.status = ImageStatus.SAVING;
      spec.upload = uploader.lease(ctx, uploadErrors);
    } else if (meta.has("location") || Long.valueOf(0).equals(meta.longValue("size"))) {
      spec.status = ImageStatus.ACTIVE;
      spec.location = meta.has("location") ? meta.string("location") : null;
    }
    Image created;
    try {
      created = images.create(ctx, spec, image -> {
        if (upload != null || meta.copyFrom != null) {
          policy.enforceOn(PolicyAction.UPLOAD_IMAGE, ctx, image);
        }
        V1PropertyProtections.checkCreate(policy.properties(), ctx, meta.properties);
        checkSources(ctx, image, meta, upload);
        if (upload != null) {
          requireFormats(image);
          requireOctetStream(upload);
        }
        if (spec.location != null || meta.copyFrom != null) {
          requireFormats(image);
          image.setSize(externalSize(spec.location != null ? spec.location : meta.copyFrom, meta.longValue("size")));
        }
      });
    } catch (ConflictException e) {
      throw new ConflictException("An image with identifier " + spec.id + " already exists");
    }
    if (meta.copyFrom != null) {
      copyFrom.start(ctx, created, meta.copyFrom, created.getSize(), meta.string("checksum"), uploadErrors);
    }
    if (upload == null) {
      return created;
    }
    return images.shown(ctx, uploader.store(ctx, created, upload.body(), size(meta.longValue("size")),
        meta.string("checksum"), uploadErrors));
  }

  /** The image's record for HEAD; admins also get deleted ones. */
  public Image show(RequestContext ctx, String id) {
    return images.shown(ctx, visible(ctx, id, true));
  }

  public ImageDownload download(RequestContext ctx, String id) {
    Image image = visible(ctx, id, false);
    if (image.getStatus() == ImageStatus.DEACTIVATED) {
      throw new ForbiddenException("Image " + id + " is deactivated");
    }
    if (image.getStatus() != ImageStatus.ACTIVE) {
      throw new NotFoundException("Image " + id + " is not active");
    }
    policy.enforceOn(PolicyAction.DOWNLOAD_IMAGE, ctx, image);
    return new ImageDownload(images.shown(ctx, image), reader, ctx, notifier);
  }

  /**
   * Changes the fields the request names and, for a queued image, stores the data sent with it.
   * Properties are replaced by the request's unless it carries data or turns purging off.
   */
  public Image update(RequestContext ctx, String id, V1ImageMeta meta, V1Upload upload) {
    validate(meta, false);
    checkDeclaredSize(meta, upload);
    List<PolicyAction> actions = new ArrayList<>(List.of(PolicyAction.MODIFY_IMAGE));
    if (meta.isTrue("is_public")) {
      actions.add(PolicyAction.PUBLICIZE_IMAGE);
    }
    if (upload != null || meta.copyFrom != null) {
      actions.add(PolicyAction.UPLOAD_IMAGE);
    }
    enforceBeforeLoading(ctx, actions);
    Image loaded = visible(ctx, id, true);
    if (loaded.isDeleted()) {
      throw new ForbiddenException("Forbidden to update deleted image.");
    }
    enforceOnLoaded(ctx, actions, loaded);
    String location = meta.has("location") ? meta.string("location") : null;
    String external = location != null ? location : meta.copyFrom;
    Long externalSize = null;
    if (external != null && upload == null && (location == null || meta.copyFrom == null)
        && loaded.getStatus() == ImageStatus.QUEUED && store.externalRefusal(external) == null) {
      // the remote size is asked before the row is locked: no I/O under the lock
      policy.enforceOn(location != null ? PolicyAction.SET_IMAGE_LOCATION : PolicyAction.COPY_FROM, ctx, loaded);
      Long stated = meta.has("size") ? meta.longValue("size") : loaded.getSize();
      externalSize = externalSize(external, stated);
    }
    UploadLease lease = upload == null ? null : uploader.lease(ctx, uploadErrors);
    Long sizeOfLocation = externalSize;
    // data sent with the update makes the image one receiving data: image_count_uploading
    Image changed = upload == null ? updater.update(id, image -> change(ctx, image, meta, upload, location,
        sizeOfLocation, lease)) : limits.startingUpload(loaded.getOwner(), id, () -> updater.update(id,
            image -> change(ctx, image, meta, upload, location, sizeOfLocation, lease)));
    notifier.image(Notifier.Event.IMAGE_UPDATE, ctx, changed);
    if (meta.copyFrom != null) {
      copyFrom.start(ctx, changed, meta.copyFrom, changed.getSize(), changed.getChecksum(), uploadErrors);
    }
    if (upload == null) {
      return images.shown(ctx, changed);
    }
    if (!upload.octetStream()) {
      updater.updateRecord(id, image -> image.setStatus(ImageStatus.KILLED));
      requireOctetStream(upload);
    }
    long expectedSize = meta.has("size") ? size(meta.longValue("size"))
        : changed.getSize() != null && changed.getSize() > 0 ? changed.getSize() : -1;
    return images.shown(ctx, uploader.store(ctx, changed, upload.body(), expectedSize,
        changed.getChecksum(), uploadErrors));
  }

  /** The update's change to the locked record (v1's rules for what may change, and how). */
  private void change(RequestContext ctx, Image image, V1ImageMeta meta, V1Upload upload, String location,
      Long sizeOfLocation, UploadLease lease) {
    checkUnchangeable(ctx, image, meta);
    if (upload != null && image.getStatus() != ImageStatus.QUEUED) {
      throw new ConflictException("Cannot upload to an unqueued image");
    }
    checkSources(ctx, image, meta, upload);
    if ((meta.has("location") || meta.copyFrom != null) && image.getStatus() != ImageStatus.QUEUED) {
      throw new BadRequestException("Attempted to update Location field for an image not in queued status.");
    }
    boolean purge = upload == null && (meta.purgeProps == null || meta.purgeProps);
    Map<String, String> unreadable = V1PropertyProtections.checkUpdate(policy.properties(), ctx,
        image.getProperties(), meta.properties, purge);
    if (!policy.isOwnerOrAdmin(ctx, image)) {
      throw new ForbiddenException("Forbidden to update image");
    }
    apply(image, meta);
    if (meta.has("is_public")) {
      image.setVisibility(meta.isTrue("is_public") ? Visibility.PUBLIC : Visibility.SHARED);
    }
    if (ctx.isAdmin() && meta.has("owner")) {
      image.setOwner(meta.string("owner"));
    }
    if (purge) {
      image.getProperties().clear();
      image.getProperties().putAll(unreadable);
    }
    image.getProperties().putAll(meta.properties);
    if (upload != null) {
      requireFormats(image);
      image.setStatus(ImageStatus.SAVING);
      image.setUpload(lease);
    }
    if (location != null) {
      requireFormats(image);
      image.setLocation(location);
      image.setSize(sizeOfLocation);
      image.setStatus(ImageStatus.ACTIVE);
    } else if (meta.copyFrom != null) {
      requireFormats(image);
      image.setSize(sizeOfLocation);
    }
  }

  /**
   * Deletes the record and its data (or, with delayed delete, leaves the data to the scrubber); the
   * owner or an admin only, never a protected image.
   */
  public void delete(RequestContext ctx, String id) {
    enforceBeforeLoading(ctx, List.of(PolicyAction.DELETE_IMAGE));
    Image image = visible(ctx, id, true);
    enforceOnLoaded(ctx, List.of(PolicyAction.DELETE_IMAGE), image);
    if (image.isProtected()) {
      throw new ForbiddenException("Image is protected");
    }
    if (image.getStatus() == ImageStatus.PENDING_DELETE) {
      throw new ForbiddenException("Forbidden to delete a pending_delete image.");
    }
    if (image.isDeleted()) {
      throw new NotFoundException("Image " + id + " not found.");
    }
    if (!policy.isOwnerOrAdmin(ctx, image)) {
      throw new ForbiddenException("Forbidden to delete image");
    }
    images.deleteLoaded(ctx, image);
  }

  /**
   * One page of images. Everyone sees public images, their own and those shared with them (a
   * membership in any status counts); an admin may widen that with {@code scope}.
   */
  public List<Image> list(RequestContext ctx, ImageQuery query, String markerId, V1ListScope scope) {
    query.requireWithinLimits();
    policy.getImages(ctx);
    boolean widened = ctx.isAdmin() && scope != V1ListScope.VISIBLE;
    query.viewer = ctx.owner();
    query.viewerDomain = ctx.owner() == null ? null : ctx.projectDomainId();
    query.viewerIsAdmin = widened;
    query.visibility = widened ? ImageQuery.VisibilityFilter.ALL : ImageQuery.VisibilityFilter.DEFAULT;
    query.isPublic = widened && scope == V1ListScope.NON_PUBLIC ? Boolean.FALSE : null;
    query.memberStatus = null;
    query.osHidden = null;
    if (markerId != null) {
      try {
        query.marker = visible(ctx, markerId, false);
      } catch (NotFoundException e) {
        throw new BadRequestException("Invalid marker. Image could not be found.");
      }
    }
    return images.shownAll(ctx, records.list(query));
  }

  /**
   * The image if the caller may see it, else NotFound in v1's words; get_image applies to what the
   * caller sees, and a denial is 403 in v1.
   */
  Image visible(RequestContext ctx, String id, boolean includeDeleted) {
    if (id == null || id.length() > MAX_ID) {
      throw notFound(id);
    }
    Image image;
    try {
      image = lookup.seen(ctx, id, includeDeleted);
    } catch (NotFoundException e) {
      throw notFound(id);
    }
    policy.enforceOn(PolicyAction.GET_IMAGE, ctx, image);
    return image;
  }

  /**
   * Glance's v1 checked these actions before it loaded the image, with an empty target, which its
   * legacy rules allow; that order stays while the legacy owner checks are on.
   */
  private void enforceBeforeLoading(RequestContext ctx, List<PolicyAction> actions) {
    if (policy.ownerChecks()) {
      actions.forEach(action -> policy.enforceUntargeted(action, ctx));
    }
  }

  /**
   * Under Glance's new defaults the rules need v2's image target (an empty one would refuse
   * everyone but admins), so v1 checks them on the loaded image, as v2 does.
   */
  private void enforceOnLoaded(RequestContext ctx, List<PolicyAction> actions, Image image) {
    if (!policy.ownerChecks()) {
      actions.forEach(action -> policy.enforceOn(action, ctx, image));
    }
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("Image with identifier " + id + " not found");
  }

  /** The v1 header rules formats and values alone do not show: kernel formats, checksum, id. */
  private static void validate(V1ImageMeta meta, boolean creating) {
    String disk = meta.string("disk_format");
    String container = meta.string("container_format");
    boolean kernelDisk = disk != null && KERNEL_FORMATS.contains(disk);
    boolean kernelContainer = container != null && KERNEL_FORMATS.contains(container);
    if (kernelDisk && container == null) {
      meta.put("container_format", disk);
    } else if (kernelContainer && disk == null) {
      meta.put("disk_format", container);
    } else if ((kernelDisk || kernelContainer) && !disk.equals(container)) {
      throw new BadRequestException("Invalid mix of disk and container formats.");
    }
    String checksum = meta.string("checksum");
    if (checksum != null && checksum.length() > 32) {
      throw new BadRequestException("Invalid checksum '" + checksum + "': can't exceed 32 characters");
    }
    if (creating && meta.has("id") && !isUuidLike(meta.string("id"))) {
      throw new BadRequestException("Invalid image id format");
    }
  }

  /** A size announced beyond the cap is refused before anything is read or written. */
  private void checkDeclaredSize(V1ImageMeta meta, V1Upload upload) {
    long declared = upload != null && upload.contentLength() > 0 ? upload.contentLength()
        : meta.longValue("size") != null ? meta.longValue("size") : 0;
    uploader.checkCap(declared, uploadErrors);
  }

  /** Fields a v1 update may not change: status and id, and size and checksum once there is data. */
  private static void checkUnchangeable(RequestContext ctx, Image image, V1ImageMeta meta) {
    if (!ctx.isAdmin() && image.getStatus().holdsData()) {
      for (String field : List.of("size", "checksum")) {
        if (meta.has(field) && !Objects.equals(meta.get(field), current(image, field))) {
          throw new ForbiddenException("Forbidden to modify '" + field + "' of "
              + image.getStatus().wire() + " image.");
        }
      }
    }
    for (String field : List.of("status", "id")) {
      if (meta.has(field) && !Objects.equals(meta.get(field), current(image, field))) {
        throw new ForbiddenException("Forbidden to modify '" + field + "' of image.");
      }
    }
  }

  /**
   * Data comes from the body, a location or a copy-from URL, at most one of them. Either URL must
   * be one a read-only store reads and the filtering rules allow ({@link ImageStore#externalRefusal}).
   */
  private void checkSources(RequestContext ctx, Image image, V1ImageMeta meta, V1Upload upload) {
    String location = meta.string("location");
    if (meta.copyFrom != null) {
      policy.enforceOn(PolicyAction.COPY_FROM, ctx, image);
    }
    if (meta.has("location")) {
      policy.enforceOn(PolicyAction.SET_IMAGE_LOCATION, ctx, image);
    }
    int sources = (upload != null ? 1 : 0) + (meta.has("location") ? 1 : 0) + (meta.copyFrom != null ? 1 : 0);
    if (sources > 1) {
      throw new BadRequestException("It's invalid to provide multiple image sources.");
    }
    for (String url : new String[] {meta.has("location") ? Objects.toString(location, "") : null, meta.copyFrom}) {
      if (url == null) {
        continue;
      }
      if (url.isBlank()) {
        throw new BadRequestException("External source should not be empty");
      }
      String refusal = store.externalRefusal(url);
      if (refusal != null) {
        throw new BadRequestException(refusal);
      }
    }
    String storeName = meta.string("store");
    if (storeName != null && !namesStore(storeName, store.scheme())) {
      throw new BadRequestException("Required store " + storeName + " is invalid");
    }
  }

  /**
   * The size of the data at an external location: the one the client stated (when not 0), else the
   * store's answer; either within image_size_cap.
   */
  private long externalSize(String location, Long stated) {
    long size;
    if (stated != null && stated != 0) {
      size = stated;
    } else {
      try {
        size = store.size(location);
      } catch (java.io.IOException e) {
        throw new BadRequestException("The size of the image at " + location + " could not be found: "
            + e.getMessage());
      }
    }
    uploader.checkCap(size, uploadErrors);
    return size;
  }

  /**
   * As in glance_store, any scheme of a store names it: s3, s3+http and s3+https are all the s3
   * store, whichever of them its locations are written with.
   */
  private static boolean namesStore(String name, String scheme) {
    int plus = scheme.indexOf('+');
    String family = plus < 0 ? scheme : scheme.substring(0, plus);
    return name.equals(scheme) || name.equals(family) || name.equals(family + "+http")
        || name.equals(family + "+https");
  }

  /** Copies the fields a v1 update may set onto the image. */
  private static void apply(Image image, V1ImageMeta meta) {
    for (Map.Entry<String, Object> f : meta.fields().entrySet()) {
      Object v = f.getValue();
      switch (f.getKey()) {
        case "name" -> image.setName((String) v);
        case "disk_format" -> image.setDiskFormat((String) v);
        case "container_format" -> image.setContainerFormat((String) v);
        case "size" -> image.setSize((Long) v);
        case "virtual_size" -> image.setVirtualSize((Long) v);
        case "checksum" -> image.setChecksum((String) v);
        case "protected" -> image.setProtected(Boolean.TRUE.equals(v));
        case "min_ram" -> image.setMinRam(v == null ? 0 : (Integer) v);
        case "min_disk" -> image.setMinDisk(v == null ? 0 : (Integer) v);
        default -> { } // id, owner and visibility are decided by the caller; the rest are ignored
      }
    }
  }

  private static Object current(Image image, String field) {
    return switch (field) {
      case "size" -> image.getSize() == null ? 0L : image.getSize();
      case "checksum" -> image.getChecksum();
      case "status" -> image.getStatus().wire();
      case "id" -> image.getId();
      default -> throw new IllegalArgumentException(field);
    };
  }

  private static long size(Long stated) {
    return stated == null ? -1 : stated;
  }

  private static void requireFormats(Image image) {
    if (image.getDiskFormat() == null) {
      throw new BadRequestException("Disk format is not specified.");
    }
    if (image.getContainerFormat() == null) {
      throw new BadRequestException("Container format is not specified.");
    }
  }

  private static void requireOctetStream(V1Upload upload) {
    if (!upload.octetStream()) {
      throw new BadRequestException("Content-Type must be application/octet-stream");
    }
  }
}
