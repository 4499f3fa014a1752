package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.glimpse.core.service.ServiceFakes.admin;
import static org.glimpse.core.service.ServiceFakes.project;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.junit.jupiter.api.Test;

/** Delayed delete (v2 service and ImageDeleter) and the scrubber that finishes it. */
class ScrubberTest {
  private static final Duration SCRUB_TIME = Duration.ofSeconds(60);
  private final ServiceFakes f = new ServiceFakes(DataLimits.glanceDefaults(), true);
  private final Instant deletedAt = Instant.parse("2024-01-02T03:04:05.123456Z");
  private final ControlledStore store = new ControlledStore(f.store);
  private final Scrubber scrubber = new Scrubber(f.images, store, SCRUB_TIME, f.clock);

  private static NewImage rawBare() {
    NewImage spec = new NewImage();
    spec.diskFormat = "raw";
    spec.containerFormat = "bare";
    return spec;
  }

  private String activeImage() {
    String id = f.service.create(project("p"), rawBare()).getId();
    f.data.upload(project("p"), id, new ByteArrayInputStream("data".getBytes()), 4);
    return id;
  }

  private Image stored(String id) {
    return f.images.findIncludingDeleted(id).orElseThrow();
  }

  @Test
  void anImageWithDataIsLeftPendingDeleteWithItsData() {
    String id = activeImage();
    f.service.delete(project("p"), id);
    Image image = stored(id);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.PENDING_DELETE);
    assertThat(image.isDeleted()).isTrue();
    assertThat(image.getDeletedAt()).isEqualTo(deletedAt);
    assertThat(image.getLocation()).startsWith("mem://" + id + "~");
    assertThat(f.store.objects).containsKey(image.getLocation());
    assertThat(f.images.find(id)).isEmpty();
  }

  @Test
  void anImageWithoutDataIsDeletedAtOnce() {
    String id = f.service.create(project("p"), new NewImage()).getId();
    f.service.delete(project("p"), id);
    assertThat(stored(id).getStatus()).isEqualTo(ImageStatus.DELETED);
    assertThat(scrubber.runOnce(deletedAt.plus(SCRUB_TIME))).isZero();
  }

  @Test
  void dataCommittedAfterTheDeleteReadTheImageIsStillLeftToTheScrubber() {
    String id = f.service.create(project("p"), rawBare()).getId();
    Image readBeforeTheUpload = f.images.find(id).orElseThrow();
    f.data.upload(project("p"), id, new ByteArrayInputStream("data".getBytes()), 4);

    new ImageDeleter(f.images, f.store, true).delete(readBeforeTheUpload, deletedAt);

    Image image = stored(id);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.PENDING_DELETE);
    assertThat(f.store.objects).containsKey(image.getLocation());
    assertThat(scrubber.runOnce(deletedAt.plus(SCRUB_TIME))).isEqualTo(1);
    assertThat(f.store.objects).isEmpty();
  }

  @Test
  void dataCommittedAfterTheDeleteReadTheImageGoesWithItWithoutDelayedDelete() {
    ServiceFakes plain = new ServiceFakes();
    String id = plain.service.create(project("p"), rawBare()).getId();
    Image readBeforeTheUpload = plain.images.find(id).orElseThrow();
    plain.data.upload(project("p"), id, new ByteArrayInputStream("data".getBytes()), 4);

    new ImageDeleter(plain.images, plain.store, false).delete(readBeforeTheUpload, deletedAt);

    assertThat(plain.images.findIncludingDeleted(id).orElseThrow().getStatus()).isEqualTo(ImageStatus.DELETED);
    assertThat(plain.store.objects).isEmpty();
  }

  @Test
  void withoutDelayedDeleteTheDataGoesAtOnce() {
    ServiceFakes plain = new ServiceFakes();
    String id = plain.service.create(project("p"), rawBare()).getId();
    plain.data.upload(project("p"), id, new ByteArrayInputStream("data".getBytes()), 4);
    plain.service.delete(admin(), id);
    assertThat(plain.images.findIncludingDeleted(id).orElseThrow().getStatus()).isEqualTo(ImageStatus.DELETED);
    assertThat(plain.store.objects).isEmpty();
  }

  @Test
  void scrubsOnlyOnceScrubTimeHasPassed() {
    String id = activeImage();
    f.service.delete(project("p"), id);

    assertThat(scrubber.runOnce(deletedAt.plus(SCRUB_TIME).minusNanos(1000))).isZero();
    assertThat(stored(id).getStatus()).isEqualTo(ImageStatus.PENDING_DELETE);
    assertThat(f.store.objects).containsKey(stored(id).getLocation());

    Instant later = deletedAt.plus(SCRUB_TIME);
    assertThat(scrubber.runOnce(later)).isEqualTo(1);
    Image image = stored(id);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.DELETED);
    assertThat(image.getDeletedAt()).isEqualTo(deletedAt);
    assertThat(image.getUpdatedAt()).isEqualTo(later);
    assertThat(f.store.objects).isEmpty();
    assertThat(scrubber.runOnce(later.plusSeconds(1))).isZero();
  }

  @Test
  void dataThatCannotBeRemovedStaysPendingForTheNextRun() {
    String id = activeImage();
    f.service.delete(project("p"), id);
    store.failing.add(stored(id).getLocation());
    Instant now = deletedAt.plus(SCRUB_TIME);
    assertThat(scrubber.runOnce(now)).isZero();
    assertThat(stored(id).getStatus()).isEqualTo(ImageStatus.PENDING_DELETE);

    store.failing.clear();
    assertThat(scrubber.runOnce(now)).isEqualTo(1);
    assertThat(stored(id).getStatus()).isEqualTo(ImageStatus.DELETED);
  }

  @Test
  void twoScrubbersAtOnceCompleteAnImageOnce() {
    String id = activeImage();
    f.service.delete(project("p"), id);
    Instant now = deletedAt.plus(SCRUB_TIME);
    Scrubber other = new Scrubber(f.images, f.store, SCRUB_TIME, f.clock);
    int[] otherCount = new int[1];
    // the other process runs while this one is removing the data, and completes the image first
    store.beforeDelete = () -> {
      store.beforeDelete = () -> { };
      otherCount[0] = other.runOnce(now);
    };
    assertThat(scrubber.runOnce(now)).isZero();
    assertThat(otherCount[0]).isEqualTo(1);
    assertThat(stored(id).getStatus()).isEqualTo(ImageStatus.DELETED);
    assertThat(f.store.objects).isEmpty();
  }

  @Test
  void pagesThroughManyImagesAndPassesOverStuckOnes() {
    ImageDeleter deleter = new ImageDeleter(f.images, f.store, true);
    int count = Scrubber.PAGE * 2 + 5;
    for (int i = 0; i < count; i++) {
      Image image = new Image();
      image.setId(String.format("00000000-0000-0000-0000-%012d", i));
      image.setStatus(ImageStatus.ACTIVE);
      image.setLocation("mem://" + image.getId());
      image.setCreatedAt(deletedAt);
      image.setUpdatedAt(deletedAt);
      f.images.create(image);
      f.store.objects.put(image.getLocation(), new byte[1]);
      assertThat(deleter.delete(image, deletedAt)).isEqualTo(ImageStatus.PENDING_DELETE);
    }
    for (int i : new int[] {0, Scrubber.PAGE - 1, Scrubber.PAGE, count - 1}) {
      store.failing.add(String.format("mem://00000000-0000-0000-0000-%012d", i));
    }
    assertThat(scrubber.runOnce(deletedAt.plus(SCRUB_TIME))).isEqualTo(count - 4);
    assertThat(f.store.objects).hasSize(4);
  }

  /** An active image with its data at two locations of the fake store. */
  private Image twoLocations(ServiceFakes fakes, String suffix) {
    Image image = new Image();
    image.setId("00000000-0000-0000-0000-00000000000" + suffix);
    image.setStatus(ImageStatus.ACTIVE);
    image.setLocations(java.util.List.of(ImageLocation.of("mem://" + image.getId() + "~a"),
        new ImageLocation("mem://" + image.getId() + "~b", "{\"store\": \"b\"}")));
    image.setCreatedAt(deletedAt);
    image.setUpdatedAt(deletedAt);
    fakes.images.create(image);
    image.getLocations().forEach(l -> fakes.store.objects.put(l.url(), new byte[1]));
    return image;
  }

  @Test
  void deletingAnImageRemovesTheDataOfEveryLocation() {
    ServiceFakes plain = new ServiceFakes();
    Image image = twoLocations(plain, "1");

    assertThat(new ImageDeleter(plain.images, plain.store, false).delete(image, deletedAt))
        .isEqualTo(ImageStatus.DELETED);

    assertThat(plain.store.objects).isEmpty();
  }

  @Test
  void theScrubberRemovesEveryLocationAndRetriesWhileOneFails() {
    Image image = twoLocations(f, "2");
    assertThat(new ImageDeleter(f.images, store, true).delete(image, deletedAt))
        .isEqualTo(ImageStatus.PENDING_DELETE);
    assertThat(f.store.objects).hasSize(2);
    store.failing.add("mem://" + image.getId() + "~b");
    Instant now = deletedAt.plus(SCRUB_TIME);

    assertThat(scrubber.runOnce(now)).isZero();
    assertThat(f.store.objects).containsOnlyKeys("mem://" + image.getId() + "~b");
    assertThat(stored(image.getId()).getStatus()).isEqualTo(ImageStatus.PENDING_DELETE);

    store.failing.clear();
    assertThat(scrubber.runOnce(now)).isEqualTo(1);
    assertThat(f.store.objects).isEmpty();
    assertThat(stored(image.getId()).getStatus()).isEqualTo(ImageStatus.DELETED);
  }

  @Test
  void dataAtSeveralLocationsAfterTheDeleteReadTheImageIsRemovedEverywhere() {
    ServiceFakes plain = new ServiceFakes();
    Image image = twoLocations(plain, "3");
    Image readWithout = image.copy();
    readWithout.setLocation(null);

    new ImageDeleter(plain.images, plain.store, false).delete(readWithout, deletedAt);

    assertThat(plain.store.objects).isEmpty();
  }

  @Test
  void aFailedRunIsLoggedNotThrown() {
    ImageRepository down = (ImageRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ImageRepository.class}, (proxy, method, args) -> {
          throw new IllegalStateException("database down");
        });
    assertThatCode(new Scrubber(down, store, SCRUB_TIME, f.clock)::run).doesNotThrowAnyException();
  }

  /** The fake store, with removals that fail on demand and a hook that runs before each one. */
  private static final class ControlledStore implements ImageStore {
    private final ImageStore delegate;
    final Set<String> failing = new HashSet<>();
    Runnable beforeDelete = () -> { };

    ControlledStore(ImageStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public String scheme() {
      return delegate.scheme();
    }

    @Override
    public boolean handles(String location) {
      return delegate.handles(location);
    }

    @Override
    public StagedData stage(String imageId, String uploadId, org.glimpse.core.data.DataChunks data)
        throws IOException {
      return delegate.stage(imageId, uploadId, data);
    }

    @Override
    public InputStream open(String location, long offset, long length) throws IOException {
      return delegate.open(location, offset, length);
    }

    @Override
    public void delete(String location) throws IOException {
      beforeDelete.run();
      if (failing.contains(location)) {
        throw new IOException("store unavailable");
      }
      delegate.delete(location);
    }

    @Override
    public void discardUpload(String imageId, String uploadId) throws IOException {
      delegate.discardUpload(imageId, uploadId);
    }

    @Override
    public java.util.stream.Stream<StoredObject> list() throws IOException {
      return delegate.list();
    }

    @Override
    public void remove(StoredObject object) throws IOException {
      delegate.remove(object);
    }
  }
}
