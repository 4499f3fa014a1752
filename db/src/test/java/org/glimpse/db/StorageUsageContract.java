package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.image;

import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
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

  private static Image stored(String name, String owner, ImageStatus status, Long size) {
    Image image = image(name, owner, Visibility.PRIVATE, 0);
    image.setStatus(status);
    image.setSize(size);
    image.setLocation("file:///images/" + name);
    return image;
  }
}
