package org.glimpse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.glimpse.core.data.HashAlgorithm;

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

class ConfigLoaderTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();
  private final ConfigLoader loader = new ConfigLoader(warnings::add);

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  private GlimpseConfig load(Path... files) {
    return loader.load(List.of(files), Map.of());
  }

  @Test
  void defaultsWithNoFile() {
    GlimpseConfig config = loader.load(new String[0], Map.of());
    assertThat(config).isEqualTo(GlimpseConfig.defaults());
    assertThat(warnings).isEmpty();

    GlimpseConfig.DefaultSection d = config.defaultSection();
    assertThat(d.bindHost()).isEqualTo("127.0.0.1");
    assertThat(d.bindPort()).isEqualTo(9292);
    assertThat(d.imageSizeCap()).isEqualTo(1099511627776L);
    assertThat(d.userStorageQuota()).isZero();
    assertThat(d.imageMemberQuota()).isEqualTo(128);
    assertThat(d.showImageDirectUrl()).isFalse();
    assertThat(d.showMultipleLocations()).isFalse();
    assertThat(d.enableV1Api()).isTrue();
    assertThat(d.enableV2Api()).isTrue();
    assertThat(d.limitParamDefault()).isEqualTo(25);
    assertThat(d.apiLimitMax()).isEqualTo(1000);
    assertThat(d.publicEndpoint()).isEmpty();
    assertThat(config.database().connection()).isEqualTo(Options.DEFAULT_DATABASE_CONNECTION);
    assertThat(config.glanceStore().defaultStore()).isEqualTo("file");
    assertThat(config.glanceStore().stores()).containsExactly("file");
    assertThat(config.glanceStore().filesystemStoreDatadir()).isEqualTo(Path.of("./data/images"));
    assertThat(config.noauth().defaultProjectId()).isEqualTo("admin");
    assertThat(config.noauth().defaultRoles()).containsExactly("admin", "member", "reader");
    assertThat(config.osloPolicy().policyFile()).isEmpty();
    assertThat(config.imageFormat().diskFormats())
        .containsExactly(
            "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");
    assertThat(config.imageFormat().containerFormats())
        .containsExactly("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");
  }

  @Test
  void fileOverridesEveryOption() throws IOException {
    Path conf =
        file(
            "glance-api.conf",
            "[DEFAULT]",
            "bind_host = 0.0.0.0",
            "bind_port = 9393",
            "image_size_cap = 1000",
            "user_storage_quota = 10GB",
            "hashing_algorithm = sha256",
            "image_member_quota = -1",
            "image_property_quota = 64",
            "image_tag_quota = -1",
            "allow_anonymous_access = true",
            "show_image_direct_url = True",
            "show_multiple_locations = yes",
            "enable_v1_api = off",
            "enable_v2_api = 1",
            "limit_param_default = 10",
            "api_limit_max = 50",
            "public_endpoint = https://images.example.com",
            "delayed_delete = true",
            "scrub_time = 3600",
            "wakeup_time = 60",
            "upload_stall_time = 90",
            "client_socket_timeout = 900",
            "client_header_timeout = 10",
            "client_body_min_rate = 0",
            "client_body_timeout = 20",
            "http_threads = 100",
            "graceful_shutdown_timeout = 30",
            "[database]",
            "connection = postgresql://glance:secret@db/glance",
            "max_pool_size = 20",
            "pool_timeout = 2",
            "connection_recycle_time = 0",
            "statement_timeout = 15",
            "[healthcheck]",
            "disable_by_file_path = /etc/glance/healthcheck_disable",
            "[glance_store]",
            "default_store = swift",
            "stores = file, swift , s3",
            "filesystem_store_datadir = /srv/images",
            "[noauth]",
            "default_project_id = p1",
            "default_roles = member",
            "[oslo_policy]",
            "policy_file = /etc/glimpse/policy.yaml",
            "[image_format]",
            "disk_formats = raw,qcow2",
            "container_formats = bare");

    GlimpseConfig config = load(conf);

    assertThat(config.defaultSection())
        .isEqualTo(
            new GlimpseConfig.DefaultSection(
                "0.0.0.0",
                9393,
                1000,
                10L << 30,
                HashAlgorithm.of("sha256"),
                -1,
                64,
                -1,
                true,
                true,
                true,
                false,
                true,
                10,
                50,
                Optional.of("https://images.example.com"),
                true,
                3600,
                60,
                90,
                Optional.empty(),
                "roles",
                new GlimpseConfig.Clients(900, 10, 0, 20, 100, 30)));
    assertThat(config.database()).isEqualTo(new GlimpseConfig.Database(
        "postgresql://glance:secret@db/glance", 20, 2, 0, 15));
    assertThat(config.healthcheck().disableByFilePath())
        .contains("/etc/glance/healthcheck_disable");
    assertThat(config.glanceStore())
        .isEqualTo(
            new GlimpseConfig.GlanceStore(
                "swift", List.of("file", "swift", "s3"), Path.of("/srv/images")));
    assertThat(config.noauth()).isEqualTo(new GlimpseConfig.NoAuth("p1", List.of("member")));
    assertThat(config.osloPolicy().policyFile()).contains("/etc/glimpse/policy.yaml");
    assertThat(config.imageFormat())
        .isEqualTo(new GlimpseConfig.ImageFormat(List.of("raw", "qcow2"), List.of("bare")));
    assertThat(warnings).isEmpty();
  }

  @Test
  void readsTheS3StoreOptionsWithGlanceStoresNames() throws IOException {
    Path conf = file("s3.conf", "[glance_store]", "default_store = s3", "stores = file, s3",
        "s3_store_host = https://objects.example.com:8443", "s3_store_access_key = AK",
        "s3_store_secret_key = SK", "s3_store_bucket = glance", "s3_store_create_bucket_on_put = true",
        "s3_store_bucket_url_format = path", "s3_store_region_name = RegionOne",
        "s3_store_large_object_size = 50", "s3_store_large_object_chunk_size = 16",
        "s3_store_thread_pools = 4", "s3_store_cacert = /etc/ssl/objects.pem",
        "s3_store_enable_data_integrity_protection = true", "s3_store_request_checksum_calculation = when_supported");

    assertThat(load(conf).glanceStore().s3()).isEqualTo(new GlimpseConfig.S3Store(
        Optional.of("https://objects.example.com:8443"), Optional.of("AK"), Optional.of("SK"),
        Optional.of("glance"), true, "path", Optional.of("RegionOne"), 16, 4,
        Optional.of("/etc/ssl/objects.pem"), true, "when_supported", "when_required"));
    assertThat(load(conf).glanceStore().s3().toString()).doesNotContain("SK").doesNotContain("AK");
    assertThat(GlimpseConfig.defaults().glanceStore().s3()).isEqualTo(GlimpseConfig.S3Store.DEFAULTS);
    assertThat(warnings).isEmpty();
  }

  @Test
  void laterFilesWin() throws IOException {
    Path first = file("a.conf", "[DEFAULT]", "bind_port = 1111", "api_limit_max = 7");
    Path second = file("b.conf", "[DEFAULT]", "bind_port = 2222");

    GlimpseConfig config =
        loader.load(
            new String[] {"--config-file", first.toString(), "--config-file=" + second}, Map.of());

    assertThat(config.defaultSection().bindPort()).isEqualTo(2222);
    assertThat(config.defaultSection().apiLimitMax()).isEqualTo(7);
  }

  @Test
  void configDirAddsConfFilesInNameOrder() throws IOException {
    Path confDir = Files.createDirectory(dir.resolve("conf.d"));
    Files.write(confDir.resolve("20-b.conf"), List.of("[DEFAULT]", "bind_port = 2"));
    Files.write(
        confDir.resolve("10-a.conf"), List.of("[DEFAULT]", "bind_port = 1", "api_limit_max = 9"));
    Files.write(confDir.resolve("30-c.txt"), List.of("[DEFAULT]", "bind_port = 3"));

    GlimpseConfig config = loader.load(new String[] {"--config-dir", confDir.toString()}, Map.of());

    assertThat(config.defaultSection().bindPort()).isEqualTo(2);
    assertThat(config.defaultSection().apiLimitMax()).isEqualTo(9);
  }

  @Test
  void environmentOverridesFiles() throws IOException {
    Path conf = file("a.conf", "[DEFAULT]", "bind_port = 1111", "[glance_store]", "stores = file");
    Map<String, String> env =
        Map.of(
            "GLIMPSE_DEFAULT__BIND_PORT", "9393",
            "GLIMPSE_DATABASE__CONNECTION", "mysql+pymysql://u:p@h/glance",
            "GLIMPSE_GLANCE_STORE__STORES", "file,s3",
            "GLIMPSE_REQUIRE_SERVICES", "true",
            "PATH", "/usr/bin");

    GlimpseConfig config = loader.load(List.of(conf), env);

    assertThat(config.defaultSection().bindPort()).isEqualTo(9393);
    assertThat(config.database().connection()).isEqualTo("mysql+pymysql://u:p@h/glance");
    assertThat(config.glanceStore().stores()).containsExactly("file", "s3");
    assertThat(warnings).isEmpty();
  }

  @Test
  void unknownOptionsWarnOnceAndDoNotFail() throws IOException {
    Path conf =
        file(
            "glance-api.conf",
            "[DEFAULT]",
            "workers = 4",
            "bind_port = 9393",
            "[keystone_authtoken]",
            "auth_url = http://keystone:5000",
            "memcache_secret_key = secret",
            "[cors]",
            "allowed_origin = https://a.example",
            "max_age = 3600",
            "[paste_deploy]",
            "config_file = glance-api-paste.ini",
            "[oslo_messaging_rabbit]",
            "ssl = true",
            "[my_own]",
            "x = 1");
    Path again = file("again.conf", "[DEFAULT]", "workers = 8");

    GlimpseConfig config =
        loader.load(List.of(conf, again), Map.of("GLIMPSE_DEFAULT__COLOUR", "red"));

    assertThat(config.defaultSection().bindPort()).isEqualTo(9393);
    assertThat(warnings).hasSize(7);
    assertThat(config.keystoneAuthtoken().authUrl()).contains("http://keystone:5000");
    assertThat(warnings)
        .filteredOn(w -> w.contains("workers"))
        .singleElement()
        .satisfies(w -> assertThat(w).contains("[DEFAULT] workers", "again.conf"));
    assertThat(warnings)
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("[keystone_authtoken] memcache_secret_key")
                    .doesNotContain("secret ")
                    .doesNotContain("= secret"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("[cors]", "allowed_origin, max_age"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("[paste_deploy]"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("[oslo_messaging_rabbit]"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("unknown section [my_own]", "x"));
    assertThat(warnings)
        .anySatisfy(w -> assertThat(w).contains("colour", "GLIMPSE_DEFAULT__COLOUR"));
  }

  @ParameterizedTest(name = "[{0}] {1} = ''{2}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "DEFAULT | bind_port | abc",
        "DEFAULT | bind_port | 65536",
        "DEFAULT | bind_port | -1",
        "DEFAULT | bind_port | 80.5",
        "DEFAULT | bind_host | ''",
        "DEFAULT | image_size_cap | 0",
        "DEFAULT | image_size_cap | 1TB",
        "DEFAULT | user_storage_quota | 10 GB",
        "DEFAULT | user_storage_quota | 10gb",
        "DEFAULT | user_storage_quota | 10PB",
        "DEFAULT | user_storage_quota | -1",
        "DEFAULT | user_storage_quota | 99999999999TB",
        "DEFAULT | hashing_algorithm | blake2b",
        "DEFAULT | hashing_algorithm | sha-512",
        "DEFAULT | image_member_quota | lots",
        "DEFAULT | show_image_direct_url | maybe",
        "DEFAULT | show_multiple_locations | ''",
        "DEFAULT | enable_v1_api | tru",
        "DEFAULT | enable_v2_api | 2",
        "DEFAULT | limit_param_default | 0",
        "DEFAULT | api_limit_max | 1e3",
        "glance_store | filesystem_store_datadir | ''",
        "glance_store | s3_store_large_object_chunk_size | 4",
        "glance_store | s3_store_thread_pools | 0",
        "glance_store | s3_store_bucket_url_format | dns",
        "glance_store | s3_store_create_bucket_on_put | perhaps",
        "glance_store | s3_store_request_checksum_calculation | always",
        "DEFAULT | http_threads | 4",
        "DEFAULT | client_header_timeout | 0",
        "DEFAULT | graceful_shutdown_timeout | 0",
        "database | pool_timeout | 0",
        "database | max_pool_size | 0",
        "database | connection_recycle_time | 10",
        "database | statement_timeout | 0",
      })
  void badValueFailsNamingSectionKeyAndValue(String section, String key, String value)
      throws IOException {
    Path conf = file("bad.conf", "[" + section + "]", key + " = " + value);

    assertThatThrownBy(() -> load(conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[" + section + "] " + key)
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("bad.conf:2");
  }

  @Test
  void importPluginsUseGlancesBracketedListSyntax() throws IOException {
    Path conf = file("plugins.conf", "[image_import_opts]", "image_import_plugins = ['image_conversion', \"no_op\"]",
        "[image_conversion]", "output_format = qcow2", "[task]", "work_dir = /var/lib/glimpse/work");

    GlimpseConfig.Imports imports = load(conf).imports();

    assertThat(imports.importPlugins()).containsExactly("image_conversion", "no_op");
    assertThat(imports.converts()).isTrue();
    assertThat(imports.conversionOutputFormat()).isEqualTo("qcow2");
    assertThat(imports.workDir()).contains("/var/lib/glimpse/work");
    assertThat(GlimpseConfig.defaults().imports().converts()).isFalse();
    assertThat(GlimpseConfig.defaults().imports().conversionOutputFormat()).isEqualTo("raw");
    assertThat(warnings).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "image_conversion | brackets",
    "['inject_image_metadata'] | not supported",
    "['image_conversion] | quote",
  })
  void badImportPluginListsStopTheServer(String value, String why) throws IOException {
    Path conf = file("plugins.conf", "[image_import_opts]", "image_import_plugins = " + value);

    assertThatThrownBy(() -> load(conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[image_import_opts] image_import_plugins")
        .hasMessageContaining(why);
  }

  @Test
  void importMethodsAndGlanceDownloadPropertiesReadGlancesListsWithOrWithoutBrackets() throws IOException {
    Path conf = file("gdl.conf", "[DEFAULT]", "enabled_import_methods = [glance-direct, 'glance-download']",
        "[glance_download_properties]", "extra_properties = ['hw_', \"trait:\", os_]");

    GlimpseConfig.Imports imports = load(conf).imports();

    assertThat(imports.enabledImportMethods()).containsExactly("glance-direct", "glance-download");
    assertThat(imports.glanceDownloadProperties()).containsExactly("hw_", "trait:", "os_");
    assertThat(GlimpseConfig.defaults().imports().enabledImportMethods())
        .containsExactly("glance-direct", "web-download", "copy-image");
    assertThat(GlimpseConfig.defaults().imports().glanceDownloadProperties())
        .containsExactly("hw_", "trait:", "os_distro", "os_secure_boot", "os_type");
    assertThat(loader.load(List.of(), Map.of("GLIMPSE_DEFAULT__ENABLED_IMPORT_METHODS", "web-download,glance-download"))
        .imports().enabledImportMethods()).containsExactly("web-download", "glance-download");
  }

  @Test
  void anUnknownImportMethodStopsTheServer() throws IOException {
    Path conf = file("methods.conf", "[DEFAULT]", "enabled_import_methods = glance-direct,glance-upload");

    assertThatThrownBy(() -> load(conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[DEFAULT] enabled_import_methods")
        .hasMessageContaining("'glance-upload' is not one of glance-direct, web-download, copy-image, glance-download");
  }

  @Test
  void badEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(() -> loader.load(List.of(), Map.of("GLIMPSE_DEFAULT__BIND_PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[DEFAULT] bind_port")
        .hasMessageContaining("'http'")
        .hasMessageContaining("GLIMPSE_DEFAULT__BIND_PORT");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0, 0",
    "100, 100",
    "100B, 100",
    "1KB, 1024",
    "10MB, 10485760",
    "10GB, 10737418240",
    "2TB, 2199023255552"
  })
  void storageQuotaUnits(String text, long bytes) throws IOException {
    Path conf = file("q.conf", "[DEFAULT]", "user_storage_quota = " + text);
    assertThat(load(conf).defaultSection().userStorageQuota()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({
    "true, true",
    "TRUE, true",
    "Yes, true",
    "on, true",
    "1, true",
    "false, false",
    "No, false",
    "OFF, false",
    "0, false"
  })
  void booleansAsOsloAcceptsThem(String text, boolean expected) throws IOException {
    Path conf = file("b.conf", "[DEFAULT]", "show_image_direct_url = " + text);
    assertThat(load(conf).defaultSection().showImageDirectUrl()).isEqualTo(expected);
  }

  @Test
  void substitutesOtherOptionsAndDollarEscapes() throws IOException {
    Path conf =
        file(
            "s.conf",
            "[DEFAULT]",
            "public_endpoint = http://$bind_host:${bind_port}/",
            "bind_host = images.local",
            "[database]",
            "connection = postgresql://glance:pa$$word@db/glance",
            "[glance_store]",
            "filesystem_store_datadir = ${glance_store.default_store}/$unknown_thing");

    GlimpseConfig config = load(conf);

    assertThat(config.defaultSection().publicEndpoint()).contains("http://images.local:9292/");
    assertThat(config.database().connection()).isEqualTo("postgresql://glance:pa$word@db/glance");
    assertThat(config.glanceStore().filesystemStoreDatadir())
        .isEqualTo(Path.of("file/$unknown_thing"));
  }

  @Test
  void substitutionLoopFails() throws IOException {
    Path conf =
        file(
            "loop.conf",
            "[DEFAULT]",
            "bind_host = $public_endpoint",
            "public_endpoint = $bind_host");
    assertThatThrownBy(() -> load(conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("loop");
  }

  @Test
  void missingFileFails() {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(
            () -> loader.load(new String[] {"--config-file", missing.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void badArgumentsFail() {
    assertThatThrownBy(() -> ConfigLoader.configFiles(new String[] {"--config-file"}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--config-file");
    assertThatThrownBy(() -> ConfigLoader.configFiles(new String[] {"--debug"}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--debug");
    assertThatThrownBy(
            () ->
                ConfigLoader.configFiles(
                    new String[] {"--config-dir", dir.resolve("x").toString()}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("x");
  }
}
