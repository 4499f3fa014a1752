package org.glimpse.core.service;

import java.util.LinkedHashMap;
import java.util.Map;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.ProjectUsage;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ProjectLimits;

/**
 * The caller's project quota usage ({@code GET /v2/info/usage}): Glance's four quota resources,
 * each with what the project uses and its limit. Sizes are in MiB, rounded down, as Glance
 * reports them. Like Glance, any authenticated caller may ask about its own project; there is no
 * policy rule for it.
 */
public final class UsageService {
  public static final String IMAGE_SIZE_TOTAL = "image_size_total";
  public static final String IMAGE_STAGE_TOTAL = "image_stage_total";
  public static final String IMAGE_COUNT_TOTAL = "image_count_total";
  public static final String IMAGE_COUNT_UPLOADING = "image_count_uploading";
  /** A resource without a limit, as oslo.limit writes it. */
  public static final long UNLIMITED = -1;

  private static final long MIB = 1024 * 1024;

  private final ImageRepository images;
  private final long userStorageQuota;
  private final ProjectLimits limits;

  /** @param userStorageQuota the enforced {@code user_storage_quota} in bytes, 0 for none */
  public UsageService(ImageRepository images, long userStorageQuota) {
    this(images, userStorageQuota, null);
  }

  /**
   * @param limits Keystone's unified limits ({@code use_keystone_limits}), or null; when set, they
   *     are the limits reported, as in Glance
   */
  public UsageService(ImageRepository images, long userStorageQuota, ProjectLimits limits) {
    this.images = images;
    this.userStorageQuota = userStorageQuota;
    this.limits = limits;
  }

  /** One quota resource: what is used and the limit ({@link #UNLIMITED} when there is none). */
  public record Quota(long usage, long limit) {}

  /** The four resources of the caller's project, in Glance's order. */
  public Map<String, Quota> usage(RequestContext ctx) {
    ProjectUsage used = ctx.owner() == null ? ProjectUsage.NONE : images.usageOf(ctx.owner());
    Map<String, Quota> quotas = new LinkedHashMap<>();
    if (limits != null && ctx.owner() != null) {
      Map<String, Long> set = limits.limitsOf(ctx.owner());
      quotas.put(IMAGE_SIZE_TOTAL, new Quota(used.storedBytes() / MIB, set.getOrDefault(IMAGE_SIZE_TOTAL, 0L)));
      quotas.put(IMAGE_STAGE_TOTAL, new Quota(used.stagedBytes() / MIB, set.getOrDefault(IMAGE_STAGE_TOTAL, 0L)));
      quotas.put(IMAGE_COUNT_TOTAL, new Quota(used.imageCount(), set.getOrDefault(IMAGE_COUNT_TOTAL, 0L)));
      quotas.put(IMAGE_COUNT_UPLOADING, new Quota(used.uploadingCount(),
          set.getOrDefault(IMAGE_COUNT_UPLOADING, 0L)));
      return quotas;
    }
    // user_storage_quota bounds stored and staged data together; it is the stored total's limit
    quotas.put(IMAGE_SIZE_TOTAL, new Quota(used.storedBytes() / MIB,
        userStorageQuota > 0 ? userStorageQuota / MIB : UNLIMITED));
    quotas.put(IMAGE_STAGE_TOTAL, new Quota(used.stagedBytes() / MIB, UNLIMITED));
    quotas.put(IMAGE_COUNT_TOTAL, new Quota(used.imageCount(), UNLIMITED));
    quotas.put(IMAGE_COUNT_UPLOADING, new Quota(used.uploadingCount(), UNLIMITED));
    return quotas;
  }
}
