package org.glimpse.ft.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.ft.cache.ImageCacheTest.activeImage;
import static org.glimpse.ft.cache.ImageCacheTest.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.CountingStore;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the cache options and flavors turn the cache on, as in Glance: {@code image_cache_dir}
 * enables the cache API and its versions, a caching flavor makes downloads use the cache, and
 * {@code image_cache_max_size} bounds it (least recently used copies go first).
 */
class ImageCacheSettingsTest {
  @TempDir Path tmp;

  @Test
  void withoutACacheDirectoryTheApiAnswersNotSupported() {
    try (GlimpseTestServer server = GlimpseTestServer.start()) {
      server.as("projA", "member,reader").get("/v2/cache").assertStatus(403);
      server.as("projAdmin", "admin").get("/v2/cache")
          .assertError(404, "Caching via API is not supported at this site.");
      server.as("projAdmin", "admin").put("/v2/cache/" + java.util.UUID.randomUUID()).assertStatus(404);
      JsonNode first = server.anonymous().get("/versions").json().get("versions").get(0);
      assertThat(first.get("id").asText() + " " + first.get("status").asText()).isEqualTo("v2.15 SUPPORTED");
    }
  }

  @Test
  void aCachingFlavorNeedsACacheDirectory() {
    assertThatThrownBy(() -> GlimpseTestServer.start(null, Map.of("GLIMPSE_PASTE_DEPLOY__FLAVOR", "caching")).close())
        .isInstanceOf(ConfigException.class).hasMessageContaining("image_cache_dir");
  }

  @Test
  void withoutTheCacheMiddlewareDownloadsDoNotUseTheCacheButQueuingDoes() throws Exception {
    AtomicReference<CountingStore> store = new AtomicReference<>();
    try (GlimpseTestServer server = GlimpseTestServer.start(null,
        Map.of("GLIMPSE_DEFAULT__IMAGE_CACHE_DIR", tmp.resolve("cache").toString()),
        s -> {
          store.set(new CountingStore(s));
          return store.get();
        })) {
      Client member = server.as("projA", "member,reader");
      Client admin = server.as("projAdmin", "admin");
      String id = activeImage(member, bytes(500, 1));
      int before = store.get().opens();
      member.get("/v2/images/" + id + "/file").assertStatus(200);
      member.get("/v2/images/" + id + "/file").assertStatus(200);
      assertThat(store.get().opens()).isEqualTo(before + 2);
      assertThat(cachedIds(admin)).isEmpty();

      admin.put("/v2/cache/" + id).assertStatus(202);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!cachedIds(admin).contains(id) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(cachedIds(admin)).containsExactly(id);
    }
  }

  @Test
  void withAPrefetcherIntervalQueuedImagesWaitForTheNextRun() throws Exception {
    AtomicReference<CountingStore> store = new AtomicReference<>();
    try (GlimpseTestServer slow = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__IMAGE_CACHE_DIR", tmp.resolve("slow").toString(),
        "GLIMPSE_DEFAULT__CACHE_PREFETCHER_INTERVAL", "3600"), s -> {
          store.set(new CountingStore(s));
          return store.get();
        })) {
      String id = activeImage(slow.as("projA", "member,reader"), bytes(100, 4));
      int before = store.get().opens();
      Client admin = slow.as("projAdmin", "admin");
      admin.put("/v2/cache/" + id).assertStatus(202);
      Thread.sleep(500);
      JsonNode state = admin.get("/v2/cache").json();
      assertThat(state.get("queued_images").get(0).asText()).isEqualTo(id);
      assertThat(state.get("cached_images")).isEmpty();
      assertThat(store.get().opens()).isEqualTo(before);
    }
    try (GlimpseTestServer quick = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_DEFAULT__IMAGE_CACHE_DIR", tmp.resolve("quick").toString(),
        "GLIMPSE_DEFAULT__CACHE_PREFETCHER_INTERVAL", "1"))) {
      String id = activeImage(quick.as("projA", "member,reader"), bytes(100, 5));
      Client admin = quick.as("projAdmin", "admin");
      admin.put("/v2/cache/" + id).assertStatus(202);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!cachedIds(admin).contains(id) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(cachedIds(admin)).containsExactly(id);
      assertThat(admin.get("/v2/cache").json().get("queued_images")).isEmpty();
    }
  }

  @Test
  void theCacheIsPrunedToItsSizeLeastRecentlyUsedFirst() throws Exception {
    Path cacheDir = tmp.resolve("small");
    AtomicReference<CountingStore> store = new AtomicReference<>();
    try (GlimpseTestServer server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_PASTE_DEPLOY__FLAVOR", "caching",
        "GLIMPSE_DEFAULT__IMAGE_CACHE_DIR", cacheDir.toString(),
        "GLIMPSE_DEFAULT__IMAGE_CACHE_MAX_SIZE", "3000"), s -> {
          store.set(new CountingStore(s));
          return store.get();
        })) {
      Client member = server.as("projA", "member,reader");
      Client admin = server.as("projAdmin", "admin");
      String one = activeImage(member, bytes(1200, 1));
      String two = activeImage(member, bytes(1200, 2));
      String three = activeImage(member, bytes(1200, 3));
      for (String id : List.of(one, two, three)) {
        member.get("/v2/images/" + id + "/file").assertStatus(200);
        Thread.sleep(20); // distinct access times
      }
      assertThat(cachedIds(admin)).containsExactlyInAnyOrder(two, three);

      member.get("/v2/images/" + two + "/file").assertStatus(200); // two is now the most recent
      Thread.sleep(20);
      int before = store.get().opens();
      member.get("/v2/images/" + one + "/file").assertStatus(200);
      assertThat(store.get().opens()).isEqualTo(before + 1);
      assertThat(cachedIds(admin)).containsExactlyInAnyOrder(one, two);
      assertThat(sizeOnDisk(cacheDir)).isLessThanOrEqualTo(3000);
      admin.get("/v2/cached_images").assertStatus(404); // the caching flavor has no cachemanage middleware
    }
  }

  private static long sizeOnDisk(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static List<String> cachedIds(Client admin) {
    List<String> ids = new ArrayList<>();
    admin.get("/v2/cache").assertStatus(200).json().get("cached_images")
        .forEach(c -> ids.add(c.get("image_id").asText()));
    return ids;
  }
}
