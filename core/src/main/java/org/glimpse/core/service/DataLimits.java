package org.glimpse.core.service;

import org.glimpse.core.data.format.FormatRules;

/**
 * Upload limits: {@code imageSizeCap} bytes per image, {@code userStorageQuota} bytes per owner
 * across its images (0 = unlimited), as Glance's options of the same names; and the rules that hold
 * the data to its disk_format ({@code [image_format]}).
 */
public record DataLimits(long imageSizeCap, long userStorageQuota, FormatRules formats) {
  public DataLimits(long imageSizeCap, long userStorageQuota) {
    this(imageSizeCap, userStorageQuota, FormatRules.glanceDefaults());
  }

  public static DataLimits glanceDefaults() {
    return new DataLimits(1099511627776L, 0L);
  }
}
