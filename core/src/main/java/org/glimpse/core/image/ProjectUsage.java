package org.glimpse.core.image;

/**
 * What one project's images hold, as Glance's quota resources count it.
 *
 * @param storedBytes data of its live images in the store (not killed, deleted or pending_delete;
 *     staged data of images being uploaded or imported is {@code stagedBytes} instead)
 * @param stagedBytes data staged for images that are {@code uploading} or {@code importing}
 * @param imageCount its images that are not killed, deleted or pending_delete
 * @param uploadingCount its images receiving data: {@code saving}, {@code uploading}, {@code importing}
 */
public record ProjectUsage(long storedBytes, long stagedBytes, long imageCount, long uploadingCount) {
  public static final ProjectUsage NONE = new ProjectUsage(0, 0, 0, 0);
}
