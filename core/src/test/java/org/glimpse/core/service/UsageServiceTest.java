package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.service.UsageService.Quota;
import org.junit.jupiter.api.Test;

class UsageServiceTest {
  private static final long MIB = 1024 * 1024;
  private final InMemoryImages images = new InMemoryImages();

  private void add(String id, String owner, ImageStatus status, long size) {
    Image image = new Image();
    image.setId(id);
    image.setOwner(owner);
    image.setStatus(status);
    image.setSize(size);
    image.setLocation("file:///x/" + id);
    images.create(image);
  }

  @Test
  void reportsTheFourResourcesInMibWithTheStorageQuotaAsTheSizeLimit() {
    add("a", "p", ImageStatus.ACTIVE, 3 * MIB + 5);
    add("b", "p", ImageStatus.UPLOADING, 2 * MIB);
    add("c", "other", ImageStatus.ACTIVE, 50 * MIB);

    Map<String, Quota> usage = new UsageService(images, 10 * MIB + 1).usage(ServiceFakes.project("p"));

    assertThat(usage.keySet()).containsExactly("image_size_total", "image_stage_total", "image_count_total",
        "image_count_uploading");
    assertThat(usage.get("image_size_total")).isEqualTo(new Quota(3, 10));
    assertThat(usage.get("image_stage_total")).isEqualTo(new Quota(2, -1));
    assertThat(usage.get("image_count_total")).isEqualTo(new Quota(2, -1));
    assertThat(usage.get("image_count_uploading")).isEqualTo(new Quota(1, -1));
  }

  @Test
  void withoutAStorageQuotaNothingIsLimitedAndACallerWithoutProjectUsesNothing() {
    add("a", "p", ImageStatus.ACTIVE, MIB);
    UsageService service = new UsageService(images, 0);

    assertThat(service.usage(ServiceFakes.project("p")).get("image_size_total")).isEqualTo(new Quota(1, -1));
    assertThat(service.usage(RequestContext.anonymous("r")).values())
        .allSatisfy(q -> assertThat(q).isEqualTo(new Quota(0, -1)));
  }

  @Test
  void withUnifiedLimitsTheLimitsAreKeystonesAndAMissingOneIsZero() {
    add("a", "p", ImageStatus.ACTIVE, 3 * MIB);
    add("b", "p", ImageStatus.SAVING, 0);
    UsageService service = new UsageService(images, 10 * MIB, project -> Map.of(
        "image_size_total", 100L, "image_count_total", -1L, "image_count_uploading", 5L));

    Map<String, Quota> usage = service.usage(ServiceFakes.project("p"));
    assertThat(usage.keySet()).containsExactly("image_size_total", "image_stage_total", "image_count_total",
        "image_count_uploading");
    assertThat(usage.get("image_size_total")).isEqualTo(new Quota(3, 100));
    assertThat(usage.get("image_stage_total")).isEqualTo(new Quota(0, 0));
    assertThat(usage.get("image_count_total")).isEqualTo(new Quota(2, -1));
    assertThat(usage.get("image_count_uploading")).isEqualTo(new Quota(1, 5));
  }
}
