package org.glimpse.core.service;

/**
 * Upload limits: {@code imageSizeCap} bytes per image, {@code userStorageQuota} bytes per owner
 * across its images (0 = unlimited), as Glance's options of the same names.
 */
public record DataLimits(long imageSizeCap, long userStorageQuota) {
  public static DataLimits glanceDefaults() {
    return new DataLimits(1099511627776L, 0L);
  }
}
