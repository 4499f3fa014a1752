package org.glimpse.core.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;

/** Image records: create, read, list, change, delete, (de)activate and tag. */
public final class ImageService {
  private final ImageRepository images;
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageRules rules;
  private final ImagePatcher patcher;
  private final ImageDeleter deleter;
  private final Clock clock;

  public ImageService(ImageRepository images, ImageLookup lookup, ImagePolicy policy,
      ImageRules rules, ImageDeleter deleter, Clock clock) {
    this.images = images;
    this.deleter = deleter;
    this.lookup = lookup;
    this.policy = policy;
    this.rules = rules;
    this.patcher = new ImagePatcher(policy);
    this.clock = clock;
  }

  public Image create(RequestContext ctx, NewImage spec) {
    Image image = new Image();
    image.setId(spec.id != null ? spec.id : UUID.randomUUID().toString());
    image.setName(spec.name);
    image.setVisibility(spec.visibility != null ? spec.visibility : Visibility.SHARED);
    image.setProtected(Boolean.TRUE.equals(spec.isProtected));
    image.setOsHidden(Boolean.TRUE.equals(spec.osHidden));
    image.setMinDisk(spec.minDisk != null ? spec.minDisk : 0);
    image.setMinRam(spec.minRam != null ? spec.minRam : 0);
    image.setDiskFormat(spec.diskFormat);
    image.setContainerFormat(spec.containerFormat);
    image.setOwner(spec.owner != null ? spec.owner : ctx.owner());
    image.setTags(spec.tags);
    image.setProperties(spec.properties);
    Instant now = now();
    image.setCreatedAt(now);
    image.setUpdatedAt(now);

    policy.addImage(ctx, image.getOwner(), image.getVisibility());
    for (String property : image.getProperties().keySet()) {
      if (!policy.properties().canCreate(ctx, property)) {
        throw ImagePatcher.protectedProperty(property);
      }
    }
    rules.check(image);
    try {
      images.create(image);
    } catch (ConflictException e) {
      throw new ConflictException("Image ID " + image.getId() + " already exists!", e);
    }
    return shown(ctx, image);
  }

  /** The image as the caller may see it: without the properties it may not read. */
  public Image get(RequestContext ctx, String id) {
    return shown(ctx, lookup.visible(ctx, id));
  }

  /**
   * One page of the images the caller may see. {@code markerId}, when given, must name an image
   * the caller can see.
   */
  public List<Image> list(RequestContext ctx, ImageQuery query, String markerId) {
    policy.getImages(ctx);
    query.viewer = ctx.owner();
    query.viewerIsAdmin = ctx.isAdmin();
    if (markerId != null) {
      try {
        query.marker = lookup.visible(ctx, markerId);
      } catch (NotFoundException e) {
        throw new BadRequestException("No image found with ID " + markerId);
      }
    }
    return images.list(query).stream().map(image -> shown(ctx, image)).toList();
  }

  /**
   * Applies the changes in order; nothing is saved unless every one of them is allowed. Properties
   * the caller may not read are kept, and left out of the image returned.
   */
  public Image update(RequestContext ctx, String id, List<ImageChange> changes) {
    Image image = lookup.visible(ctx, id);
    if (changes.isEmpty()) {
      return shown(ctx, image);
    }
    ImageStatus expected = image.getStatus();
    for (ImageChange change : changes) {
      patcher.apply(ctx, image, change);
    }
    rules.check(image);
    image.setUpdatedAt(now());
    images.update(image, expected);
    return shown(ctx, image);
  }

  private Image shown(RequestContext ctx, Image image) {
    return policy.properties().readable(ctx, image);
  }

  /**
   * Deletes the record and its data, or with delayed delete leaves the data to the scrubber;
   * returns the image as it was.
   */
  public Image delete(RequestContext ctx, String id) {
    Image image;
    try {
      image = lookup.visible(ctx, id);
    } catch (NotFoundException e) {
      throw new NotFoundException("Failed to find image " + id + " to delete");
    }
    policy.deleteImage(ctx, image);
    if (image.isProtected()) {
      throw new ForbiddenException("Image " + id + " is protected and cannot be deleted.");
    }
    deleter.delete(image, now());
    return image;
  }

  public void deactivate(RequestContext ctx, String id) {
    Image image = lookup.visible(ctx, id);
    policy.deactivateImage(ctx, image);
    switchActive(image, ImageStatus.ACTIVE, ImageStatus.DEACTIVATED, "deactivate");
  }

  public void reactivate(RequestContext ctx, String id) {
    Image image = lookup.visible(ctx, id);
    policy.reactivateImage(ctx, image);
    switchActive(image, ImageStatus.DEACTIVATED, ImageStatus.ACTIVE, "reactivate");
  }

  /** Adding a tag the image already has changes nothing, even at the tag quota. */
  public void addTag(RequestContext ctx, String id, String tag) {
    Image image = taggable(ctx, id);
    if (image.getTags().add(tag)) {
      try {
        save(image);
      } catch (TooLargeException e) {
        throw new TooLargeException("Image tag limit exceeded for image " + id + ": " + e.getMessage() + ":", e);
      }
    }
  }

  public void removeTag(RequestContext ctx, String id, String tag) {
    Image image = taggable(ctx, id);
    if (!image.getTags().remove(tag)) {
      throw new NotFoundException("The resource could not be found.");
    }
    save(image);
  }

  private Image taggable(RequestContext ctx, String id) {
    Image image;
    try {
      image = lookup.visible(ctx, id);
    } catch (NotFoundException e) {
      throw new NotFoundException("Image " + id + " not found.");
    }
    try {
      policy.modifyImage(ctx, image);
    } catch (ForbiddenException e) {
      throw new ForbiddenException("Not allowed to update tags for image " + id + ".");
    }
    return image;
  }

  private void save(Image image) {
    rules.check(image);
    image.setUpdatedAt(now());
    images.update(image, image.getStatus());
  }

  /** Already in the target state is a no-op, as in Glance; any state but the source is refused. */
  private void switchActive(Image image, ImageStatus from, ImageStatus to, String verb) {
    if (image.getStatus() == to) {
      return;
    }
    if (image.getStatus() != from) {
      throw new ForbiddenException("Not allowed to " + verb + " image in status '" + image.getStatus().wire() + "'");
    }
    image.setStatus(to);
    image.setUpdatedAt(now());
    try {
      images.update(image, from);
    } catch (ConflictException e) {
      throw new ConflictException("Image " + image.getId() + " changed status while it was being " + verb + "d; try again.");
    }
  }

  /**
   * Kept to the microsecond (shown to the second) as Glance does, so that images made within one
   * second still sort by creation and {@code created_at=gt:<shown time>} finds them.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
