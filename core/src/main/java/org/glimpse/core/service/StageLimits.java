package org.glimpse.core.service;

import java.io.InputStream;
import org.glimpse.core.data.ReservingInputStream;
import org.glimpse.core.image.Image;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ProjectLimits;

/**
 * What staged data may take: with unified limits, Keystone's image_stage_total (MiB of the
 * project's staged data), reserved as the bytes arrive under the owner's lock so concurrent stages
 * never pass it; without, the uploader's allowance (size cap, user_storage_quota) as before.
 */
final class StageLimits {
  private static final long MIB = ImageUploader.MIB;

  private final ImageRepository images;
  private final LimitEnforcer enforcer;
  private final ImageUploader uploader;

  StageLimits(ImageRepository images, LimitEnforcer enforcer, ImageUploader uploader) {
    this.images = images;
    this.enforcer = enforcer;
    this.uploader = uploader;
  }

  /**
   * Bytes the image may still stage: with unified limits, by the size cap and image_stage_total
   * (held by {@link #reservingStage}); else as {@link ImageUploader#allowance}.
   */
  long stageAllowance(Image image) {
    Long left = stageLeft(image);
    return left == null ? uploader.allowance(image) : Math.min(uploader.sizeCap(), left);
  }

  /**
   * The refusal of staged data beyond {@link #stageAllowance}: {@code requested} bytes announced
   * ({@code declared}) or more than allowed arriving.
   */
  RuntimeException overStageAllowance(Image image, long requested, UploadErrors errors, boolean declared) {
    long allowance = stageAllowance(image);
    if (stageLeft(image) != null && allowance < uploader.sizeCap()) {
      long mib = enforcer.limitsOf(image.getOwner()).getOrDefault(UsageService.IMAGE_STAGE_TOTAL, 0L);
      return LimitEnforcer.exceeded(image.getOwner(), UsageService.IMAGE_STAGE_TOTAL, mib,
          images.usageOf(image.getOwner()).stagedBytes() / MIB, (requested + MIB - 1) / MIB);
    }
    boolean quota = allowance < uploader.sizeCap();
    return declared ? errors.declaredTooLarge(requested, allowance, quota) : errors.tooLarge(allowance, quota);
  }

  /** Bytes image_stage_total leaves the owner, or null when it does not apply (no unified limits, unlimited). */
  private Long stageLeft(Image image) {
    Long bytes = stageLimit(image.getOwner());
    return bytes == null ? null : Math.max(0, bytes - images.usageOf(image.getOwner()).stagedBytes());
  }

  /** image_stage_total in bytes, or null when it does not apply. */
  private Long stageLimit(String owner) {
    if (!enforcer.enabled() || owner == null) {
      return null;
    }
    long mib = enforcer.limitsOf(owner).getOrDefault(UsageService.IMAGE_STAGE_TOTAL, 0L);
    if (mib == ProjectLimits.UNLIMITED) {
      return null;
    }
    return mib > Long.MAX_VALUE / MIB ? Long.MAX_VALUE : mib * MIB;
  }

  /**
   * With image_stage_total, the staged body passes only bytes reserved first under the stage's
   * {@code uploadId} (the stager releases it with {@link ImageUploader#release}), so concurrent
   * stages of one project never pass it; else the body as it is.
   */
  InputStream reservingStage(Image image, String uploadId, long expectedSize, InputStream in,
      UploadErrors errors) {
    Long limit = stageLimit(image.getOwner());
    if (limit == null) {
      return in;
    }
    String owner = image.getOwner();
    if (expectedSize > 0 && !images.reserveStaging(owner, image.getId(), uploadId, expectedSize, limit)) {
      throw overStageAllowance(image, expectedSize, errors, true);
    }
    return new ReservingInputStream(in, Math.max(0, expectedSize),
        total -> images.reserveStaging(owner, image.getId(), uploadId, total, limit),
        () -> overStageAllowance(image, stageAllowance(image) + 1, errors, false));
  }
}
