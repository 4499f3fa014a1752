package org.glimpse.core.service;

import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.LocationEdit;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.PolicyAction;
import org.glimpse.core.port.ImageStore;

/**
 * JSON-patch changes of {@code /locations}, with Glance's rules and words: only while locations
 * are shown ({@code show_multiple_locations}); add and replace need {@code set_image_location}
 * and an image queued or active, remove needs {@code delete_image_location} and an active image
 * and never takes the last location; a URL must be one a read-only store reads and the filtering
 * rules allow; {@code validation_data} may state the checksum and multihash of a queued image and
 * must agree with those of an active one. A queued image given a location becomes active with the
 * size the store reports, asked by {@link #prepare} before the row is locked.
 *
 * <p>An image has one location in Glimpse ({@code images.location}), so a second location is
 * refused with a 409 that says so, as is location metadata, which there is nowhere to keep.
 */
final class LocationPatcher {
  private static final List<String> VALIDATION_KEYS = List.of("checksum", "os_hash_algo", "os_hash_value");

  private final ImagePolicy policy;
  private final ImageStore store;
  private final HashAlgorithm hashing;
  private final boolean shown;

  LocationPatcher(ImagePolicy policy, ImageStore store, HashAlgorithm hashing, boolean shown) {
    this.policy = policy;
    this.store = store;
    this.hashing = hashing;
    this.shown = shown;
  }

  /**
   * The sizes of the URLs the changes would give a queued image, asked of the stores now (no row
   * is locked yet); empty when the image is not queued or nothing is added.
   */
  Map<String, Long> prepare(RequestContext ctx, Image image, List<ImageChange> changes) {
    Map<String, Long> sizes = new HashMap<>();
    if (!shown || image.getStatus() != ImageStatus.QUEUED) {
      return sizes;
    }
    for (ImageChange change : changes) {
      if (change.name().equals("locations") && change.value() instanceof LocationEdit edit) {
        for (LocationEdit.Location l : edit.locations()) {
          if (l.url() != null && store.externalRefusal(l.url()) == null && !sizes.containsKey(l.url())) {
            // no request leaves for a caller who may not set the location anyway
            enforce(ctx, image, PolicyAction.SET_IMAGE_LOCATION);
            sizes.put(l.url(), sizeOf(l.url()));
          }
        }
      }
    }
    return sizes;
  }

  /** The image must be the caller's to change (legacy owner checks included), and the action allowed. */
  private void enforce(RequestContext ctx, Image image, PolicyAction action) {
    policy.modifyImage(ctx, image);
    policy.enforceOn(action, ctx, image);
  }

  private long sizeOf(String url) {
    try {
      return store.size(url);
    } catch (IOException e) {
      throw new BadRequestException("Invalid location " + url + ": " + e.getMessage());
    }
  }

  void apply(RequestContext ctx, Image image, ImageChange change, Map<String, Long> sizes) {
    String verb = switch (change.op()) {
      case ADD -> "add";
      case REPLACE -> "replace";
      case REMOVE -> "remove";
    };
    if (!shown) {
      if (change.op() == ImageChange.Op.REPLACE && change.value() instanceof LocationEdit e && e.locations().isEmpty()) {
        throw new ForbiddenException(ImagePatcher.DENIED + "Cannot set locations to empty list.");
      }
      throw new ForbiddenException("It's not allowed to " + (verb.equals("replace") ? "update" : verb)
          + " locations if locations are invisible.");
    }
    LocationEdit edit = (LocationEdit) change.value();
    if (change.op() == ImageChange.Op.REMOVE) {
      enforce(ctx, image, PolicyAction.DELETE_IMAGE_LOCATION);
      if (image.getStatus() != ImageStatus.ACTIVE) {
        throw notAllowed(verb, image);
      }
      // one location per image: whatever the position, it would be the last
      throw new ForbiddenException("Cannot remove last location in the image.");
    }
    enforce(ctx, image, PolicyAction.SET_IMAGE_LOCATION);
    if (image.getStatus() != ImageStatus.QUEUED && image.getStatus() != ImageStatus.ACTIVE) {
      throw notAllowed(verb, image);
    }
    Map<String, String> validation = validationData(image, edit.locations());
    List<String> current = image.getLocation() == null ? List.of() : List.of(image.getLocation());
    if (change.op() == ImageChange.Op.ADD) {
      if (!validPosition(edit.position(), current.size())) {
        throw new BadRequestException("Invalid position for adding a location.");
      }
      LocationEdit.Location added = edit.locations().get(0);
      if (current.contains(added.url())) {
        throw new BadRequestException("The location " + added.url() + " already exists");
      }
      if (!current.isEmpty()) {
        throw oneLocation(image);
      }
      setLocation(image, added, validation, sizes);
      return;
    }
    if (edit.locations().isEmpty()) {
      throw new ForbiddenException(ImagePatcher.DENIED + "Cannot set locations to empty list.");
    }
    if (edit.locations().size() > 1) {
      if (edit.locations().get(0).url().equals(edit.locations().get(1).url())) {
        throw new BadRequestException("The location " + edit.locations().get(1).url() + " already exists");
      }
      throw oneLocation(image);
    }
    LocationEdit.Location only = edit.locations().get(0);
    if (current.contains(only.url())) {
      requireNoMetadata(only);
      return;
    }
    setLocation(image, only, validation, sizes);
  }

  private void setLocation(Image image, LocationEdit.Location location, Map<String, String> validation,
      Map<String, Long> sizes) {
    String refusal = store.externalRefusal(location.url());
    if (refusal != null) {
      throw new BadRequestException(refusal);
    }
    requireNoMetadata(location);
    image.setLocation(location.url());
    if (image.getStatus() == ImageStatus.QUEUED) {
      Long size = sizes.get(location.url());
      if (size == null) {
        throw new ConflictException(ImagePatcher.CONFLICT + "Image " + image.getId() + " changed while its"
            + " location was checked; try again.");
      }
      image.setSize(size);
      validation.forEach((k, v) -> {
        switch (k) {
          case "checksum" -> image.setChecksum(v);
          case "os_hash_algo" -> image.setOsHashAlgo(v);
          default -> image.setOsHashValue(v);
        }
      });
      image.setStatus(ImageStatus.ACTIVE);
    }
  }

  /** Glance's checks of validation_data: the new values it may set, or a 409 naming the problem. */
  private Map<String, String> validationData(Image image, List<LocationEdit.Location> locations) {
    Map<String, String> given = new LinkedHashMap<>();
    for (LocationEdit.Location l : locations) {
      for (Map.Entry<String, String> e : l.validationData().entrySet()) {
        String before = given.putIfAbsent(e.getKey(), e.getValue());
        if (before != null && !before.equals(e.getValue())) {
          throw new ConflictException("Conflicting values for " + e.getKey());
        }
      }
    }
    Map<String, String> fresh = new LinkedHashMap<>();
    for (String key : VALIDATION_KEYS) {
      String value = given.get(key);
      if (value == null) {
        continue;
      }
      String current = switch (key) {
        case "checksum" -> image.getChecksum();
        case "os_hash_algo" -> image.getOsHashAlgo();
        default -> image.getOsHashValue();
      };
      if (value.equals(current)) {
        continue;
      }
      if (current != null && !current.isEmpty()) {
        throw new ConflictException(key + " is already set with a different value");
      }
      fresh.put(key, value);
    }
    if (fresh.isEmpty()) {
      return fresh;
    }
    if (image.getStatus() != ImageStatus.QUEUED) {
      throw new ConflictException("New value(s) for " + String.join(", ", fresh.keySet())
          + " may only be provided when image status is 'queued'");
    }
    if (fresh.containsKey("checksum") && hexBytes(fresh.get("checksum"), "checksum") != 16) {
      throw new ConflictException("checksum (" + fresh.get("checksum") + ") is not the correct size for md5"
          + " (should be 16 bytes)");
    }
    String algo = fresh.get("os_hash_algo");
    if (!hashing.glanceName().equals(algo)) {
      throw new ConflictException("os_hash_algo must be " + hashing.glanceName() + ", not " + algo);
    }
    String value = fresh.get("os_hash_value");
    int want = hashing.newDigest().getDigestLength();
    if (value == null || hexBytes(value, "os_hash_value") != want) {
      throw new ConflictException("os_hash_value (" + value + ") is not the correct size for " + algo
          + " (should be " + want + " bytes)");
    }
    return fresh;
  }

  private static int hexBytes(String value, String key) {
    try {
      return HexFormat.of().parseHex(value).length;
    } catch (IllegalArgumentException e) {
      throw new ConflictException(key + " (" + value + ") is not a valid hexadecimal value");
    }
  }

  private static boolean validPosition(String position, int size) {
    if (position.equals("-")) {
      return true;
    }
    if (!position.matches("[0-9]{1,9}")) {
      return false;
    }
    return Integer.parseInt(position) <= size;
  }

  private static void requireNoMetadata(LocationEdit.Location location) {
    if (!location.metadata().isEmpty()) {
      throw new ConflictException("Glimpse keeps no location metadata; send the location with"
          + " \"metadata\": {}");
    }
  }

  private static ConflictException notAllowed(String verb, Image image) {
    return new ConflictException("It's not allowed to " + verb + " locations if image status is "
        + image.getStatus().wire() + ".");
  }

  private static ConflictException oneLocation(Image image) {
    return new ConflictException("Image " + image.getId() + " has a location already, and Glimpse keeps"
        + " one location per image.");
  }
}
