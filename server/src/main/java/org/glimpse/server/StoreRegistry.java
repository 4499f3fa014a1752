package org.glimpse.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.Options;
import org.glimpse.server.imports.SafeWebSource;
import org.glimpse.server.store.HttpImageStore;
import org.glimpse.server.v2.MultiStore;
import org.glimpse.stores.MultiBackendStore;

/**
 * The image store and, in multi-store mode ({@code [DEFAULT] enabled_backends}), its backends by
 * id. Without backends the store is {@link StoreFactory}'s single one, exactly as before; with
 * them every backend is built by the same per-type builders ({@link StoreFactory#TYPES}) from the
 * section named by its id, the read-only http store beside them when a backend has type {@code
 * http}, and they are joined in a {@link MultiBackendStore}.
 */
final class StoreRegistry {
  /** glance_store's file store reads in chunks of 64 KiB, the size its detail shows. */
  private static final int FILE_CHUNK_SIZE = 64 * 1024;
  private static final long MIB = 1024L * 1024;

  /** One backend: its configuration and the store built from it. */
  record Backend(GlimpseConfig.Backend config, ImageStore store) {
    String id() {
      return config.id();
    }
  }

  private final ImageStore store;
  private final List<Backend> backends;
  private final Optional<String> defaultId;

  private StoreRegistry(ImageStore store, List<Backend> backends, Optional<String> defaultId) {
    this.store = store;
    this.backends = List.copyOf(backends);
    this.defaultId = defaultId;
  }

  static StoreRegistry open(GlimpseConfig config, SafeWebSource web) {
    return open(config, StoreFactory.TYPES, web);
  }

  static StoreRegistry open(GlimpseConfig config, Map<String, StoreFactory.StoreType> types, SafeWebSource web) {
    GlimpseConfig.Backends configured = config.backends();
    if (!configured.on()) {
      return new StoreRegistry(StoreFactory.open(config.glanceStore(), types, web), List.of(), Optional.empty());
    }
    TreeSet<String> all = new TreeSet<>(types.keySet());
    all.add(StoreFactory.HTTP);
    String defaultId = configured.defaultBackend().orElseThrow();
    Map<String, ImageStore> stores = new LinkedHashMap<>();
    List<Backend> backends = configured.enabled().stream().map(b -> {
      ImageStore built;
      if (b.type().equals(StoreFactory.HTTP)) {
        if (b.id().equals(defaultId)) {
          throw new ConfigException(Options.DEFAULT_BACKEND + " = " + defaultId + ": the backend is of type"
              + " http, which is read-only; new image data cannot be written to it");
        }
        built = new HttpImageStore(web);
      } else if (types.containsKey(b.type())) {
        built = types.get(b.type()).open(b.id(), b.store());
      } else {
        throw new ConfigException(Options.ENABLED_BACKENDS + ": backend '" + b.id() + "' has type '" + b.type()
            + "', not a store type this Glimpse has (it has: " + String.join(", ", all) + ")");
      }
      stores.put(b.id(), built);
      return new Backend(b, built);
    }).toList();
    return new StoreRegistry(new MultiBackendStore(stores, defaultId), backends, Optional.of(defaultId));
  }

  /** The store the services use: the single store, or all backends joined. */
  ImageStore store() {
    return store;
  }

  /** Whether several stores are configured (Glance's multi-store mode). */
  boolean multiStore() {
    return !backends.isEmpty();
  }

  /** Whether an http store reads http(s) locations: a backend of type http, or http in [glance_store] stores. */
  boolean httpStore(GlimpseConfig config) {
    return multiStore() ? backends.stream().anyMatch(b -> b.config().type().equals(StoreFactory.HTTP))
        : config.glanceStore().stores().contains(StoreFactory.HTTP);
  }

  /** The backends in configured order; empty unless {@link #multiStore()}. */
  List<Backend> backends() {
    return backends;
  }

  /** The backends as the v2 API shows them; {@link MultiStore#NONE} with a single store. */
  MultiStore describe() {
    if (!multiStore()) {
      return MultiStore.NONE;
    }
    MultiBackendStore joined = (MultiBackendStore) store;
    return new MultiStore(backends.stream().map(b -> new MultiStore.Backend(b.id(), b.config().type(),
        b.config().description(), defaultId.orElseThrow().equals(b.id()), !b.store().writable(),
        b.config().weight(), properties(b.config()))).toList(), joined::backendOf);
  }

  /** The properties Glance's stores detail shows for each type (sizes in bytes, as glance_store holds them). */
  private static Map<String, Object> properties(GlimpseConfig.Backend backend) {
    Map<String, Object> properties = new LinkedHashMap<>();
    switch (backend.type()) {
      case "file" -> {
        properties.put("data_dir", backend.store().filesystemStoreDatadir().toString());
        properties.put("chunk_size", FILE_CHUNK_SIZE);
        properties.put("thin_provisioning", false);
      }
      case "swift" -> {
        GlimpseConfig.Swift swift = backend.store().swift();
        properties.put("container", swift.container());
        properties.put("large_object_size", swift.largeObjectSize() * MIB);
        properties.put("large_object_chunk_size", swift.largeObjectChunkSize() * MIB);
      }
      default -> {
        // http and types without properties of their own: an empty object, as Glance
      }
    }
    return properties;
  }

  /** The default backend's id, in multi-store mode. */
  Optional<String> defaultId() {
    return defaultId;
  }
}
