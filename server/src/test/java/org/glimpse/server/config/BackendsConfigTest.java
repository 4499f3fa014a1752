package org.glimpse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendsConfigTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private GlimpseConfig load(String... lines) throws IOException {
    Path conf = Files.write(dir.resolve("glimpse.conf"), List.of(lines));
    return new ConfigLoader(warnings::add).load(List.of(conf), Map.of());
  }

  @Test
  void withoutEnabledBackendsTheSingleStoreIsUnchanged() throws IOException {
    GlimpseConfig config = load("[glance_store]", "default_store = file", "filesystem_store_datadir = /srv/x");
    assertThat(config.backends().on()).isFalse();
    assertThat(config.backends()).isEqualTo(GlimpseConfig.Backends.NONE);
    assertThat(config.glanceStore().filesystemStoreDatadir()).isEqualTo(Path.of("/srv/x"));
    assertThat(GlimpseConfig.defaults().backends().on()).isFalse();
  }

  @Test
  void eachBackendReadsGlanceStoreOptionsFromItsOwnSection() throws IOException {
    GlimpseConfig config = load(
        "[DEFAULT]", "enabled_backends = fast:file, cheap:swift , web:http",
        "[glance_store]", "default_backend = fast",
        "[fast]", "filesystem_store_datadir = /srv/fast", "store_description = Fast disks", "weight = 100",
        "[cheap]", "swift_store_container = imgs", "swift_store_user = p:u", "swift_store_large_object_size = 10",
        "[web]",
        "[os_glance_staging_store]", "filesystem_store_datadir = /srv/staging");
    GlimpseConfig.Backends backends = config.backends();
    assertThat(backends.on()).isTrue();
    assertThat(backends.defaultBackend()).contains("fast");
    assertThat(backends.enabled()).extracting(GlimpseConfig.Backend::id).containsExactly("fast", "cheap", "web");
    assertThat(backends.enabled()).extracting(GlimpseConfig.Backend::type).containsExactly("file", "swift", "http");
    GlimpseConfig.Backend fast = backends.enabled().get(0);
    assertThat(fast.store().filesystemStoreDatadir()).isEqualTo(Path.of("/srv/fast"));
    assertThat(fast.description()).contains("Fast disks");
    assertThat(fast.weight()).isEqualTo(100);
    GlimpseConfig.Backend cheap = backends.enabled().get(1);
    assertThat(cheap.store().swift().container()).isEqualTo("imgs");
    assertThat(cheap.store().swift().user()).contains("p:u");
    assertThat(cheap.store().swift().largeObjectSize()).isEqualTo(10);
    assertThat(cheap.description()).isEqualTo(Optional.empty());
    assertThat(cheap.weight()).isZero();
    assertThat(warnings).noneMatch(w -> w.contains("[fast]") || w.contains("[cheap]") || w.contains("[web]"));
  }

  @Test
  void theSampleMultiStoreConfigLoadsWithoutWarnings() {
    Path sample = Path.of("..", "etc", "glimpse-multistore.conf");
    GlimpseConfig config = new ConfigLoader(warnings::add).load(List.of(sample), Map.of());
    assertThat(warnings).isEmpty();
    assertThat(config.backends().defaultBackend()).contains("fast");
    assertThat(config.backends().enabled()).extracting(GlimpseConfig.Backend::type).containsExactly("file", "swift");
    assertThat(config.backends().enabled().get(1).store().swift().user()).contains("service:glance");
  }

  @Test
  void unknownOptionsInABackendSectionAreReported() throws IOException {
    load("[DEFAULT]", "enabled_backends = fast:file", "[glance_store]", "default_backend = fast",
        "[fast]", "filesystem_store_datadir = /srv/fast", "no_such_option = 1");
    assertThat(warnings).anyMatch(w -> w.startsWith("Ignoring unknown option [fast] no_such_option"));
  }

  @Test
  void aBadWeightNamesTheBackendSection() {
    assertThatThrownBy(() -> load("[DEFAULT]", "enabled_backends = fast:file", "[glance_store]",
        "default_backend = fast", "[fast]", "filesystem_store_datadir = /srv/fast", "weight = heavy"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("[fast] weight");
  }

  @Test
  void twoSwiftBackendsNeedLocationsTheirOwn() throws IOException {
    assertThatThrownBy(() -> load("[DEFAULT]", "enabled_backends = a:swift, b:swift", "[glance_store]",
        "default_backend = a", "[a]", "swift_store_container = imgs", "[b]", "swift_store_container = imgs"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("backend 'b' has the same default_swift_reference and swift_store_container (ref1/imgs) as"
            + " backend 'a'; their locations could not be told apart");
    GlimpseConfig config = load("[DEFAULT]", "enabled_backends = a:swift, b:swift", "[glance_store]",
        "default_backend = a", "[a]", "swift_store_container = imgs", "[b]", "swift_store_container = other");
    assertThat(config.backends().enabled()).hasSize(2);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      fast:file, fast:file  | fast | [DEFAULT] enabled_backends names the backend 'fast' twice
      fast                  | fast | [DEFAULT] enabled_backends: 'fast' is not of the form id:type
      :file                 | fast | [DEFAULT] enabled_backends: ':file' is not of the form id:type
      os_glance_x:file      | fast | [DEFAULT] enabled_backends: the id 'os_glance_x' is reserved
      glance_store:file     | fast | [DEFAULT] enabled_backends: the id 'glance_store' is the name of a section
      fast:file, slow:file  | none | [glance_store] default_backend = none is not one of the backends of [DEFAULT] enabled_backends (fast, slow)
      fast:file, slow:file  |      | [glance_store] default_backend must name one of the backends of [DEFAULT] enabled_backends (fast, slow)
      fast:file, bare:file  | fast | backend 'bare' (file) needs [bare] filesystem_store_datadir
      fast:file, same:file  | fast | [same] filesystem_store_datadir = /srv/fast is also the directory of backend 'fast'
      """)
  void badBackendsNameTheOption(String enabled, String defaultBackend, String message) {
    assertThatThrownBy(() -> load("[DEFAULT]", "enabled_backends = " + enabled,
        "[glance_store]", "default_backend = " + (defaultBackend == null ? "" : defaultBackend),
        "[fast]", "filesystem_store_datadir = /srv/fast",
        "[slow]", "filesystem_store_datadir = /srv/slow",
        "[same]", "filesystem_store_datadir = /srv/fast/",
        "[glance_store]", "filesystem_store_datadir = /srv/single"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }
}
