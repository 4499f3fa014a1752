package org.glimpse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.stores.file.FileImageStore;
import org.glimpse.stores.s3.S3ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFactoryTest {
  @TempDir
  Path dir;

  private GlimpseConfig.GlanceStore config(String defaultStore, List<String> stores) {
    return new GlimpseConfig.GlanceStore(defaultStore, stores, dir.resolve("images"));
  }

  @Test
  void theFileStoreIsTheDefault() {
    GlimpseConfig.GlanceStore defaults = GlimpseConfig.defaults().glanceStore();
    ImageStore store = StoreFactory.open(config(defaults.defaultStore(), defaults.stores()));
    assertThat(store).isInstanceOf(FileImageStore.class);
  }

  @Test
  void enabledTypesThisBuildDoesNotHaveAreIgnored() {
    assertThat(StoreFactory.open(config("file", List.of("file", "http", "swift")))).isInstanceOf(FileImageStore.class);
  }

  @Test
  void aDefaultStoreThisBuildDoesNotHaveStopsTheStart() {
    assertThatThrownBy(() -> StoreFactory.open(config("swift", List.of("file", "swift"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("[glance_store] default_store = swift: not a store type this Glimpse has (it has: file, s3)");
  }

  @Test
  void theS3StoreIsBuiltFromItsOptionsWithoutReachingS3() {
    GlimpseConfig.S3Store s3 = new GlimpseConfig.S3Store(Optional.of("http://127.0.0.1:1"), Optional.of("a"),
        Optional.of("s"), Optional.of("images"), false, "auto", Optional.empty(), 10, 2, Optional.empty(), false, "when_required",
        "when_required");
    ImageStore store = StoreFactory.open(
        new GlimpseConfig.GlanceStore("s3", List.of("file", "s3"), dir.resolve("images"), s3));
    try {
      assertThat(store).isInstanceOf(S3ImageStore.class);
      assertThat(store.handles("s3://127.0.0.1:1/images/" + UUID.randomUUID())).isTrue();
    } finally {
      ((S3ImageStore) store).close();
    }
  }

  @Test
  void theS3StoreNeedsItsHostKeysAndBucket() {
    GlimpseConfig.S3Store s3 = new GlimpseConfig.S3Store(Optional.empty(), Optional.of("a"),
        Optional.of("s"), Optional.of("images"), false, "auto", Optional.empty(), 10, 2, Optional.empty(), false, "when_required",
        "when_required");
    assertThatThrownBy(() -> StoreFactory.open(
        new GlimpseConfig.GlanceStore("s3", List.of("s3"), dir.resolve("images"), s3)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("[glance_store] s3_store_host must be set for the s3 store (default_store = s3)");
  }

  @Test
  void theDefaultStoreMustBeEnabled() {
    assertThatThrownBy(() -> StoreFactory.open(config("file", List.of("http"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("[glance_store] default_store = file is not enabled in [glance_store] stores (http)");
  }

  @Test
  void theDefaultStoreTypeChoosesTheFactory() {
    ImageStore other = StoreFactory.open(config("file", List.of("file")));
    Map<String, Function<GlimpseConfig.GlanceStore, ImageStore>> types = Map.of(
        "file", c -> {
          throw new AssertionError("not the default");
        },
        "other", c -> other);
    assertThat(StoreFactory.open(config("other", List.of("file", "other")), types)).isSameAs(other);
  }
}
