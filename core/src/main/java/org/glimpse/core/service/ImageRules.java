package org.glimpse.core.service;

import java.util.List;
import java.util.Map;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.Image;

/**
 * The value rules every image must keep, whichever API changed it: known formats, lengths, and
 * the per-image property and tag quotas.
 */
public final class ImageRules {
  public static final int MAX_NAME = 255;
  public static final int MAX_PROPERTY_KEY = 255;
  public static final int MAX_PROPERTY_VALUE = 65535;
  public static final int MAX_TAG = 255;

  private final List<String> diskFormats;
  private final List<String> containerFormats;
  private final int propertyQuota;
  private final int tagQuota;

  public ImageRules(List<String> diskFormats, List<String> containerFormats, int propertyQuota, int tagQuota) {
    this.diskFormats = List.copyOf(diskFormats);
    this.containerFormats = List.copyOf(containerFormats);
    this.propertyQuota = propertyQuota;
    this.tagQuota = tagQuota;
  }

  public static ImageRules glanceDefaults() {
    return new ImageRules(
        List.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"),
        List.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"),
        128,
        128);
  }

  public List<String> diskFormats() {
    return diskFormats;
  }

  public List<String> containerFormats() {
    return containerFormats;
  }

  /** Throws BadRequest (or TooLarge for quotas) naming the first rule the image breaks. */
  public void check(Image image) {
    if (image.getName() != null && image.getName().length() > MAX_NAME) {
      throw new BadRequestException("Image name too long: " + image.getName().length() + " characters (maximum " + MAX_NAME + ").");
    }
    if (image.getDiskFormat() != null && !diskFormats.contains(image.getDiskFormat())) {
      throw new BadRequestException("Invalid disk format '" + image.getDiskFormat() + "' for image.");
    }
    if (image.getContainerFormat() != null && !containerFormats.contains(image.getContainerFormat())) {
      throw new BadRequestException("Invalid container format '" + image.getContainerFormat() + "' for image.");
    }
    if (image.getMinDisk() < 0) {
      throw new BadRequestException("Invalid value '" + image.getMinDisk() + "' for parameter 'min_disk': Cannot be a negative value");
    }
    if (image.getMinRam() < 0) {
      throw new BadRequestException("Invalid value '" + image.getMinRam() + "' for parameter 'min_ram': Cannot be a negative value");
    }
    for (Map.Entry<String, String> p : image.getProperties().entrySet()) {
      // an empty key is allowed: Glance's PATCH path "/" addresses it
      if (p.getKey().length() > MAX_PROPERTY_KEY) {
        throw new BadRequestException("Custom property should not be greater than 255 characters.");
      }
      if (p.getValue() != null && p.getValue().length() > MAX_PROPERTY_VALUE) {
        throw new BadRequestException("Value of property '" + p.getKey() + "' is longer than " + MAX_PROPERTY_VALUE + " characters.");
      }
    }
    for (String tag : image.getTags()) {
      if (tag.length() > MAX_TAG) {
        throw new BadRequestException("Tag '" + tag.substring(0, 20) + "…' is longer than " + MAX_TAG + " characters.");
      }
    }
    if (propertyQuota >= 0 && image.getProperties().size() > propertyQuota) {
      throw new TooLargeException("The limit has been exceeded on the number of allowed image properties. Attempted: "
          + image.getProperties().size() + ", Maximum: " + propertyQuota);
    }
    if (tagQuota >= 0 && image.getTags().size() > tagQuota) {
      throw new TooLargeException("The limit has been exceeded on the number of allowed image tags. Attempted: "
          + image.getTags().size() + ", Maximum: " + tagQuota);
    }
  }
}
