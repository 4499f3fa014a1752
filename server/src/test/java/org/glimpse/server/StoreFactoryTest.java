package org.glimpse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.stores.file.FileImageStore;
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
        .hasMessage("[glance_store] default_store = swift: not a store type this Glimpse has (it has: file)");
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
