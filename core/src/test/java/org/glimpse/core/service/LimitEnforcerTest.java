package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.project;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.port.ProjectLimits;
import org.glimpse.core.time.ImageClock;
import org.junit.jupiter.api.Test;

/** Unified limits on image counts, enforced by the services over in-memory ports. */
class LimitEnforcerTest {
  private final Map<String, Long> limits = new HashMap<>(Map.of(
      UsageService.IMAGE_COUNT_TOTAL, 2L, UsageService.IMAGE_COUNT_UPLOADING, 1L,
      UsageService.IMAGE_SIZE_TOTAL, ProjectLimits.UNLIMITED, UsageService.IMAGE_STAGE_TOTAL, ProjectLimits.UNLIMITED));
  private final ServiceFakes f = new ServiceFakes(new ImageClock(Clock.systemUTC()),
      new Services.Settings(ImageRules.glanceDefaults(), DataLimits.glanceDefaults(), 128, false,
          Services.Settings.DEFAULT_UPLOAD_LEASE_TIME, org.glimpse.core.data.HashAlgorithm.SHA512, false,
          project -> Map.copyOf(limits)));

  private String create(String owner) {
    NewImage spec = new NewImage();
    spec.diskFormat = "raw";
    spec.containerFormat = "bare";
    return f.service.create(project(owner), spec).getId();
  }

  @Test
  void aProjectAtImageCountTotalMayNotCreateAnotherAndGetsGlancesMessage() {
    create("p");
    create("p");
    assertThatThrownBy(() -> create("p"))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("quota threshold was breached")
        .hasMessageContaining("Project p is over a limit for [Resource image_count_total is over limit of 2"
            + " due to current usage 2 and delta 1]");
    assertThat(f.images.usageOf("p").imageCount()).isEqualTo(2);
    create("q"); // another project's count is its own
  }

  @Test
  void minusOneIsUnlimitedAndZeroAllowsNothing() {
    limits.put(UsageService.IMAGE_COUNT_TOTAL, ProjectLimits.UNLIMITED);
    for (int i = 0; i < 5; i++) {
      create("p");
    }
    limits.put(UsageService.IMAGE_COUNT_TOTAL, 0L);
    assertThatThrownBy(() -> create("fresh")).isInstanceOf(TooLargeException.class)
        .hasMessageContaining("over limit of 0 due to current usage 0 and delta 1");
  }

  @Test
  void anUploadMayNotStartWhileImageCountUploadingIsReachedAndTheImageStaysQueued() {
    limits.put(UsageService.IMAGE_COUNT_TOTAL, 10L);
    String first = create("p");
    String second = create("p");
    // the first image is receiving data: one upload in flight
    f.images.update(first, image -> image.setStatus(ImageStatus.SAVING));

    assertThatThrownBy(() -> f.data.upload(project("p"), second, new ByteArrayInputStream(new byte[3]), 3))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("Resource image_count_uploading is over limit of 1 due to current usage 1 and delta 1");
    assertThat(f.images.find(second).orElseThrow().getStatus()).isEqualTo(ImageStatus.QUEUED);

    f.images.update(first, image -> image.setStatus(ImageStatus.QUEUED));
    assertThat(f.data.upload(project("p"), second, new ByteArrayInputStream(new byte[3]), 3).getStatus())
        .isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void v1UploadsCountAsImagesReceivingData() {
    limits.put(UsageService.IMAGE_COUNT_TOTAL, 10L);
    String busy = create("p");
    f.images.update(busy, image -> image.setStatus(ImageStatus.SAVING));
    V1ImageMeta meta = new V1ImageMeta().put("disk_format", "raw").put("container_format", "bare");

    // created with data: refused before the record is written
    assertThatThrownBy(() -> f.v1Images.create(project("p"), meta, ServiceFakes.upload("abc")))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("Resource image_count_uploading is over limit of 1 due to current usage 1 and delta 1");
    assertThat(f.images.usageOf("p").imageCount()).isEqualTo(1);
    // data sent to a queued image: refused, the image stays queued
    String queued = f.v1Images.create(project("p"), meta, null).getId();
    assertThatThrownBy(() -> f.v1Images.update(project("p"), queued, new V1ImageMeta(), ServiceFakes.upload("abc")))
        .isInstanceOf(TooLargeException.class);
    assertThat(f.images.find(queued).orElseThrow().getStatus()).isEqualTo(ImageStatus.QUEUED);

    f.images.update(busy, image -> image.setStatus(ImageStatus.QUEUED));
    assertThat(f.v1Images.update(project("p"), queued, new V1ImageMeta(), ServiceFakes.upload("abc")).getStatus())
        .isEqualTo(ImageStatus.ACTIVE);
    assertThat(f.v1Images.create(project("p"), meta, ServiceFakes.upload("abc")).getStatus())
        .isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void anImageAlreadyReceivingDataIsCountedOnce() {
    String staged = create("p");
    f.images.update(staged, image -> image.setStatus(ImageStatus.UPLOADING));
    assertThat(f.images.usageOf("p").uploadingCount()).isEqualTo(1);
    // moving the staged image on (to importing) takes no second slot, a queued image would
    assertThat(f.services.limits().startingUpload("p", staged, () -> "moved")).isEqualTo("moved");
    String queued = create("p");
    assertThatThrownBy(() -> f.services.limits().startingUpload("p", queued, () -> "moved"))
        .isInstanceOf(TooLargeException.class);
  }

  @Test
  void withoutLimitsNothingIsChecked() {
    LimitEnforcer off = new LimitEnforcer(f.images, null);
    assertThat(off.enabled()).isFalse();
    assertThat(off.creating("p", ImageStatus.SAVING, () -> "created")).isEqualTo("created");
    assertThat(off.limitsOf("p")).isNull();
  }

  @Test
  void storedDataIsBoundByImageSizeTotalInMibAndUserStorageQuotaIsThenNotApplied() {
    limits.put(UsageService.IMAGE_COUNT_TOTAL, 10L);
    limits.put(UsageService.IMAGE_COUNT_UPLOADING, 10L);
    limits.put(UsageService.IMAGE_SIZE_TOTAL, 1L);
    String first = create("p");
    f.data.upload(project("p"), first, new ByteArrayInputStream(new byte[700 * 1024]), 700 * 1024);
    String second = create("p");
    // announced: refused before anything is written
    assertThatThrownBy(() -> f.data.upload(project("p"), second, new ByteArrayInputStream(new byte[400 * 1024]),
        400 * 1024))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("Resource image_size_total is over limit of 1 due to current usage 0 and delta 1");
    // unannounced (chunked): refused when the bytes pass the limit
    assertThatThrownBy(() -> f.data.upload(project("p"), second, new ByteArrayInputStream(new byte[400 * 1024]), -1))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("Resource image_size_total is over limit of 1");
    assertThat(f.images.find(second).orElseThrow().getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(f.data.upload(project("p"), second, new ByteArrayInputStream(new byte[300 * 1024]), 300 * 1024)
        .getStatus()).isEqualTo(ImageStatus.ACTIVE);

    limits.put(UsageService.IMAGE_SIZE_TOTAL, ProjectLimits.UNLIMITED);
    String big = create("p");
    assertThat(f.data.upload(project("p"), big, new ByteArrayInputStream(new byte[3 << 20]), 3 << 20).getStatus())
        .isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void withUnifiedLimitsUserStorageQuotaIsNotApplied() {
    ServiceFakes both = new ServiceFakes(new ImageClock(Clock.systemUTC()),
        new Services.Settings(ImageRules.glanceDefaults(), new DataLimits(1L << 40, 10), 128, false,
            Services.Settings.DEFAULT_UPLOAD_LEASE_TIME, org.glimpse.core.data.HashAlgorithm.SHA512, false,
            project -> Map.of(UsageService.IMAGE_COUNT_TOTAL, 5L, UsageService.IMAGE_COUNT_UPLOADING, 5L,
                UsageService.IMAGE_SIZE_TOTAL, 1L)));
    NewImage spec = new NewImage();
    spec.diskFormat = "raw";
    spec.containerFormat = "bare";
    String id = both.service.create(project("p"), spec).getId();
    assertThat(both.data.upload(project("p"), id, new ByteArrayInputStream(new byte[1000]), 1000).getStatus())
        .isEqualTo(ImageStatus.ACTIVE);
  }
}
