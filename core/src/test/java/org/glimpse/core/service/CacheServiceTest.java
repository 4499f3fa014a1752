package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.Policy;
import org.glimpse.core.port.ImageCache;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.ProjectDirectory;
import org.glimpse.core.time.ImageClock;
import org.junit.jupiter.api.Test;

/**
 * The cache API's service and the download path through the cache, over in-memory ports and a
 * plain in-memory cache (the file cache's own rules are tested in the stores module).
 */
class CacheServiceTest {
  private final ServiceFakes f = new ServiceFakes();
  private final MapCache cache = new MapCache();
  private final Services services = wire(cache, true);
  private final CacheService api = services.cache();
  private final RequestContext admin = ServiceFakes.admin();
  private final RequestContext member = ServiceFakes.project("p1");

  private Services wire(ImageCache c, boolean serveDownloads) {
    return Services.wire(f.images, f.members, new NoSharing(), ProjectDirectory.UNCHECKED, f.store, new ImagePolicy(Policy.glanceDefaults()), Notifier.NONE,
        new ImageClock(Clock.fixed(ServiceFakes.T0, ZoneOffset.UTC)), Services.Settings.glanceDefaults(),
        new Services.Caching(c, serveDownloads, Runnable::run, true));
  }

  @Test
  void everyOperationChecksItsPolicyFirstEvenWithoutACache() {
    CacheService none = wire(null, false).cache();
    String id = f.img("p1");
    for (CacheService s : List.of(api, none)) {
      assertThatThrownBy(() -> s.state(member)).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> s.clear(member, null)).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> s.queue(member, id)).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> s.delete(member, id)).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> s.clean(member)).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> s.prune(member)).isInstanceOf(ForbiddenException.class);
    }
    assertThatThrownBy(() -> none.state(admin)).isInstanceOf(NotFoundException.class)
        .hasMessage("Caching via API is not supported at this site.");
    assertThatThrownBy(() -> none.queue(admin, id)).isInstanceOf(NotFoundException.class)
        .hasMessage("Caching via API is not supported at this site.");
  }

  @Test
  void queueingFetchesAnActiveImageIntoTheCache() {
    String id = f.img("p1");
    int before = f.store.opens;
    api.queue(admin, id);
    assertThat(cache.copies).containsKey(id);
    assertThat(new String(cache.copies.get(id))).isEqualTo("abc");
    assertThat(api.state(admin).queued()).isEmpty();
    assertThat(f.store.opens).isEqualTo(before + 1);
  }

  @Test
  void withAPeriodicPrefetcherQueuingOnlyQueuesUntilTheNextRun() {
    Services periodic = Services.wire(f.images, f.members, new NoSharing(), ProjectDirectory.UNCHECKED, f.store, new ImagePolicy(Policy.glanceDefaults()),
        Notifier.NONE, new ImageClock(Clock.fixed(ServiceFakes.T0, ZoneOffset.UTC)),
        Services.Settings.glanceDefaults(), new Services.Caching(cache, true, Runnable::run, false));
    String id = f.img("p1");
    periodic.cache().queue(admin, id);
    assertThat(cache.queue).containsExactly(id);
    assertThat(cache.copies).isEmpty();
    cache.queue("not-an-image");
    periodic.prefetcher().runQueue();
    assertThat(cache.copies).containsOnlyKeys(id);
    assertThat(cache.queue).as("what cannot be fetched stays queued").containsExactly("not-an-image");
  }

  @Test
  void onlyActiveImagesThatExistCanBeQueued() {
    assertThatThrownBy(() -> api.queue(admin, "nope")).isInstanceOf(NotFoundException.class)
        .hasMessage("Image nope not found.");
    String queued = f.service.create(member, new NewImage()).getId();
    assertThatThrownBy(() -> api.queue(admin, queued)).isInstanceOf(BadRequestException.class)
        .hasMessage("Only images with status active can be targeted for queueing");
  }

  @Test
  void anIdOnlyTheCacheKnowsCanStillBeRemoved() {
    assertThatThrownBy(() -> api.delete(admin, "gone")).isInstanceOf(NotFoundException.class);
    cache.queue("gone");
    api.delete(admin, "gone");
    assertThat(cache.queue).isEmpty();
  }

  @Test
  void clearTargetsAsGlanceReadsTheHeader() {
    assertThat(CacheService.clearTarget(null)).isEqualTo(CacheService.ClearTarget.BOTH);
    assertThat(CacheService.clearTarget("")).isEqualTo(CacheService.ClearTarget.BOTH);
    assertThat(CacheService.clearTarget("CACHE")).isEqualTo(CacheService.ClearTarget.CACHE);
    assertThat(CacheService.clearTarget("queue")).isEqualTo(CacheService.ClearTarget.QUEUE);
    assertThatThrownBy(() -> CacheService.clearTarget("both")).isInstanceOf(BadRequestException.class);
    cache.copies.put("a", new byte[1]);
    cache.queue("b");
    assertThat(api.clear(admin, "queue")).isEqualTo(new CacheService.Cleared(null, 1));
    assertThat(cache.copies).containsKey("a");
    assertThat(api.clear(admin, "")).isEqualTo(new CacheService.Cleared(1, 0));
  }

  @Test
  void downloadsFillTheCacheThenReadItAndRangesNeverFill() throws IOException {
    String id = f.img("p1");
    int before = f.store.opens;
    try (InputStream in = services.data().download(member, id).open(1, 1)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("b");
    }
    assertThat(cache.copies).doesNotContainKey(id);
    read(services.data().download(member, id));
    read(services.data().download(member, id));
    assertThat(f.store.opens).isEqualTo(before + 2);
    assertThat(cache.reads).isEqualTo(1);
  }

  @Test
  void deactivatedImagesAreReadFromTheStoreAndDeletedOnesLeaveTheCache() throws IOException {
    String id = f.img("p1");
    read(services.data().download(member, id));
    services.images().deactivate(admin, id);
    int before = f.store.opens;
    assertThat(read(services.data().download(admin, id))).isEqualTo("abc");
    assertThat(f.store.opens).isEqualTo(before + 1);
    assertThat(cache.reads).isZero();
    services.images().reactivate(admin, id);
    services.images().delete(member, id);
    assertThat(cache.copies).doesNotContainKey(id);
  }

  @Test
  void withoutTheCacheMiddlewareDownloadsGoToTheStore() throws IOException {
    Services apiOnly = wire(cache, false);
    String id = f.img("p1");
    read(apiOnly.data().download(member, id));
    assertThat(cache.copies).isEmpty();
  }

  private static String read(ImageDownload download) throws IOException {
    try (InputStream in = download.open(0, -1)) {
      return new String(in.readAllBytes());
    }
  }

  /** Copies by id in memory, published at the end of a fill whose size is the image's. */
  static final class MapCache implements ImageCache {
    final Map<String, byte[]> copies = new LinkedHashMap<>();
    final List<String> queue = new ArrayList<>();
    int reads;

    @Override
    public InputStream open(String imageId, Expected expected, long offset, long length) {
      byte[] copy = copies.get(imageId);
      if (copy == null) {
        return null;
      }
      reads++;
      int end = length < 0 ? copy.length : (int) (offset + length);
      return new ByteArrayInputStream(copy, (int) offset, end - (int) offset);
    }

    @Override
    public InputStream fill(String imageId, Expected expected, InputStream source) {
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      return new FilterInputStream(source) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            copy.write(b, off, n);
          } else if (n < 0 && copy.size() == expected.size()) {
            copies.put(imageId, copy.toByteArray());
            queue.remove(imageId);
          }
          return n;
        }
      };
    }

    @Override
    public boolean isCached(String imageId) {
      return copies.containsKey(imageId);
    }

    @Override
    public List<CachedImage> cachedImages() {
      return copies.entrySet().stream().map(e -> new CachedImage(e.getKey(), 0, 0, e.getValue().length, 0)).toList();
    }

    @Override
    public List<String> queuedImages() {
      return List.copyOf(queue);
    }

    @Override
    public boolean queue(String imageId) {
      if (copies.containsKey(imageId) || queue.contains(imageId)) {
        return false;
      }
      return queue.add(imageId);
    }

    @Override
    public void deleteCached(String imageId) {
      copies.remove(imageId);
    }

    @Override
    public void deleteQueued(String imageId) {
      queue.remove(imageId);
    }

    @Override
    public int deleteAllCached() {
      int n = copies.size();
      copies.clear();
      return n;
    }

    @Override
    public int deleteAllQueued() {
      int n = queue.size();
      queue.clear();
      return n;
    }

    @Override
    public int clean() {
      return 0;
    }

    @Override
    public Pruned prune() {
      return new Pruned(0, 0);
    }
  }
}
