package org.glimpse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.ConfigLoader;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.imports.ImportFilter;
import org.glimpse.server.imports.SafeWebSource;
import org.glimpse.server.store.HttpImageStore;
import org.glimpse.server.v2.MultiStore;
import org.glimpse.stores.MultiBackendStore;
import org.glimpse.stores.file.FileImageStore;
import org.glimpse.stores.swift.SwiftImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRegistryTest {
  private static final SafeWebSource WEB = new SafeWebSource(
      new ImportFilter(List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));

  @TempDir
  Path dir;

  private GlimpseConfig load(String... lines) throws IOException {
    Path conf = Files.write(dir.resolve("glimpse.conf"), List.of(lines));
    return new ConfigLoader(w -> {}).load(List.of(conf), Map.of());
  }

  @Test
  void withoutBackendsTheSingleStoreIsBuiltAsBefore() throws IOException {
    StoreRegistry registry = StoreRegistry.open(
        load("[glance_store]", "filesystem_store_datadir = " + dir.resolve("single")), WEB);
    assertThat(registry.multiStore()).isFalse();
    assertThat(registry.backends()).isEmpty();
    assertThat(registry.store()).isInstanceOf(FileImageStore.class);
    assertThat(registry.describe().on()).isFalse();
  }

  @Test
  void everyBackendIsBuiltFromItsSection() throws IOException {
    StoreRegistry registry = StoreRegistry.open(load(
        "[DEFAULT]", "enabled_backends = fast:file, cheap:swift, web:http",
        "[glance_store]", "default_backend = fast",
        "[fast]", "filesystem_store_datadir = " + dir.resolve("fast"),
        "[cheap]", "swift_store_auth_address = http://127.0.0.1:9/v3", "swift_store_user = p:u",
        "swift_store_key = k", "swift_store_container = imgs"), WEB);
    assertThat(registry.multiStore()).isTrue();
    assertThat(registry.defaultId()).contains("fast");
    assertThat(registry.backends()).extracting(StoreRegistry.Backend::id).containsExactly("fast", "cheap", "web");
    assertThat(registry.backends().get(0).store()).isInstanceOf(FileImageStore.class);
    assertThat(((FileImageStore) registry.backends().get(0).store()).root())
        .isEqualTo(dir.resolve("fast").toRealPath());
    assertThat(registry.backends().get(1).store()).isInstanceOf(SwiftImageStore.class);
    assertThat(registry.backends().get(2).store()).isInstanceOf(HttpImageStore.class);
    MultiBackendStore store = (MultiBackendStore) registry.store();
    assertThat(store.defaultId()).isEqualTo("fast");
    assertThat(store.backendOf("https://example.com/a.img")).contains("web");

    MultiStore shown = registry.describe();
    assertThat(shown.ids()).isEqualTo("fast,cheap,web");
    assertThat(shown.backends()).extracting(MultiStore.Backend::isDefault).containsExactly(true, false, false);
    assertThat(shown.backends()).extracting(MultiStore.Backend::readOnly).containsExactly(false, false, true);
    assertThat(shown.backends().get(2).properties()).isEmpty();
    assertThat(shown.backends().get(1).properties()).containsEntry("container", "imgs")
        .containsEntry("large_object_size", 5120L * 1024 * 1024);
    assertThat(shown.backendOf().apply("https://example.com/a.img")).contains("web");
  }

  @Test
  void anUnknownTypeNamesTheBackendAndTheTypesThisBuildHas() throws IOException {
    GlimpseConfig config = load("[DEFAULT]", "enabled_backends = fast:file, vol:cinder",
        "[glance_store]", "default_backend = fast", "[fast]", "filesystem_store_datadir = " + dir.resolve("fast"));
    assertThatThrownBy(() -> StoreRegistry.open(config, WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("[DEFAULT] enabled_backends: backend 'vol' has type 'cinder', not a store type"
            + " this Glimpse has (it has: file, http, ");
  }

  @Test
  void theHttpBackendCannotBeTheDefault() throws IOException {
    GlimpseConfig config = load("[DEFAULT]", "enabled_backends = fast:file, web:http",
        "[glance_store]", "default_backend = web", "[fast]", "filesystem_store_datadir = " + dir.resolve("fast"));
    assertThatThrownBy(() -> StoreRegistry.open(config, WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[glance_store] default_backend = web").hasMessageContaining("read-only");
  }

  @Test
  void aSwiftBackendWithoutAnAccountNamesItsSection() throws IOException {
    GlimpseConfig config = load("[DEFAULT]", "enabled_backends = fast:file, cheap:swift",
        "[glance_store]", "default_backend = fast", "[fast]", "filesystem_store_datadir = " + dir.resolve("fast"),
        "[cheap]", "swift_store_container = imgs");
    assertThatThrownBy(() -> StoreRegistry.open(config, WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessage("backend 'cheap' (swift) needs [cheap] swift_store_user (or a swift_store_config_file)");
  }
}
