package org.glimpse.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.Options;
import org.glimpse.server.config.SwiftStoreConfig;
import org.glimpse.server.imports.SafeWebSource;
import org.glimpse.server.store.HttpImageStore;
import org.glimpse.stores.RoutingImageStore;
import org.glimpse.stores.file.FileImageStore;
import org.glimpse.stores.swift.SwiftImageStore;
import org.glimpse.stores.s3.S3ImageStore;
import org.glimpse.stores.s3.S3Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the image store from {@code [glance_store]}: a registry from store type, with
 * glance_store's names ({@code file}, {@code http}, {@code swift}, {@code s3}, …), to what builds
 * a store of that type from its configuration. {@code default_store} names the type new data is
 * written to; it must be one this build has and one that {@code stores} enables. As in
 * glance_store, a type in {@code stores} this build does not have is left out with a warning (so
 * a glance-api.conf listing Glance's default {@code file, http} works); a default store this
 * build does not have is a configuration error at start, never a silent fallback.
 *
 * <p>{@code http} in {@code stores} adds glance_store's read-only http store beside the default
 * one ({@link RoutingImageStore}: locations are resolved by scheme); it reads through the same
 * {@link SafeWebSource} as web-download, so {@code [import_filtering_opts]} bound every URL. It
 * cannot be the default store: nothing can be written to it.
 */
final class StoreFactory {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFactory.class);

  /** Builds a store of one type from the options read from {@code section}. */
  @FunctionalInterface
  interface StoreType {
    ImageStore open(String section, GlimpseConfig.GlanceStore config);
  }

  /** The writable store types this build has; a multi-store backend of each is built the same way. */
  static final Map<String, StoreType> TYPES = Map.of(
      "file", StoreFactory::fileStore,
      "swift", StoreFactory::swiftStore,
      "s3", StoreFactory::s3Store);

  private StoreFactory() {}

  /** The read-only store types this build has, beside the default store when enabled. */
  static final String HTTP = "http";

  static ImageStore open(GlimpseConfig.GlanceStore config, SafeWebSource web) {
    return open(config, TYPES, web);
  }

  static ImageStore open(GlimpseConfig.GlanceStore config,
      Map<String, StoreType> types, SafeWebSource web) {
    String type = config.defaultStore();
    if (type.equals(HTTP)) {
      throw new ConfigException(Options.DEFAULT_STORE + " = " + HTTP + ": the http store is read-only,"
          + " new image data cannot be written to it");
    }
    TreeSet<String> all = new TreeSet<>(types.keySet());
    all.add(HTTP);
    String available = String.join(", ", all);
    if (!types.containsKey(type)) {
      throw new ConfigException(Options.DEFAULT_STORE + " = " + type + ": not a store type this Glimpse has"
          + " (it has: " + available + ")");
    }
    List<String> enabled = config.stores();
    if (!enabled.contains(type)) {
      throw new ConfigException(Options.DEFAULT_STORE + " = " + type + " is not enabled in "
          + Options.STORES + " (" + String.join(", ", enabled) + ")");
    }
    enabled.stream().filter(s -> !all.contains(s)).forEach(s -> LOG.warn(
        "{} lists '{}', a store type this Glimpse does not have (it has: {}); ignored", Options.STORES, s, available));
    ImageStore store = types.get(type).open("glance_store", config);
    return enabled.contains(HTTP) ? new RoutingImageStore(store, List.of(new HttpImageStore(web))) : store;
  }

  /** What crashed uploads leave behind is removed by the store sweep every process runs. */
  private static ImageStore fileStore(String section, GlimpseConfig.GlanceStore config) {
    return new FileImageStore(config.filesystemStoreDatadir());
  }

  /** Keystone is first asked on the first use, so a Swift that is down does not stop the start. */
  private static ImageStore swiftStore(String section, GlimpseConfig.GlanceStore config) {
    try {
      return new SwiftImageStore(SwiftStoreConfig.resolve(config.swift(), section));
    } catch (IllegalArgumentException e) {
      // settings the store itself refuses, such as an unreadable swift_store_cacert
      throw new ConfigException("[" + section + "] " + e.getMessage(), e);
    }
  }

  /**
   * The bucket is not checked here: S3 out of reach at start must not stop Glimpse (downloads and
   * uploads answer 503 until it is back), and a missing bucket is reported, or created, at the
   * first upload as glance_store does.
   */
  private static ImageStore s3Store(String section, GlimpseConfig.GlanceStore config) {
    GlimpseConfig.S3Store s3 = config.s3();
    try {
      return new S3ImageStore(new S3Settings(
          s3.host().orElse(null),
          s3.accessKey().orElse(null),
          s3.secretKey().orElse(null),
          s3.bucket().orElse(null),
          s3.createBucketOnPut(),
          s3.bucketUrlFormat(),
          s3.regionName().orElse(""),
          s3.largeObjectChunkSize(),
          s3.threadPools(),
          s3.cacert().map(Path::of),
          s3.enableDataIntegrityProtection(),
          s3.requestChecksumCalculation(),
          s3.responseChecksumValidation()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[" + section + "] " + e.getMessage(), e);
    }
  }
}
