package org.glimpse.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.Options;
import org.glimpse.stores.file.FileImageStore;
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
 */
final class StoreFactory {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFactory.class);

  /** The store types this build has. */
  static final Map<String, Function<GlimpseConfig.GlanceStore, ImageStore>> TYPES = Map.of(
      "file", StoreFactory::fileStore,
      "s3", StoreFactory::s3Store);

  private StoreFactory() {}

  static ImageStore open(GlimpseConfig.GlanceStore config) {
    return open(config, TYPES);
  }

  static ImageStore open(GlimpseConfig.GlanceStore config,
      Map<String, Function<GlimpseConfig.GlanceStore, ImageStore>> types) {
    String available = String.join(", ", new TreeSet<>(types.keySet()));
    String type = config.defaultStore();
    if (!types.containsKey(type)) {
      throw new ConfigException(Options.DEFAULT_STORE + " = " + type + ": not a store type this Glimpse has"
          + " (it has: " + available + ")");
    }
    List<String> enabled = config.stores();
    if (!enabled.contains(type)) {
      throw new ConfigException(Options.DEFAULT_STORE + " = " + type + " is not enabled in "
          + Options.STORES + " (" + String.join(", ", enabled) + ")");
    }
    enabled.stream().filter(s -> !types.containsKey(s)).forEach(s -> LOG.warn(
        "{} lists '{}', a store type this Glimpse does not have (it has: {}); ignored", Options.STORES, s, available));
    return types.get(type).apply(config);
  }

  /** What crashed uploads leave behind is removed by the store sweep every process runs. */
  private static ImageStore fileStore(GlimpseConfig.GlanceStore config) {
    return new FileImageStore(config.filesystemStoreDatadir());
  }

  /**
   * The bucket is not checked here: S3 out of reach at start must not stop Glimpse (downloads and
   * uploads answer 503 until it is back), and a missing bucket is reported, or created, at the
   * first upload as glance_store does.
   */
  private static ImageStore s3Store(GlimpseConfig.GlanceStore config) {
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
      throw new ConfigException("[glance_store] " + e.getMessage() + " (default_store = s3)", e);
    }
  }
}
