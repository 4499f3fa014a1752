package org.glimpse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.imports.ImportFilter;
import org.glimpse.server.imports.SafeWebSource;
import org.glimpse.server.store.HttpImageStore;
import org.glimpse.stores.RoutingImageStore;
import org.glimpse.stores.file.FileImageStore;
import org.glimpse.stores.swift.SwiftImageStore;
import org.glimpse.stores.s3.S3ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFactoryTest {
  private static final SafeWebSource WEB = new SafeWebSource(
      new ImportFilter(List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));

  @TempDir
  Path dir;

  private GlimpseConfig.GlanceStore config(String defaultStore, List<String> stores) {
    return new GlimpseConfig.GlanceStore(defaultStore, stores, dir.resolve("images"));
  }

  @Test
  void theFileStoreIsTheDefault() {
    GlimpseConfig.GlanceStore defaults = GlimpseConfig.defaults().glanceStore();
    ImageStore store = StoreFactory.open(config(defaults.defaultStore(), defaults.stores()), WEB);
    assertThat(store).isInstanceOf(FileImageStore.class);
  }

  @Test
  void enabledTypesThisBuildDoesNotHaveAreIgnored() {
    assertThat(StoreFactory.open(config("file", List.of("file", "swift")), WEB)).isInstanceOf(FileImageStore.class);
  }

  @Test
  void httpSitsBesideTheDefaultStore() {
    ImageStore store = StoreFactory.open(config("file", List.of("file", "http")), WEB);
    assertThat(store).isInstanceOf(RoutingImageStore.class);
    RoutingImageStore routing = (RoutingImageStore) store;
    assertThat(routing.storeFor("https://example.com/image")).isInstanceOf(HttpImageStore.class);
    assertThat(routing.storeFor("file://" + dir.resolve("images/x"))).isInstanceOf(FileImageStore.class);
    assertThat(store.writable()).isTrue();
  }

  @Test
  void httpCannotBeTheDefaultStore() {
    assertThatThrownBy(() -> StoreFactory.open(config("http", List.of("file", "http")), WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the http store is read-only");
  }

  @Test
  void aDefaultStoreThisBuildDoesNotHaveStopsTheStart() {
    assertThatThrownBy(() -> StoreFactory.open(config("cinder", List.of("file", "cinder")), WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("[glance_store] default_store = cinder: not a store type this Glimpse has (it has: file, ");
  }

  @Test
  void swiftIsAStoreTypeBuiltWithoutContactingSwift() {
    GlimpseConfig.Swift defaults = GlimpseConfig.defaults().glanceStore().swift();
    GlimpseConfig.Swift swift = new GlimpseConfig.Swift(Optional.of("http://127.0.0.1:9/v3"),
        Optional.of("service:glance"), Optional.of("secret"), "3", Optional.empty(), "ref1", "glance",
        false, 5120, 200, Optional.empty(), Optional.empty(), "publicURL", "object-store", false, Optional.empty(), true, false);
    assertThat(defaults.container()).isEqualTo("glance");
    ImageStore store = StoreFactory.open(new GlimpseConfig.GlanceStore("swift", List.of("file", "swift"),
        dir.resolve("images"), swift), WEB);
    assertThat(store).isInstanceOf(SwiftImageStore.class);
    assertThat(store.scheme()).isEqualTo("swift+config");
  }

  @Test
  void swiftTrustsTheCertificateAuthoritiesOfItsCaFileAndRefusesAFileWithout() throws Exception {
    Path ca = Path.of(getClass().getResource("/tls/test-ca.pem").toURI());
    assertThat(StoreFactory.open(swiftWithCa(ca), WEB)).isInstanceOf(SwiftImageStore.class);
    Path notPem = java.nio.file.Files.writeString(dir.resolve("not.pem"), "no certificate here");
    assertThatThrownBy(() -> StoreFactory.open(swiftWithCa(notPem), WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swift_store_cacert");
    assertThatThrownBy(() -> StoreFactory.open(swiftWithCa(dir.resolve("missing.pem")), WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swift_store_cacert");
  }

  private GlimpseConfig.GlanceStore swiftWithCa(Path ca) {
    GlimpseConfig.Swift swift = new GlimpseConfig.Swift(Optional.of("https://127.0.0.1:9/v3"),
        Optional.of("service:glance"), Optional.of("secret"), "3", Optional.empty(), "ref1", "glance",
        false, 5120, 200, Optional.empty(), Optional.empty(), "publicURL", "object-store", false,
        Optional.of(ca), true, false);
    return new GlimpseConfig.GlanceStore("swift", List.of("swift"), dir.resolve("images"), swift);
  }

  @Test
  void aSwiftStoreWithoutAnAccountStopsTheStart() {
    assertThatThrownBy(() -> StoreFactory.open(config("swift", List.of("swift")), WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swift_store_user");
  }

  @Test
  void theS3StoreIsBuiltFromItsOptionsWithoutReachingS3() {
    GlimpseConfig.S3Store s3 = new GlimpseConfig.S3Store(Optional.of("http://127.0.0.1:1"), Optional.of("a"),
        Optional.of("s"), Optional.of("images"), false, "auto", Optional.empty(), 10, 2, Optional.empty(), false, "when_required",
        "when_required");
    ImageStore store = StoreFactory.open(
        new GlimpseConfig.GlanceStore("s3", List.of("file", "s3"), dir.resolve("images"), s3), WEB);
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
        new GlimpseConfig.GlanceStore("s3", List.of("s3"), dir.resolve("images"), s3), WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("[glance_store] s3_store_host must be set");
  }

  @Test
  void theDefaultStoreMustBeEnabled() {
    assertThatThrownBy(() -> StoreFactory.open(config("file", List.of("http")), WEB))
        .isInstanceOf(ConfigException.class)
        .hasMessage("[glance_store] default_store = file is not enabled in [glance_store] stores (http)");
  }

  @Test
  void theDefaultStoreTypeChoosesTheFactory() {
    ImageStore other = StoreFactory.open(config("file", List.of("file")), WEB);
    Map<String, StoreFactory.StoreType> types = Map.of(
        "file", (section, c) -> {
          throw new AssertionError("not the default");
        },
        "other", (section, c) -> other);
    assertThat(StoreFactory.open(config("other", List.of("file", "other")), types, WEB)).isSameAs(other);
  }
}
