package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.everything;
import static org.glimpse.db.TestImages.id;
import static org.glimpse.db.TestImages.image;
import static org.glimpse.db.TestImages.member;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** delayed_delete: soft delete to pending_delete, the scrubber's query and its compare-and-swap. */
interface DelayedDeleteContract extends RepositoryFixture {

  private void pending(String name, int deletedSecond) {
    Image image = image(name, "p1", Visibility.SHARED, 0);
    image.setLocation("file:///images/" + name);
    image.setProperties(Map.of("k", "v"));
    images().create(image);
    images().markPendingDelete(id(name), T0.plusSeconds(deletedSecond));
  }

  private List<String> pendingNames(Instant deletedBy, String afterName, int limit) {
    return TestImages.names(images().findPendingDelete(
        deletedBy, afterName == null ? null : id(afterName), limit));
  }

  @Test
  default void deleteWithoutDataRefusesAnImageThatHasDataMeanwhile() {
    images().create(image("bare", "p1", Visibility.SHARED, 0));
    Image full = image("full", "p1", Visibility.SHARED, 0);
    full.setLocation("file:///images/full");
    images().create(full);

    assertThat(images().deleteWithoutData(id("full"), T0)).isFalse();
    assertThat(images().find(id("full"))).isPresent();
    assertThat(images().deleteWithoutData(id("bare"), T0.plusSeconds(1))).isTrue();
    assertThat(images().findIncludingDeleted(id("bare")).orElseThrow().getStatus()).isEqualTo(ImageStatus.DELETED);
    assertThatThrownBy(() -> images().deleteWithoutData(id("bare"), T0)).isInstanceOf(NotFoundException.class);
  }

  @Test
  default void markPendingDeleteSoftDeletesAndEndsMemberships() {
    images().create(image("img", "p1", Visibility.SHARED, 0));
    addMembers(member("img", "p2", MemberStatus.ACCEPTED, 1));
    Instant when = T0.plusSeconds(5).plusNanos(123_000);

    images().markPendingDelete(id("img"), when);

    assertThat(images().find(id("img"))).isEmpty();
    Image stored = images().findIncludingDeleted(id("img")).orElseThrow();
    assertThat(stored.getStatus()).isEqualTo(ImageStatus.PENDING_DELETE);
    assertThat(stored.isDeleted()).isTrue();
    assertThat(stored.getDeletedAt()).isEqualTo(when);
    assertThat(stored.getUpdatedAt()).isEqualTo(when);
    assertThat(members().listForImage(id("img"))).isEmpty();
    assertThatThrownBy(() -> images().markPendingDelete(id("img"), when))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> images().delete(id("img"), when)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> images().update(id("img"), image -> { }))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  default void onlyActiveOrDeactivatedImagesMayBecomePendingDelete() {
    Image queued = image("queued", "p1", Visibility.SHARED, 0);
    queued.setStatus(ImageStatus.QUEUED);
    Image deactivated = image("deactivated", "p1", Visibility.SHARED, 0);
    deactivated.setStatus(ImageStatus.DEACTIVATED);
    createAll(queued, deactivated);

    assertThatThrownBy(() -> images().markPendingDelete(id("queued"), T0.plusSeconds(1)))
        .isInstanceOf(ConflictException.class);
    Image stored = images().find(id("queued")).orElseThrow();
    assertThat(stored.getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(stored.getUpdatedAt()).isEqualTo(T0);

    images().markPendingDelete(id("deactivated"), T0.plusSeconds(2));
    assertThat(images().findIncludingDeleted(id("deactivated")).orElseThrow().getStatus())
        .isEqualTo(ImageStatus.PENDING_DELETE);
    assertThatThrownBy(() -> images().markPendingDelete(id("nonexistent"), T0))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No image found with ID " + id("nonexistent"));
  }

  @Test
  default void pendingImagesAreListedOnlyAsChanges() {
    images().create(image("live", "p1", Visibility.PUBLIC, 0));
    pending("pending", 10);
    assertThat(listNames(everything())).containsExactly("live");
    ImageQuery changes = everything();
    changes.changesSince = T0.plusSeconds(5);
    assertThat(listNames(changes)).containsExactly("pending");
  }

  @Test
  default void findsPendingImagesDeletedByTheCutoffInIdOrder() {
    pending("early", 10);
    pending("edge", 20);
    pending("late", 30);
    images().create(image("active", "p1", Visibility.SHARED, 0));
    images().create(image("deleted", "p1", Visibility.SHARED, 0));
    images().delete(id("deleted"), T0);

    List<String> byId = List.of("early", "edge").stream()
        .sorted((a, b) -> id(a).compareTo(id(b))).toList();
    assertThat(pendingNames(T0.plusSeconds(20), null, 10)).containsExactlyElementsOf(byId);
    assertThat(pendingNames(T0.plusSeconds(20), null, 1)).containsExactly(byId.get(0));
    assertThat(pendingNames(T0.plusSeconds(20), byId.get(0), 10)).containsExactly(byId.get(1));
    assertThat(pendingNames(T0.plusSeconds(9), null, 10)).isEmpty();
    Image found = images().findPendingDelete(T0.plusSeconds(10), null, 10).get(0);
    assertThat(found.getLocation()).isEqualTo("file:///images/early");
    assertThat(found.getProperties()).containsEntry("k", "v");
  }

  @Test
  default void completeDeleteSwapsOnlyOnce() {
    pending("img", 10);
    images().create(image("active", "p1", Visibility.SHARED, 0));
    Instant when = T0.plusSeconds(60);

    assertThat(images().completeDelete(id("img"), when)).isTrue();
    assertThat(images().completeDelete(id("img"), when.plusSeconds(1))).isFalse();
    assertThat(images().completeDelete(id("active"), when)).isFalse();
    assertThat(images().completeDelete(id("nonexistent"), when)).isFalse();

    Image stored = images().findIncludingDeleted(id("img")).orElseThrow();
    assertThat(stored.getStatus()).isEqualTo(ImageStatus.DELETED);
    assertThat(stored.isDeleted()).isTrue();
    assertThat(stored.getDeletedAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(stored.getUpdatedAt()).isEqualTo(when);
    assertThat(images().find(id("active")).orElseThrow().getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(pendingNames(when, null, 10)).isEmpty();
  }
}
