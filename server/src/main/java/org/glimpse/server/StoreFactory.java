package org.glimpse.server;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.Options;
import org.glimpse.server.config.SwiftStoreConfig;
import org.glimpse.stores.file.FileImageStore;
import org.glimpse.stores.swift.SwiftImageStore;
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
      "swift", StoreFactory::swiftStore);

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

  /** Keystone is first asked on the first use, so a Swift that is down does not stop the start. */
  private static ImageStore swiftStore(GlimpseConfig.GlanceStore config) {
    try {
      return new SwiftImageStore(SwiftStoreConfig.resolve(config.swift()));
    } catch (IllegalArgumentException e) {
      // settings the store itself refuses, such as an unreadable swift_store_cacert
      throw new ConfigException("[glance_store] " + e.getMessage(), e);
    }
  }
}
