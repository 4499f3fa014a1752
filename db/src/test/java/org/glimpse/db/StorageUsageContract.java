package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.image;

import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.ProjectUsage;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** Storage quota usage: the stored bytes of an owner's live images. */
interface StorageUsageContract extends RepositoryFixture {

  @Test
  default void storageUsedCountsStoredDataOfLiveImagesOnly() {
    createAll(
        stored("active", "p1", ImageStatus.ACTIVE, 100L),
        stored("deactivated", "p1", ImageStatus.DEACTIVATED, 20L),
        stored("saving", "p1", ImageStatus.SAVING, 3L),
        stored("killed", "p1", ImageStatus.KILLED, 1_000L),
        stored("pending", "p1", ImageStatus.PENDING_DELETE, 2_000L),
        stored("deleted", "p1", ImageStatus.ACTIVE, 4_000L),
        stored("no-size", "p1", ImageStatus.ACTIVE, null),
        stored("others", "p2", ImageStatus.ACTIVE, 50_000L));
    images().delete(TestImages.id("deleted"), T0.plusSeconds(1));
    Image queued = stored("queued", "p1", ImageStatus.QUEUED, 7L);
    queued.setLocation(null);
    images().create(queued);

    assertThat(images().storageUsedBy("p1", null)).isEqualTo(123L);
    assertThat(images().storageUsedBy("p1", TestImages.id("active"))).isEqualTo(23L);
    assertThat(images().storageUsedBy("p2", null)).isEqualTo(50_000L);
    assertThat(images().storageUsedBy("nobody", null)).isZero();
  }

  @Test
  default void checksUnderTheOwnerLockNeverPassTogetherForTheLastSlot() {
    // eight creators check the count, then create, each under the owner's lock: three slots, three images
    java.util.List<Boolean> created = Concurrently.run(8, 8, i -> () -> images().underOwnerLock("lk1", () -> {
      if (images().usageOf("lk1").imageCount() >= 3) {
        return false;
      }
      images().create(image("lock-" + i, "lk1", Visibility.PRIVATE, i));
      return true;
    }));
    assertThat(created).filteredOn(b -> b).hasSize(3);
    assertThat(images().usageOf("lk1").imageCount()).isEqualTo(3);
  }

  @Test
  default void aFailureUnderTheOwnerLockUndoesItsChanges() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> images().underOwnerLock("lk2", () -> {
      images().create(image("undone", "lk2", Visibility.PRIVATE, 1));
      throw new IllegalStateException("refused after the write");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(images().find(TestImages.id("undone"))).isEmpty();
  }

  @Test
  default void keystonesImageSizeTotalLeavesStagedDataOut() {
    createAll(stored("kept-s", "s1", ImageStatus.ACTIVE, 40L), stored("staged-s", "s1", ImageStatus.UPLOADING, 30L),
        stored("importing-s", "s1", ImageStatus.IMPORTING, 5L), saving("up-s", "s1", "lease-s"));
    String up = TestImages.id("up-s");
    // user_storage_quota counts staged data: 40 + 30 + 5 + 30 > 100
    assertThat(images().reserveStorage("s1", up, "lease-s", 30L, 100L, true)).isFalse();
    // image_size_total does not: 40 + 60 fits, 40 + 61 does not
    assertThat(images().reserveStorage("s1", up, "lease-s", 60L, 100L, false)).isTrue();
    assertThat(images().reserveStorage("s1", up, "lease-s", 61L, 100L, false)).isFalse();
  }

  @Test
  default void stagingReservationsCountAgainstStagedDataWhileTheirStageHoldsTheImage() {
    createAll(stored("kept-t", "t1", ImageStatus.ACTIVE, 1_000L), stored("staged-t", "t1", ImageStatus.UPLOADING, 30L),
        staging("st1", "t1", "stage-1"), staging("st2", "t1", "stage-2"));
    String st1 = TestImages.id("st1");
    String st2 = TestImages.id("st2");
    // stored data does not count; staged 30 + 50 fits in 100
    assertThat(images().reserveStaging("t1", st1, "stage-1", 50L, 100L)).isTrue();
    // 30 + the other stage's 50 + 21 does not
    assertThat(images().reserveStaging("t1", st2, "stage-2", 21L, 100L)).isFalse();
    assertThat(images().reserveStaging("t1", st2, "stage-2", 20L, 100L)).isTrue();
    images().releaseStorage("stage-1");
    assertThat(images().reserveStaging("t1", st2, "stage-2", 70L, 100L)).isTrue();
    // a stage's reservation is not stored data: uploads are not bound by it
    assertThat(images().reserveStorage("t1", "other", "lease-t", 100L, 1_100L, false)).isTrue();
  }

  @Test
  default void reservationsCountWhileTheirUploadHoldsTheImage() {
    createAll(stored("kept", "r1", ImageStatus.ACTIVE, 40L), saving("up1", "r1", "lease-1"),
        saving("up2", "r1", "lease-2"));
    String up1 = TestImages.id("up1");
    String up2 = TestImages.id("up2");
    assertThat(images().reserveStorage("r1", up1, "lease-1", 50L, 100L)).isTrue();
    // stored 40 + the other upload's 50 + 20 > 100
    assertThat(images().reserveStorage("r1", up2, "lease-2", 20L, 100L)).isFalse();
    assertThat(images().reserveStorage("r1", up2, "lease-2", 10L, 100L)).isTrue();
    // an upload's new total replaces its old one
    assertThat(images().reserveStorage("r1", up1, "lease-1", 50L, 100L)).isTrue();
    assertThat(images().reserveStorage("r1", up1, "lease-1", 51L, 100L)).isFalse();
    // another owner is not affected
    assertThat(images().reserveStorage("r2", "other-image", "lease-3", 100L, 100L)).isTrue();
    // released: its bytes no longer count
    images().releaseStorage("lease-1");
    assertThat(images().reserveStorage("r1", up2, "lease-2", 60L, 100L)).isTrue();
    assertThat(images().reserveStorage("r1", up1, "lease-1", 1L, 100L)).isFalse();
  }

  @Test
  default void usageSeparatesStoredFromStagedDataAndCountsLiveImages() {
    long mib = 1024 * 1024;
    createAll(
        stored("u-active", "u1", ImageStatus.ACTIVE, 3 * mib),
        stored("u-deactivated", "u1", ImageStatus.DEACTIVATED, mib),
        stored("u-staged", "u1", ImageStatus.UPLOADING, 5 * mib),
        stored("u-importing", "u1", ImageStatus.IMPORTING, 7 * mib),
        stored("u-killed", "u1", ImageStatus.KILLED, 100 * mib),
        stored("u-pending", "u1", ImageStatus.PENDING_DELETE, 100 * mib),
        stored("u-deleted", "u1", ImageStatus.ACTIVE, 100 * mib),
        stored("u-other", "u2", ImageStatus.ACTIVE, 100 * mib),
        saving("u-saving", "u1", "lease-u"));
    images().delete(TestImages.id("u-deleted"), T0.plusSeconds(1));
    Image queued = stored("u-queued", "u1", ImageStatus.QUEUED, null);
    queued.setLocation(null);
    images().create(queued);

    // live: active, deactivated, staged, importing, saving, queued
    assertThat(images().usageOf("u1")).isEqualTo(new ProjectUsage(4 * mib, 12 * mib, 6, 3));
    assertThat(images().usageOf("u2")).isEqualTo(new ProjectUsage(100 * mib, 0, 1, 0));
    assertThat(images().usageOf("nobody")).isEqualTo(ProjectUsage.NONE);
  }

  private static Image staging(String name, String owner, String uploadId) {
    Image image = saving(name, owner, uploadId);
    image.setStatus(ImageStatus.UPLOADING);
    return image;
  }

  private static Image saving(String name, String owner, String uploadId) {
    Image image = image(name, owner, Visibility.PRIVATE, 0);
    image.setStatus(ImageStatus.SAVING);
    image.setUpload(new org.glimpse.core.image.UploadLease(uploadId, "host:1 req-" + name,
        T0.plusSeconds(3600), ImageStatus.QUEUED));
    return image;
  }

  private static Image stored(String name, String owner, ImageStatus status, Long size) {
    Image image = image(name, owner, Visibility.PRIVATE, 0);
    image.setStatus(status);
    image.setSize(size);
    image.setLocation("file:///images/" + name);
    return image;
  }
}
