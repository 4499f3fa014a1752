package org.glimpse.core.service;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.PropertyProtections;

/**
 * Applies one attribute change to an image in memory, with Glance's rules: every change is a
 * modification the caller must be allowed, base attributes cannot be removed, a missing custom
 * property (or one the caller may not read) cannot be replaced or removed, custom properties
 * obey the property protections, and formats are fixed once data is being stored.
 */
final class ImagePatcher {
  static final Set<String> READ_ONLY =
      Set.of("checksum", "created_at", "id", "size", "status", "updated_at", "virtual_size",
          "os_hash_algo", "os_hash_value", "direct_url", "self", "file", "schema");
  static final Set<String> RESERVED = Set.of("location", "deleted", "deleted_at");
  /** Glance's explanations for these refusals; the reason follows on the next line (the detail). */
  static final String CONFLICT = "There was a conflict when trying to complete your request.\n";
  static final String DENIED = "Access was denied to this resource.\n";
  static final Set<String> BASE =
      Set.of("name", "visibility", "protected", "os_hidden", "min_disk", "min_ram", "disk_format",
          "container_format", "owner", "tags");

  private final ImagePolicy policy;
  private final LocationPatcher locations;

  /** Locations not shown, so never changed. */
  ImagePatcher(ImagePolicy policy) {
    this(policy, new LocationPatcher(policy, null, HashAlgorithm.SHA512, false));
  }

  ImagePatcher(ImagePolicy policy, LocationPatcher locations) {
    this.policy = policy;
    this.locations = locations;
  }

  /** The sizes location changes need, asked of the stores before the row is locked. */
  Map<String, Long> prepare(RequestContext ctx, Image image, List<ImageChange> changes) {
    return locations.prepare(ctx, image, changes);
  }

  void apply(RequestContext ctx, Image image, ImageChange change) {
    apply(ctx, image, change, Map.of());
  }

  void apply(RequestContext ctx, Image image, ImageChange change, Map<String, Long> sizes) {
    String name = change.name();
    if (READ_ONLY.contains(name)) {
      throw new ForbiddenException("Attribute '" + name + "' is read-only.");
    }
    if (name.equals("locations")) {
      locations.apply(ctx, image, change, sizes);
      return;
    }
    if (RESERVED.contains(name) || name.startsWith("os_glance")) {
      throw new ForbiddenException("Attribute '" + name + "' is reserved.");
    }
    if (name.equals("owner") && change.op() != ImageChange.Op.REMOVE) {
      if (!ctx.isAdmin()) {
        throw new ForbiddenException(DENIED + "Owner can't be updated by non admin.");
      }
      policy.modifyImage(ctx, image);
    } else if (name.equals("visibility") && change.op() != ImageChange.Op.REMOVE) {
      policy.changeVisibility(ctx, image, visibility(change.value()));
    } else {
      policy.modifyImage(ctx, image);
    }
    if (change.op() == ImageChange.Op.REMOVE) {
      remove(ctx, image, name);
    } else if (BASE.contains(name)) {
      setBase(image, name, change.value());
    } else {
      setProperty(ctx, image, change);
    }
  }

  /**
   * A custom property, under the property protections: one the caller may not read is, to it, one
   * that does not exist; replacing needs update permission, adding an existing one update and a
   * new one create permission.
   */
  private void setProperty(RequestContext ctx, Image image, ImageChange change) {
    String name = change.name();
    boolean exists = visibleProperty(ctx, image, name);
    if (change.op() == ImageChange.Op.REPLACE && !exists) {
      throw missing(name);
    }
    PropertyProtections protections = policy.properties();
    if (exists ? !protections.canUpdate(ctx, name) : !protections.canCreate(ctx, name)) {
      throw protectedProperty(name);
    }
    // null only gets here for the schema's nullable extra properties (kernel_id, ramdisk_id)
    image.getProperties().put(name, change.value() == null ? null : string(name, change.value()));
  }

  private void remove(RequestContext ctx, Image image, String name) {
    if (BASE.contains(name)) {
      throw new ForbiddenException(DENIED + "Property " + name + " may not be removed.");
    }
    if (!visibleProperty(ctx, image, name)) {
      throw missing(name);
    }
    if (!policy.properties().canDelete(ctx, name)) {
      throw protectedProperty(name);
    }
    image.getProperties().remove(name);
  }

  private boolean visibleProperty(RequestContext ctx, Image image, String name) {
    return image.getProperties().containsKey(name) && policy.properties().canRead(ctx, name);
  }

  /** Glance's answer when property protections refuse a change. */
  static ForbiddenException protectedProperty(String name) {
    return new ForbiddenException("Attribute '" + name + "' is reserved.");
  }

  private static ConflictException missing(String name) {
    return new ConflictException(CONFLICT + "Property " + name + " does not exist.");
  }

  private static void setBase(Image image, String name, Object value) {
    switch (name) {
      case "name" -> image.setName(value == null ? null : string(name, value));
      case "visibility" -> image.setVisibility(visibility(value));
      case "protected" -> image.setProtected(bool(name, value));
      case "os_hidden" -> image.setOsHidden(bool(name, value));
      case "min_disk" -> image.setMinDisk(integer(name, value));
      case "min_ram" -> image.setMinRam(integer(name, value));
      case "disk_format" -> {
        requireQueued(image, name);
        image.setDiskFormat(value == null ? null : string(name, value));
      }
      case "container_format" -> {
        requireQueued(image, name);
        image.setContainerFormat(value == null ? null : string(name, value));
      }
      case "owner" -> image.setOwner(value == null ? null : string(name, value));
      case "tags" -> image.setTags(tags(value));
      default -> throw new IllegalStateException("not a base attribute: " + name);
    }
  }

  private static void requireQueued(Image image, String name) {
    if (image.getStatus() != ImageStatus.QUEUED && image.getStatus() != ImageStatus.IMPORTING) {
      throw new ForbiddenException("Attribute " + name + " can be only replaced for a queued image.");
    }
  }

  private static Visibility visibility(Object value) {
    if (value instanceof String s) {
      return Visibility.parse(s).orElseThrow(() -> badVisibility());
    }
    throw badVisibility();
  }

  private static BadRequestException badVisibility() {
    return new BadRequestException("Visibility must be one of \"community\", \"public\", \"private\", or \"shared\"");
  }

  private static String string(String name, Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw new BadRequestException("Value of '" + name + "' must be a string.");
  }

  private static boolean bool(String name, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new BadRequestException("Value of '" + name + "' must be a boolean.");
  }

  private static int integer(String name, Object value) {
    if (value instanceof Number n && n.longValue() == n.doubleValue()
        && n.longValue() <= Integer.MAX_VALUE && n.longValue() >= Integer.MIN_VALUE) {
      return n.intValue();
    }
    throw new BadRequestException("Value of '" + name + "' must be an integer.");
  }

  private static Set<String> tags(Object value) {
    if (value instanceof Collection<?> c) {
      Set<String> tags = new LinkedHashSet<>();
      for (Object t : c) {
        tags.add(string("tags", t));
      }
      return tags;
    }
    throw new BadRequestException("Value of 'tags' must be a list of strings.");
  }
}
