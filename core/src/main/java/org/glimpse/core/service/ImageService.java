package org.glimpse.core.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.glimpse.core.time.ImageClock;

/**
 * Image records, for both APIs: create, read, list, change, delete, (de)activate and tag. Each
 * operation reads as its steps: load (ImageLookup) → policy → change through the {@link
 * ImageUpdater} gate → notify after commit.
 */
public final class ImageService {
  private final ImageRepository images;
  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageRules rules;
  private final ImageUpdater updater;
  private final ImagePatcher patcher;
  private final ImageDeleter deleter;
  private final Notifier notifier;
  private final ImageClock clock;
  private final LimitEnforcer limits;

  public ImageService(ImageRepository images, ImageLookup lookup, ImagePolicy policy, ImageRules rules,
      ImageUpdater updater, ImageDeleter deleter, Notifier notifier, ImageClock clock, LocationPatcher locations,
      LimitEnforcer limits) {
    this.limits = limits;
    this.images = images;
    this.lookup = lookup;
    this.policy = policy;
    this.rules = rules;
    this.updater = updater;
    this.patcher = new ImagePatcher(policy, locations);
    this.deleter = deleter;
    this.notifier = notifier;
    this.clock = clock;
  }

  public Image create(RequestContext ctx, NewImage spec) {
    return create(ctx, spec, image -> { });
  }

  /**
   * Creates an image. {@code faceChecks} runs the calling API's own checks on the proposed image
   * after add_image and before anything is written (v1: its upload, source and protection rules).
   * {@code spec.status} lets v1 create an image already saving (data follows) or, of size 0, active.
   */
  public Image create(RequestContext ctx, NewImage spec, Consumer<Image> faceChecks) {
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
    image.setOwner(spec.noOwner ? null : spec.owner != null ? spec.owner : ctx.owner());
    image.setSize(spec.size);
    image.setVirtualSize(spec.virtualSize);
    image.setChecksum(spec.checksum);
    image.setLocation(spec.location);
    image.setTags(spec.tags);
    image.setProperties(spec.properties);
    if (spec.status != null) {
      ImageStatus.QUEUED.requireTransition(spec.status);
      image.setStatus(spec.status);
    }
    if (image.getStatus() == ImageStatus.SAVING) {
      if (spec.upload == null) {
        throw new IllegalStateException("an image is created saving only under an upload lease");
      }
      image.setUpload(spec.upload);
    }
    image.setCreatedAt(clock.now());
    image.setUpdatedAt(image.getCreatedAt());

    policy.addImage(ctx, image.getOwner(), image.getVisibility());
    faceChecks.accept(image);
    for (String property : image.getProperties().keySet()) {
      if (!policy.properties().canCreate(ctx, property)) {
        throw ImagePatcher.protectedProperty(property);
      }
    }
    rules.check(image);
    FourByteCharacters.checkNew(image);
    try {
      limits.creating(image.getOwner(), image.getStatus(), () -> {
        images.create(image);
        return image;
      });
    } catch (ConflictException e) {
      throw new ConflictException("Image ID " + image.getId() + " already exists!", e);
    }
    notifier.image(Event.IMAGE_CREATE, ctx, image);
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
    query.requireWithinLimits();
    policy.getImages(ctx);
    query.viewer = ctx.owner();
    query.viewerDomain = ctx.owner() == null ? null : ctx.projectDomainId();
    query.viewerIsAdmin = ctx.isAdmin();
    if (markerId != null) {
      try {
        query.marker = lookup.visible(ctx, markerId);
      } catch (NotFoundException e) {
        throw new BadRequestException("No image found with ID " + markerId);
      }
    }
    return shownAll(ctx, images.list(query));
  }

  /**
   * Applies the changes in order to the current record; nothing is saved unless every one of them
   * is allowed. Properties the caller may not read are kept, and left out of the image returned.
   */
  public Image update(RequestContext ctx, String id, List<ImageChange> changes) {
    Image image = lookup.visible(ctx, id);
    if (changes.isEmpty()) {
      return shown(ctx, image);
    }
    Map<String, Long> sizes = patcher.prepare(ctx, image, changes);
    Image updated = updater.update(id, current -> {
      for (ImageChange change : changes) {
        patcher.apply(ctx, current, change, sizes);
      }
      changes.forEach(FourByteCharacters::checkChange);
    });
    notifier.image(Event.IMAGE_UPDATE, ctx, updated);
    return shown(ctx, updated);
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
    deleteLoaded(ctx, image);
    return image;
  }

  /** The last step of a delete, the same for both APIs: the record and data go, then the news. */
  void deleteLoaded(RequestContext ctx, Image image) {
    ImageStatus status = deleter.delete(image, clock.now());
    // Glance's payload is the image as deleted: status deleted (or pending_delete), deleted true
    Image gone = image.copy();
    gone.setStatus(status);
    notifier.image(Event.IMAGE_DELETE, ctx, gone);
  }

  /**
   * Removes the first of the image's locations {@code inStore} accepts, as Glance's {@code DELETE
   * /v2/stores/{store}/{image}} (the caller checked the policy): the image must be active (409)
   * and keep another location (403); none in the store is a 404. The removed location's data is
   * left to the store sweep, which removes an object once no image references it.
   */
  public Image removeStoreLocation(RequestContext ctx, String id, String storeId, Predicate<ImageLocation> inStore) {
    Image updated = updater.update(id, current -> {
      if (current.getStatus() != ImageStatus.ACTIVE) {
        throw new ConflictException("It's not allowed to remove image data from store if image status is not 'active'");
      }
      List<ImageLocation> locations = new ArrayList<>(current.getLocations());
      if (locations.size() <= 1) {
        throw new ForbiddenException("Cannot delete image data from the only store containing it."
            + " Consider deleting the image instead.");
      }
      int at = -1;
      for (int i = 0; i < locations.size() && at < 0; i++) {
        if (inStore.test(locations.get(i))) {
          at = i;
        }
      }
      if (at < 0) {
        throw new NotFoundException("Image " + id + " is not stored in store " + storeId + ".");
      }
      locations.remove(at);
      current.setLocations(locations);
    });
    notifier.image(Event.IMAGE_UPDATE, ctx, updated);
    return updated;
  }

  public void deactivate(RequestContext ctx, String id) {
    Image image = lookup.visible(ctx, id);
    policy.deactivateImage(ctx, image);
    switchActive(ctx, id, ImageStatus.ACTIVE, ImageStatus.DEACTIVATED, "deactivate");
  }

  public void reactivate(RequestContext ctx, String id) {
    Image image = lookup.visible(ctx, id);
    policy.reactivateImage(ctx, image);
    switchActive(ctx, id, ImageStatus.DEACTIVATED, ImageStatus.ACTIVE, "reactivate");
  }

  /** Adding a tag the image already has changes nothing, even at the tag quota. */
  public void addTag(RequestContext ctx, String id, String tag) {
    Image image = taggable(ctx, id, "update");
    if (image.getTags().contains(tag)) {
      return;
    }
    try {
      notifier.image(Event.IMAGE_UPDATE, ctx, updater.update(id, current -> current.getTags().add(tag)));
    } catch (TooLargeException e) {
      throw new TooLargeException("Image tag limit exceeded for image " + id + ": " + e.getMessage() + ":", e);
    }
  }

  public void removeTag(RequestContext ctx, String id, String tag) {
    taggable(ctx, id, "delete");
    Image updated = updater.update(id, current -> {
      if (!current.getTags().remove(tag)) {
        throw new NotFoundException("The resource could not be found.");
      }
    });
    notifier.image(Event.IMAGE_UPDATE, ctx, updated);
  }

  /** The image, if the caller may change its tags; {@code verb} names the change in a refusal. */
  private Image taggable(RequestContext ctx, String id, String verb) {
    Image image;
    try {
      image = lookup.visible(ctx, id);
    } catch (NotFoundException e) {
      throw new NotFoundException("Image " + id + " not found.");
    }
    try {
      policy.modifyImage(ctx, image);
    } catch (ForbiddenException e) {
      throw new ForbiddenException("Not allowed to " + verb + " tags for image " + id + ".");
    }
    return image;
  }

  /** Already in the target state is a no-op, as in Glance; any state but the source is refused. */
  private void switchActive(RequestContext ctx, String id, ImageStatus from, ImageStatus to, String verb) {
    boolean[] changed = {false};
    Image updated = updater.updateRecord(id, current -> {
      if (current.getStatus() == to) {
        return;
      }
      if (current.getStatus() != from) {
        throw new ForbiddenException("Not allowed to " + verb + " image in status '"
            + current.getStatus().wire() + "'");
      }
      current.setStatus(to);
      changed[0] = true;
    });
    if (changed[0]) {
      notifier.image(Event.IMAGE_UPDATE, ctx, updated); // Glance: a repo save, image.update
    }
  }

  Image shown(RequestContext ctx, Image image) {
    return policy.properties().readable(ctx, image);
  }

  List<Image> shownAll(RequestContext ctx, List<Image> page) {
    return page.stream().map(image -> shown(ctx, image)).toList();
  }
}
