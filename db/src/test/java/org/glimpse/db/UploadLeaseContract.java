package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.id;
import static org.glimpse.db.TestImages.image;

import java.time.Instant;
import java.util.List;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.port.ImageRepository.DataState;
import org.junit.jupiter.api.Test;

/** Upload leases: stored with the image, renewed alone, found once expired; the store sweep's lookup. */
interface UploadLeaseContract extends RepositoryFixture {

  private Image saving(String name, String uploadId, Instant expiresAt, ImageStatus fallback) {
    Image image = image(name, "p1", Visibility.SHARED, 0);
    image.setStatus(ImageStatus.SAVING);
    image.setUpload(new UploadLease(uploadId, "host-a:4242 req-" + name, expiresAt, fallback));
    images().create(image);
    return image;
  }

  private List<String> expiredNames(Instant now, Instant unleasedBefore, String afterName, int limit) {
    return TestImages.names(images().findExpiredUploads(now, unleasedBefore,
        afterName == null ? null : id(afterName), limit));
  }

  @Test
  default void aLeaseIsStoredWithItsImageAndClearedWithIt() {
    Instant expires = T0.plusSeconds(60).plusNanos(123_456_000);
    saving("img", "0123456789abcdef0123456789abcdef", expires, ImageStatus.KILLED);

    UploadLease stored = images().find(id("img")).orElseThrow().getUpload();
    assertThat(stored).isEqualTo(new UploadLease("0123456789abcdef0123456789abcdef", "host-a:4242 req-img",
        expires, ImageStatus.KILLED));

    Image active = images().update(id("img"), image -> {
      image.setStatus(ImageStatus.ACTIVE);
      image.setUpload(null);
    });
    assertThat(active.getUpload()).isNull();
    assertThat(images().find(id("img")).orElseThrow().getUpload()).isNull();
  }

  @Test
  default void renewingMovesOnlyTheDeadlineOfTheUploadHoldingTheImage() {
    saving("img", "u1", T0.plusSeconds(60), ImageStatus.QUEUED);
    Image before = images().find(id("img")).orElseThrow();

    assertThat(images().renewUpload(id("img"), "u1", T0.plusSeconds(90))).isTrue();
    Image after = images().find(id("img")).orElseThrow();
    assertThat(after.getUpload().expiresAt()).isEqualTo(T0.plusSeconds(90));
    assertThat(after.getUpdatedAt()).isEqualTo(before.getUpdatedAt());
    after.setUpload(before.getUpload());
    assertThat(after.sameContent(before)).isTrue();

    assertThat(images().renewUpload(id("img"), "u2", T0.plusSeconds(120))).isFalse();
    assertThat(images().renewUpload(id("nonexistent"), "u1", T0.plusSeconds(120))).isFalse();
    images().update(id("img"), image -> {
      image.setStatus(ImageStatus.QUEUED);
      image.setUpload(null);
    });
    assertThat(images().renewUpload(id("img"), "u1", T0.plusSeconds(120))).isFalse();
    saving("deleted", "u3", T0.plusSeconds(60), ImageStatus.QUEUED);
    images().delete(id("deleted"), T0);
    assertThat(images().renewUpload(id("deleted"), "u3", T0.plusSeconds(120))).isFalse();
  }

  @Test
  default void findsSavingImagesWhoseLeaseExpiredOrThatHaveNoneInIdOrder() {
    saving("expired", "u1", T0.plusSeconds(10), ImageStatus.QUEUED);
    saving("edge", "u2", T0.plusSeconds(20), ImageStatus.KILLED);
    saving("alive", "u3", T0.plusSeconds(30), ImageStatus.QUEUED);
    Image legacy = image("legacy", "p1", Visibility.SHARED, 5);
    legacy.setStatus(ImageStatus.SAVING);
    Image recentLegacy = image("recent legacy", "p1", Visibility.SHARED, 25);
    recentLegacy.setStatus(ImageStatus.SAVING);
    Image queued = image("queued", "p1", Visibility.SHARED, 0);
    queued.setStatus(ImageStatus.QUEUED);
    createAll(legacy, recentLegacy, queued);
    saving("deleted", "u4", T0, ImageStatus.QUEUED);
    images().delete(id("deleted"), T0);

    Instant now = T0.plusSeconds(20).plusNanos(1000);
    Instant unleasedBefore = T0.plusSeconds(10);
    List<String> byId = List.of("expired", "edge", "legacy").stream()
        .sorted((a, b) -> id(a).compareTo(id(b))).toList();
    assertThat(expiredNames(now, unleasedBefore, null, 10)).containsExactlyElementsOf(byId);
    assertThat(expiredNames(now, unleasedBefore, null, 2)).containsExactlyElementsOf(byId.subList(0, 2));
    assertThat(expiredNames(now, unleasedBefore, byId.get(1), 10)).containsExactly(byId.get(2));
    assertThat(expiredNames(T0.plusSeconds(20), T0.plusSeconds(5), null, 10)).containsExactly("expired");
    Image found = images().findExpiredUploads(now, unleasedBefore, null, 10).stream()
        .filter(i -> i.getName().equals("edge")).findFirst().orElseThrow();
    assertThat(found.getUpload().fallback()).isEqualTo(ImageStatus.KILLED);
  }

  @Test
  default void dataStatesTellTheSweepWhatEachImageHolds() {
    Image active = image("active", "p1", Visibility.SHARED, 0);
    active.setLocation("file:///images/active~u0");
    images().create(active);
    saving("saving", "u1", T0.plusSeconds(60), ImageStatus.QUEUED);
    Image gone = image("gone", "p1", Visibility.SHARED, 0);
    gone.setLocation("file:///images/gone~u2");
    images().create(gone);
    images().delete(id("gone"), T0);

    assertThat(images().dataStates(List.of(id("active"), id("saving"), id("gone"), id("nonexistent"))))
        .containsExactlyInAnyOrder(
            new DataState(id("active"), ImageStatus.ACTIVE, List.of("file:///images/active~u0"), null),
            new DataState(id("saving"), ImageStatus.SAVING, List.of(), "u1"),
            new DataState(id("gone"), ImageStatus.DELETED, List.of("file:///images/gone~u2"), null));
    assertThat(images().dataStates(List.of())).isEmpty();
  }
}
