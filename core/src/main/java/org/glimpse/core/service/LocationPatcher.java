package org.glimpse.core.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import org.glimpse.core.image.ImageLocation;
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
 * size the store reports, asked by {@link #prepare} before the row is locked. An image may have
 * several locations, each with its metadata: {@code add} inserts one at a position (a URL it has
 * already is a 400), {@code remove} takes one out by position, {@code replace} sets the list of an
 * image without one, and of any other may only reorder it and change the metadata (400 otherwise,
 * as Glance). The first location is the primary one, which downloads read.
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
    List<ImageLocation> current = image.getLocations();
    if (change.op() == ImageChange.Op.REMOVE) {
      enforce(ctx, image, PolicyAction.DELETE_IMAGE_LOCATION);
      if (image.getStatus() != ImageStatus.ACTIVE) {
        throw notAllowed(verb, image);
      }
      if (current.size() <= 1) {
        throw new ForbiddenException("Cannot remove last location in the image.");
      }
      int at = position(edit.position(), current.size(), false);
      if (at < 0) {
        throw new BadRequestException("Invalid position for removing a location.");
      }
      // the removed location's data, if a store of ours holds it, is left to the store sweep:
      // no image references it any more once this change commits
      List<ImageLocation> kept = new ArrayList<>(current);
      kept.remove(at);
      image.setLocations(kept);
      return;
    }
    enforce(ctx, image, PolicyAction.SET_IMAGE_LOCATION);
    if (image.getStatus() != ImageStatus.QUEUED && image.getStatus() != ImageStatus.ACTIVE) {
      throw notAllowed(verb, image);
    }
    Map<String, String> validation = validationData(image, edit.locations());
    if (change.op() == ImageChange.Op.ADD) {
      int at = position(edit.position(), current.size(), true);
      if (at < 0) {
        throw new BadRequestException("Invalid position for adding a location.");
      }
      LocationEdit.Location added = edit.locations().get(0);
      requireReadable(added.url());
      if (current.stream().anyMatch(l -> l.url().equals(added.url()))) {
        throw duplicate(added.url());
      }
      List<ImageLocation> locations = new ArrayList<>(current);
      locations.add(at, new ImageLocation(added.url(), added.metadata()));
      image.setLocations(locations);
      activateIfQueued(image, added.url(), validation, sizes);
      return;
    }
    if (edit.locations().isEmpty()) {
      throw new ForbiddenException(ImagePatcher.DENIED + "Cannot set locations to empty list.");
    }
    List<ImageLocation> replacement = new ArrayList<>();
    Set<String> urls = new HashSet<>();
    for (LocationEdit.Location l : edit.locations()) {
      replacement.add(new ImageLocation(l.url(), l.metadata()));
      urls.add(l.url());
    }
    Set<String> currentUrls = new HashSet<>();
    current.forEach(l -> currentUrls.add(l.url()));
    boolean sameUrls = urls.size() == replacement.size() && urls.equals(currentUrls)
        && current.size() == replacement.size();
    if (!current.isEmpty() && !sameUrls) {
      // Glance lets a replace reorder the locations and change their metadata, nothing else
      throw new BadRequestException("Original locations is not empty: "
          + String.join(", ", current.stream().map(ImageLocation::url).toList()));
    }
    if (!sameUrls) {
      Set<String> seen = new HashSet<>();
      for (ImageLocation l : replacement) {
        requireReadable(l.url());
        if (!seen.add(l.url())) {
          throw duplicate(l.url());
        }
      }
    }
    image.setLocations(replacement);
    activateIfQueued(image, replacement.get(0).url(), validation, sizes);
  }

  private void requireReadable(String url) {
    String refusal = store.externalRefusal(url);
    if (refusal != null) {
      throw new BadRequestException(refusal);
    }
  }

  /** A queued image given its first location becomes active, with the size its store reports. */
  private static void activateIfQueued(Image image, String url, Map<String, String> validation,
      Map<String, Long> sizes) {
    if (image.getStatus() != ImageStatus.QUEUED) {
      return;
    }
    Long size = sizes.get(url);
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

  /**
   * The index a JSON pointer's last token names in a list of {@code size} locations, or -1: a
   * number, or {@code -} for the end (adding) or the last one (removing).
   */
  private static int position(String token, int size, boolean adding) {
    int at;
    if (token == null) {
      return -1;
    } else if (token.equals("-")) {
      at = adding ? size : size - 1;
    } else if (token.matches("[0-9]{1,9}")) {
      at = Integer.parseInt(token);
    } else {
      return -1;
    }
    return at >= 0 && (adding ? at <= size : at < size) ? at : -1;
  }

  private static BadRequestException duplicate(String url) {
    return new BadRequestException("The location " + url + " already exists");
  }

  private static ConflictException notAllowed(String verb, Image image) {
    return new ConflictException("It's not allowed to " + verb + " locations if image status is "
        + image.getStatus().wire() + ".");
  }
}
