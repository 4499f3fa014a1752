package org.glimpse.core.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;

/**
 * Image records and data as the v1 API sees them, over the same records as v2. The v1 rules live
 * here: {@code is_public} is visibility public (true) or shared (false); a failed upload leaves the
 * image {@code killed}; an update replaces the properties unless told not to; only the owner or an
 * admin changes or deletes an image, and admins see deleted records.
 */
public final class V1ImageService {
  private static final List<String> KERNEL_FORMATS = List.of("aki", "ari", "ami");
  private static final Pattern UUID_LIKE =
      Pattern.compile("(?i)^\\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\\}?$");
  private static final int MAX_ID = 36;

  private final ImageRepository images;
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageRules rules;
  private final ImageUploader uploader;
  private final ImageStore store;
  private final ImageDeleter deleter;
  private final long imageSizeCap;
  private final Clock clock;

  public V1ImageService(ImageRepository images, ImageLookup lookup, ImagePolicy policy, ImageRules rules,
      ImageUploader uploader, ImageStore store, ImageDeleter deleter, long imageSizeCap, Clock clock) {
    this.images = images;
    this.lookup = lookup;
    this.policy = policy;
    this.rules = rules;
    this.uploader = uploader;
    this.store = store;
    this.deleter = deleter;
    this.imageSizeCap = imageSizeCap;
    this.clock = clock;
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
    Image image = new Image();
    image.setId(meta.string("id") != null ? meta.string("id") : UUID.randomUUID().toString());
    image.setOwner(ctx.isAdmin() && meta.has("owner") ? meta.string("owner") : ctx.owner());
    image.setVisibility(meta.isTrue("is_public") ? Visibility.PUBLIC : Visibility.SHARED);
    apply(ctx, image, meta);
    image.getProperties().putAll(meta.properties);
    Instant now = now();
    image.setCreatedAt(now);
    image.setUpdatedAt(now);

    policy.addImage(ctx, image.getOwner(), image.getVisibility());
    if (upload != null || meta.copyFrom != null) {
      policy.enforceRule("upload_image", ctx, image);
    }
    V1PropertyProtections.checkCreate(policy.properties(), ctx, meta.properties);
    checkSources(ctx, image, meta, upload);
    rules.check(image);
    if (upload != null) {
      requireFormats(image);
      requireOctetStream(upload);
      image.setStatus(ImageStatus.SAVING);
    } else if (Long.valueOf(0).equals(meta.longValue("size"))) {
      image.setStatus(ImageStatus.ACTIVE);
    }
    try {
      images.create(image);
    } catch (ConflictException e) {
      throw new ConflictException("An image with identifier " + image.getId() + " already exists");
    }
    if (upload == null) {
      return shown(ctx, image);
    }
    return shown(ctx, upload(image, meta.longValue("size"), meta.string("checksum"), upload));
  }

  /** The image's record for HEAD; admins also get deleted ones. */
  public Image show(RequestContext ctx, String id) {
    return shown(ctx, visible(ctx, id, true));
  }

  public ImageDownload download(RequestContext ctx, String id) {
    Image image = visible(ctx, id, false);
    if (image.getStatus() == ImageStatus.DEACTIVATED) {
      throw new ForbiddenException("Image " + id + " is deactivated");
    }
    if (image.getStatus() != ImageStatus.ACTIVE) {
      throw new NotFoundException("Image " + id + " is not active");
    }
    policy.enforceRule("download_image", ctx, image);
    return new ImageDownload(shown(ctx, image), store);
  }

  /**
   * Changes the fields the request names and, for a queued image, stores the data sent with it.
   * Properties are replaced by the request's unless it carries data or turns purging off.
   */
  public Image update(RequestContext ctx, String id, V1ImageMeta meta, V1Upload upload) {
    validate(meta, false);
    checkDeclaredSize(meta, upload);
    policy.enforceRule("modify_image", ctx, null);
    if (meta.isTrue("is_public")) {
      policy.enforceRule("publicize_image", ctx, null);
    }
    if (upload != null || meta.copyFrom != null) {
      policy.enforceRule("upload_image", ctx, null);
    }
    Image image = visible(ctx, id, true);
    if (image.isDeleted()) {
      throw new ForbiddenException("Forbidden to update deleted image.");
    }
    ImageStatus expected = image.getStatus();
    boolean hasData = image.getStatus() == ImageStatus.ACTIVE || image.getStatus() == ImageStatus.DEACTIVATED;
    if (!ctx.isAdmin() && hasData) {
      for (String field : List.of("size", "checksum")) {
        if (meta.has(field) && !Objects.equals(meta.get(field), current(image, field))) {
          throw new ForbiddenException("Forbidden to modify '" + field + "' of " + expected.wire() + " image.");
        }
      }
    }
    for (String field : List.of("status", "id")) {
      if (meta.has(field) && !Objects.equals(meta.get(field), current(image, field))) {
        throw new ForbiddenException("Forbidden to modify '" + field + "' of image.");
      }
    }
    if (upload != null && expected != ImageStatus.QUEUED) {
      throw new ConflictException("Cannot upload to an unqueued image");
    }
    checkSources(ctx, image, meta, upload);
    boolean purge = upload == null && (meta.purgeProps == null || meta.purgeProps);
    Map<String, String> unreadable = V1PropertyProtections.checkUpdate(policy.properties(), ctx,
        image.getProperties(), meta.properties, purge);

    Image changed = image.copy();
    apply(ctx, changed, meta);
    if (meta.has("is_public")) {
      changed.setVisibility(meta.isTrue("is_public") ? Visibility.PUBLIC : Visibility.SHARED);
    }
    if (ctx.isAdmin() && meta.has("owner")) {
      changed.setOwner(meta.string("owner"));
    }
    if (purge) {
      changed.getProperties().clear();
      changed.getProperties().putAll(unreadable);
    }
    changed.getProperties().putAll(meta.properties);
    rules.check(changed);
    if (!policy.isOwnerOrAdmin(ctx, image)) {
      throw new ForbiddenException("Forbidden to update image");
    }
    if (upload != null) {
      requireFormats(changed);
      changed.setStatus(ImageStatus.SAVING);
    }
    changed.setUpdatedAt(now());
    images.update(changed, expected);
    if (upload == null) {
      return shown(ctx, changed);
    }
    if (!upload.octetStream()) {
      kill(changed);
      requireOctetStream(upload);
    }
    Long size = changed.getSize() != null && changed.getSize() > 0 ? changed.getSize() : null;
    return shown(ctx, upload(changed, meta.has("size") ? meta.longValue("size") : size, changed.getChecksum(), upload));
  }

  /**
   * Deletes the record and its data (or, with delayed delete, leaves the data to the scrubber); the
   * owner or an admin only, never a protected image.
   */
  public void delete(RequestContext ctx, String id) {
    policy.enforceRule("delete_image", ctx, null);
    Image image = visible(ctx, id, true);
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
    deleter.delete(image, now());
  }

  /**
   * One page of images. Everyone sees public images, their own and those shared with them (a
   * membership in any status counts); an admin may widen that with {@code scope}.
   */
  public List<Image> list(RequestContext ctx, ImageQuery query, String markerId, V1ListScope scope) {
    policy.getImages(ctx);
    boolean widened = ctx.isAdmin() && scope != V1ListScope.VISIBLE;
    query.viewer = ctx.owner();
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
    return images.list(query).stream().map(image -> shown(ctx, image)).toList();
  }

  /**
   * The image if the caller may see it, else NotFound: admins see all (deleted ones too when
   * {@code includeDeleted}); others see public, community, their own, ownerless images and shared
   * images they hold a membership of, whatever its status.
   */
  Image visible(RequestContext ctx, String id, boolean includeDeleted) {
    if (id == null || id.length() > MAX_ID) {
      throw notFound(id);
    }
    Image image = (includeDeleted && ctx.isAdmin() ? images.findIncludingDeleted(id) : images.find(id))
        .orElseThrow(() -> notFound(id));
    if (!policy.canSee(ctx, image, lookup.isMember(ctx, image))) {
      throw notFound(id);
    }
    policy.enforceRule("get_image", ctx, image);
    return image;
  }

  /** The image as the caller may see it: without the properties it may not read. */
  private Image shown(RequestContext ctx, Image image) {
    return policy.properties().readable(ctx, image);
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("Image with identifier " + id + " not found");
  }

  /** Header values that v1 refuses whatever the image: formats, lengths, ids. */
  private void validate(V1ImageMeta meta, boolean creating) {
    String disk = meta.string("disk_format");
    String container = meta.string("container_format");
    if (disk != null && !rules.diskFormats().contains(disk)) {
      throw new BadRequestException("Invalid disk format '" + disk + "' for image.");
    }
    if (container != null && !rules.containerFormats().contains(container)) {
      throw new BadRequestException("Invalid container format '" + container + "' for image.");
    }
    boolean kernelDisk = disk != null && KERNEL_FORMATS.contains(disk);
    boolean kernelContainer = container != null && KERNEL_FORMATS.contains(container);
    if (kernelDisk && container == null) {
      meta.put("container_format", disk);
    } else if (kernelContainer && disk == null) {
      meta.put("disk_format", container);
    } else if ((kernelDisk || kernelContainer) && !disk.equals(container)) {
      throw new BadRequestException("Invalid mix of disk and container formats.");
    }
    String name = meta.string("name");
    if (name != null && name.length() > ImageRules.MAX_NAME) {
      throw new BadRequestException("Image name too long: " + name.length());
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
    if (declared > imageSizeCap) {
      throw new BadRequestException(V1UploadStream.tooLargeMessage(imageSizeCap));
    }
  }

  /**
   * Data comes from the body, a location or a copy-from URL, at most one of them. Glimpse has no
   * store that reads remote URLs, so the last two are refused after their policy checks.
   */
  private void checkSources(RequestContext ctx, Image image, V1ImageMeta meta, V1Upload upload) {
    String location = meta.string("location");
    if (meta.copyFrom != null) {
      policy.enforceRule("copy_from", ctx, image);
    }
    if (meta.has("location")) {
      policy.enforceRule("set_image_location", ctx, image);
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
      throw new BadRequestException("External sources are not supported: '" + url + "'");
    }
    String storeName = meta.string("store");
    if (storeName != null && !storeName.equals(store.scheme())) {
      throw new BadRequestException("Required store " + storeName + " is invalid");
    }
  }

  /** Copies the fields every v1 write may set onto the image. */
  private static void apply(RequestContext ctx, Image image, V1ImageMeta meta) {
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

  private Image upload(Image saving, Long expectedSize, String expectedChecksum, V1Upload upload) {
    V1UploadStream body = new V1UploadStream(upload.body(), expectedSize, imageSizeCap);
    return uploader.store(saving, body, -1, expectedChecksum, ImageStatus.KILLED);
  }

  /** A queued image whose upload was refused after it started: saving, then killed. */
  private void kill(Image saving) {
    Image killed = saving.copy();
    killed.setStatus(ImageStatus.KILLED);
    killed.setUpdatedAt(now());
    images.update(killed, ImageStatus.SAVING);
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

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
