package org.glimpse.server;

import java.io.IOException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.stores.file.FileImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the image store that {@code [glance_store] default_store} names. A store this build does
 * not have is a configuration error at start, never a silent fallback.
 */
final class StoreFactory {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFactory.class);

  private StoreFactory() {}

  static ImageStore open(GlimpseConfig.GlanceStore config) {
    if (!config.defaultStore().equals("file")) {
      throw new ConfigException("[glance_store] default_store = " + config.defaultStore()
          + ": this Glimpse has the file store only");
    }
    config.stores().stream().filter(s -> !s.equals("file"))
        .forEach(s -> LOG.warn("[glance_store] stores lists '{}', which Glimpse does not have; ignored", s));
    FileImageStore store = new FileImageStore(config.filesystemStoreDatadir());
    try {
      store.cleanupStaleTemps();
    } catch (IOException e) {
      LOG.warn("could not remove stale temporary files under {}: {}", config.filesystemStoreDatadir(), e.toString());
    }
    return store;
  }
}
