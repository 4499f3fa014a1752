package org.glimpse.core.service;

import java.util.Map;
import java.util.function.Supplier;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.ProjectUsage;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ProjectLimits;

/**
 * Glance's unified limits on image counts ({@code use_keystone_limits}): a project may hold at
 * most {@code image_count_total} images and have at most {@code image_count_uploading} of them
 * receiving data. Limits are read first (never while holding a lock); then the count is read and
 * the change made with the owner's lock held, so concurrent requests, on any node sharing the
 * database, never pass one check for the same last slot. Unlike Glance, which checks the upload
 * count with a delta of 0 and so lets a project go one over, an image starting to receive data
 * counts itself: the limit is never exceeded.
 */
public final class LimitEnforcer {
  private final ImageRepository images;
  private final ProjectLimits limits;

  /** @param limits the project limits, or null when use_keystone_limits is off */
  public LimitEnforcer(ImageRepository images, ProjectLimits limits) {
    this.images = images;
    this.limits = limits;
  }

  public boolean enabled() {
    return limits != null;
  }

  /** The project's limits, or null when limits are off. */
  public Map<String, Long> limitsOf(String owner) {
    return limits == null || owner == null ? null : limits.limitsOf(owner);
  }

  /**
   * Runs {@code create}, which creates one image of {@code owner}, within image_count_total; an
   * image created already receiving data ({@code status} saving: v1's create with data) also
   * within image_count_uploading.
   */
  public <T> T creating(String owner, ImageStatus status, Supplier<T> create) {
    Map<String, Long> known = limitsOf(owner);
    if (known == null) {
      return create.get();
    }
    long limit = limitOf(known, UsageService.IMAGE_COUNT_TOTAL);
    long uploadingLimit = limitOf(known, UsageService.IMAGE_COUNT_UPLOADING);
    return images.underOwnerLock(owner, () -> {
      ProjectUsage used = images.usageOf(owner);
      check(owner, UsageService.IMAGE_COUNT_TOTAL, limit, used.imageCount(), 1);
      if (receiving(status)) {
        check(owner, UsageService.IMAGE_COUNT_UPLOADING, uploadingLimit, used.uploadingCount(), 1);
      }
      return create.get();
    });
  }

  /**
   * Runs {@code change}, which makes image {@code imageId} of {@code owner} receive data (saving,
   * uploading or importing), within image_count_uploading. An image already receiving data (staged,
   * now importing) is counted already.
   */
  public <T> T startingUpload(String owner, String imageId, Supplier<T> change) {
    Map<String, Long> known = limitsOf(owner);
    if (known == null) {
      return change.get();
    }
    long limit = limitOf(known, UsageService.IMAGE_COUNT_UPLOADING);
    return images.underOwnerLock(owner, () -> {
      boolean counted = images.find(imageId).map(i -> receiving(i.getStatus())).orElse(false);
      ProjectUsage used = images.usageOf(owner);
      check(owner, UsageService.IMAGE_COUNT_UPLOADING, limit, used.uploadingCount(), counted ? 0 : 1);
      return change.get();
    });
  }

  static boolean receiving(ImageStatus status) {
    return status == ImageStatus.SAVING || status == ImageStatus.UPLOADING || status == ImageStatus.IMPORTING;
  }

  private static long limitOf(Map<String, Long> known, String resource) {
    Long limit = known.get(resource);
    return limit == null ? 0 : limit;
  }

  /** Refuses as Glance does (its LimitExceeded, 413) when usage plus delta passes the limit. */
  static void check(String project, String resource, long limit, long usage, long delta) {
    if (limit != ProjectLimits.UNLIMITED && usage + delta > limit) {
      throw exceeded(project, resource, limit, usage, delta);
    }
  }

  static TooLargeException exceeded(String project, String resource, long limit, long usage, long delta) {
    return new TooLargeException("The request returned a 413 Request Entity Too Large. This generally means"
        + " that rate limiting or a quota threshold was breached.\n\nThe response body:\nProject " + project
        + " is over a limit for [Resource " + resource + " is over limit of " + limit + " due to current usage "
        + usage + " and delta " + delta + "]");
  }
}
