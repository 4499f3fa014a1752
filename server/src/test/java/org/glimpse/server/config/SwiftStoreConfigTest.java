package org.glimpse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glimpse.stores.swift.SwiftSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwiftStoreConfigTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private GlimpseConfig.Swift swift(String... lines) throws IOException {
    Path conf = dir.resolve("glance-api.conf");
    Files.write(conf, List.of(lines));
    return new ConfigLoader(warnings::add).load(List.of(conf), Map.of()).glanceStore().swift();
  }

  @Test
  void glanceStoreOptionsHaveGlanceStoreDefaults() {
    GlimpseConfig.Swift swift = GlimpseConfig.defaults().glanceStore().swift();
    assertThat(swift.container()).isEqualTo("glance");
    assertThat(swift.largeObjectSize()).isEqualTo(5120);
    assertThat(swift.largeObjectChunkSize()).isEqualTo(200);
    assertThat(swift.defaultReference()).isEqualTo("ref1");
    assertThat(swift.endpointType()).isEqualTo("publicURL");
    assertThat(swift.serviceType()).isEqualTo("object-store");
    assertThat(swift.createContainerOnPut()).isFalse();
    assertThat(swift.authVersion()).isEqualTo("3");
  }

  @Test
  void theAccountComesFromTheOptions() throws IOException {
    SwiftSettings settings = SwiftStoreConfig.resolve(swift(
        "[glance_store]",
        "default_store = swift",
        "stores = file,swift",
        "swift_store_auth_address = http://keystone:5000/v3",
        "swift_store_user = service:glance",
        "swift_store_key = secret",
        "swift_store_container = images",
        "swift_store_large_object_size = 10",
        "swift_store_large_object_chunk_size = 2",
        "swift_store_endpoint_type = internalURL",
        "swift_store_region = RegionTwo",
        "swift_store_create_container_on_put = true"));
    assertThat(settings.authAddress()).isEqualTo(URI.create("http://keystone:5000/v3"));
    assertThat(settings.project()).isEqualTo("service");
    assertThat(settings.user()).isEqualTo("glance");
    assertThat(settings.key()).isEqualTo("secret");
    assertThat(settings.container()).isEqualTo("images");
    assertThat(settings.segmentContainer()).isEqualTo("images_segments");
    assertThat(settings.largeObjectSize()).isEqualTo(10L * 1024 * 1024);
    assertThat(settings.chunkSize()).isEqualTo(2L * 1024 * 1024);
    assertThat(settings.endpointInterface()).isEqualTo("internal");
    assertThat(settings.region()).contains("RegionTwo");
    assertThat(settings.createContainerOnPut()).isTrue();
    assertThat(settings.reference()).isEqualTo("ref1");
  }

  @Test
  void theAccountComesFromTheReferenceFile() throws IOException {
    Path refs = dir.resolve("glance-swift.conf");
    Files.write(refs, List.of(
        "[ref1]", "user = admin:alice", "key = k1", "auth_address = http://a:5000/v3",
        "[store2]", "user = p2:bob", "key = k2", "auth_address = https://b:5000/v3",
        "user_domain_id = d1", "project_domain_id = d2", "auth_version = 3"));
    SwiftSettings settings = SwiftStoreConfig.resolve(swift(
        "[glance_store]",
        "swift_store_config_file = " + refs,
        "default_swift_reference = store2",
        "swift_store_user = ignored:ignored"));
    assertThat(settings.reference()).isEqualTo("store2");
    assertThat(settings.project()).isEqualTo("p2");
    assertThat(settings.user()).isEqualTo("bob");
    assertThat(settings.key()).isEqualTo("k2");
    assertThat(settings.authAddress()).isEqualTo(URI.create("https://b:5000/v3"));
    assertThat(settings.userDomainId()).isEqualTo("d1");
    assertThat(settings.projectDomainId()).isEqualTo("d2");
    assertThat(settings.endpoint()).isEqualTo(Optional.empty());
  }

  @Test
  void whatIsMissingOrWrongIsNamed() throws IOException {
    assertThatThrownBy(() -> SwiftStoreConfig.resolve(swift("[glance_store]", "swift_store_key = k",
        "swift_store_auth_address = http://k:5000/v3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("swift_store_user");
    assertThatThrownBy(() -> SwiftStoreConfig.resolve(swift("[glance_store]", "swift_store_user = glance",
        "swift_store_key = k", "swift_store_auth_address = http://k:5000/v3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PROJECT:USER");
    assertThatThrownBy(() -> swift("[glance_store]", "swift_store_auth_version = 2"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("swift_store_auth_version");
    Path refs = dir.resolve("refs.conf");
    Files.write(refs, List.of("[other]", "user = p:u", "key = k", "auth_address = http://a/v3"));
    assertThatThrownBy(() -> SwiftStoreConfig.resolve(swift("[glance_store]", "swift_store_config_file = " + refs)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("has no [ref1] section");
  }
}
