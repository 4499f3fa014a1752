package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.junit.jupiter.api.Test;

/** The store sweep: what it removes, what it must never touch. */
class StoreSweeperTest {
  static final Duration BOUND = Duration.ofSeconds(120);
  static final Instant NOW = Instant.parse("2024-05-01T00:00:00Z");
  static final Instant OLD = NOW.minus(BOUND).minusSeconds(1);
  private final ServiceFakes f = new ServiceFakes();
  private final StoreSweeper sweeper = new StoreSweeper(f.images, f.store, BOUND, f.clock);

  private Image image(String id, ImageStatus status, String location, String uploadId) {
    Image image = new Image();
    image.setId(id);
    image.setStatus(status);
    image.setLocation(location);
    if (uploadId != null) {
      image.setUpload(new UploadLease(uploadId, "elsewhere:1", NOW, ImageStatus.QUEUED));
    }
    image.setDeleted(status == ImageStatus.DELETED || status == ImageStatus.PENDING_DELETE);
    image.setCreatedAt(OLD);
    image.setUpdatedAt(OLD);
    f.images.create(image);
    return image;
  }

  private String data(String imageId, String uploadId) {
    String location = InMemoryStore.location(imageId, uploadId);
    f.store.objects.put(location, new byte[1]);
    return location;
  }

  private Set<String> left() {
    return f.store.list().map(StoredObject::name).collect(Collectors.toSet());
  }

  @Test
  void keepsTheDataOfEveryLocationOfAnImage() throws Exception {
    f.store.modified = OLD;
    Image image = image("copied", ImageStatus.ACTIVE, data("copied", "u1"), null);
    String copy = data("copied", "u2");
    data("copied", "u0");                                     // an earlier attempt's data
    f.images.update("copied", i -> i.setLocations(java.util.List.of(
        i.getLocations().get(0), new org.glimpse.core.image.ImageLocation(copy, "{\"store\": \"b\"}"))));

    sweeper.runOnce(NOW);

    assertThat(left()).containsExactlyInAnyOrder("copied~u1", "copied~u2");
    assertThat(image.getLocation()).isEqualTo(InMemoryStore.location("copied", "u1"));
  }

  @Test
  void removesWhatNoImageNeedsAndKeepsWhatOneDoes() throws Exception {
    f.store.modified = OLD;
    image("active", ImageStatus.ACTIVE, data("active", "u1"), null);
    data("active", "u0");                                     // an earlier attempt's data
    image("uploading", ImageStatus.SAVING, null, "u2");
    data("uploading", "u2");                                  // committed, record not yet changed
    f.store.leftovers.put("uploading~u2", new byte[1]);       // its temporary object
    data("uploading", null);                                  // unnamed data of an earlier version
    f.store.leftovers.put("uploading~u1", new byte[1]);       // an earlier upload's temporary object
    image("requeued", ImageStatus.QUEUED, null, null);
    data("requeued", "u3");
    image("pending", ImageStatus.PENDING_DELETE, data("pending", "u4"), null);
    image("deleted", ImageStatus.DELETED, data("deleted", "u5"), null);
    image("killed", ImageStatus.KILLED, null, null);
    data("killed", "u6");
    image("moved", ImageStatus.ACTIVE, "file:///old/root/moved", null);
    data("moved", "u7");                                      // cannot tell: location not this store's
    data("stranger", "u8");                                   // no such image in this database
    f.store.leftovers.put("stranger~u9", new byte[1]);

    StoreSweeper.Result result = sweeper.runOnce(NOW);

    assertThat(left()).containsExactlyInAnyOrder("active~u1", "uploading~u2", ".uploading~u2.tmp",
        "pending~u4", "moved~u7", "stranger~u8");
    assertThat(result).isEqualTo(new StoreSweeper.Result(2, 5, 1));
    assertThat(sweeper.runOnce(NOW)).isEqualTo(new StoreSweeper.Result(0, 0, 1));
  }

  @Test
  void objectsChangedWithinTheBoundAreNotLookedAt() throws Exception {
    f.store.modified = NOW.minus(BOUND);
    image("requeued", ImageStatus.QUEUED, null, null);
    data("requeued", "u1");
    f.store.leftovers.put("requeued~u2", new byte[1]);
    assertThat(sweeper.runOnce(NOW).removed()).isZero();
    assertThat(left()).hasSize(2);
    assertThat(sweeper.runOnce(NOW.plusSeconds(1)).removed()).isEqualTo(2);
    assertThat(left()).isEmpty();
  }

  @Test
  void sweepsManyObjectsInBatches() throws Exception {
    f.store.modified = OLD;
    int count = StoreSweeper.BATCH * 2 + 7;
    for (int i = 0; i < count; i++) {
      String id = "img-" + i;
      image(id, ImageStatus.ACTIVE, data(id, "a"), null);
      data(id, "b");
    }
    assertThat(sweeper.runOnce(NOW).dataRemoved()).isEqualTo(count);
    assertThat(left()).hasSize(count).allMatch(name -> name.endsWith("~a"));
  }

  @Test
  void aFailingRunIsReportedAndNeverThrows() {
    StoreSweeper broken = new StoreSweeper(f.images, new InMemoryStore() {
      @Override
      public java.util.stream.Stream<StoredObject> list() {
        throw new IllegalStateException("store unavailable");
      }
    }, BOUND, f.clock);
    broken.run();
  }
}
