package org.glimpse.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Glance's multi-store configuration: {@code [DEFAULT] enabled_backends} ({@code id:type}
 * pairs), {@code [glance_store] default_backend}, and each backend's store options from the
 * section named by its id, with glance_store's option names. Whether a type exists is the store
 * registry's question; this checks the shape: pairs, unique ids outside the names Glance reserves,
 * a default among them, a directory of its own for every file backend, and a reference/container
 * pair of its own for every Swift backend (locations name only those).
 */
final class BackendsConfig {
  /** Glance reserves ids with this prefix for its staging and tasks stores. */
  static final String RESERVED_PREFIX = "os_glance_";

  private BackendsConfig() {}

  static GlimpseConfig.Backends read(RawConfig raw) {
    List<String> pairs = raw.get(Options.ENABLED_BACKENDS);
    Optional<String> defaultBackend = raw.get(Options.DEFAULT_BACKEND).map(String::strip).filter(s -> !s.isEmpty());
    if (pairs.isEmpty()) {
      return GlimpseConfig.Backends.NONE;
    }
    List<GlimpseConfig.Backend> backends = new ArrayList<>();
    Map<Path, String> fileDirs = new HashMap<>();
    Map<String, String> swiftPlaces = new HashMap<>();
    Map<String, String> s3Places = new HashMap<>();
    for (String pair : pairs) {
      GlimpseConfig.Backend backend = backend(raw, pair);
      if (backends.stream().anyMatch(b -> b.id().equals(backend.id()))) {
        throw new ConfigException(Options.ENABLED_BACKENDS + " names the backend '" + backend.id() + "' twice");
      }
      if (backend.type().equals("file")) {
        Path dir = backend.store().filesystemStoreDatadir().toAbsolutePath().normalize();
        String other = fileDirs.putIfAbsent(dir, backend.id());
        if (other != null) {
          throw new ConfigException(Options.FILESYSTEM_STORE_DATADIR.in(backend.id()) + " = " + dir
              + " is also the directory of backend '" + other + "'; each file backend needs its own");
        }
      }
      if (backend.type().equals("swift")) {
        // locations name reference and container only, so those must tell the backends apart
        GlimpseConfig.Swift swift = backend.store().swift();
        String place = swift.defaultReference() + "/" + swift.container();
        String other = swiftPlaces.putIfAbsent(place, backend.id());
        if (other != null) {
          throw new ConfigException("backend '" + backend.id() + "' has the same "
              + Options.DEFAULT_SWIFT_REFERENCE.key() + " and " + Options.SWIFT_STORE_CONTAINER.key() + " ("
              + place + ") as backend '" + other + "'; their locations could not be told apart");
        }
      }
      if (backend.type().equals("s3")) {
        // locations name host and bucket only, so those must tell the backends apart
        GlimpseConfig.S3Store s3 = backend.store().s3();
        String place = s3.host().orElse("") + "/" + s3.bucket().orElse("");
        String other = s3Places.putIfAbsent(place, backend.id());
        if (other != null) {
          throw new ConfigException("backend '" + backend.id() + "' has the same "
              + Options.S3_STORE_HOST.key() + " and " + Options.S3_STORE_BUCKET.key() + " (" + place
              + ") as backend '" + other + "'; their locations could not be told apart");
        }
      }
      backends.add(backend);
    }
    String ids = String.join(", ", backends.stream().map(GlimpseConfig.Backend::id).toList());
    String chosen = defaultBackend.orElseThrow(() -> new ConfigException(
        Options.DEFAULT_BACKEND + " must name one of the backends of " + Options.ENABLED_BACKENDS + " (" + ids + ")"));
    if (backends.stream().noneMatch(b -> b.id().equals(chosen))) {
      throw new ConfigException(Options.DEFAULT_BACKEND + " = " + chosen + " is not one of the backends of "
          + Options.ENABLED_BACKENDS + " (" + ids + ")");
    }
    return new GlimpseConfig.Backends(List.copyOf(backends), Optional.of(chosen));
  }

  private static GlimpseConfig.Backend backend(RawConfig raw, String pair) {
    int colon = pair.indexOf(':');
    String id = colon < 0 ? "" : pair.substring(0, colon).strip();
    String type = colon < 0 ? "" : pair.substring(colon + 1).strip();
    if (id.isEmpty() || type.isEmpty() || type.contains(":")) {
      throw new ConfigException(Options.ENABLED_BACKENDS + ": '" + pair + "' is not of the form id:type");
    }
    if (id.startsWith(RESERVED_PREFIX)) {
      throw new ConfigException(Options.ENABLED_BACKENDS + ": the id '" + id + "' is reserved (Glance keeps ids"
          + " starting with " + RESERVED_PREFIX + " for its own stores)");
    }
    if (id.equals(Options.DEFAULT) || Options.hasSection(id) || Options.isGlanceSection(id)) {
      throw new ConfigException(Options.ENABLED_BACKENDS + ": the id '" + id + "' is the name of a section"
          + " with options of its own; a backend's options are read from the section named by its id");
    }
    boolean hasDir = raw.sections().getOrDefault(id, Map.of()).containsKey(Options.FILESYSTEM_STORE_DATADIR.key());
    if (type.equals("file") && !hasDir) {
      throw new ConfigException("backend '" + id + "' (file) needs " + Options.FILESYSTEM_STORE_DATADIR.in(id)
          + ", a directory of its own");
    }
    GlimpseConfig.GlanceStore store = new GlimpseConfig.GlanceStore(type, List.of(type),
        raw.get(Options.FILESYSTEM_STORE_DATADIR.in(id)), GlimpseConfig.swift(raw, id), GlimpseConfig.s3(raw, id));
    return new GlimpseConfig.Backend(id, type, raw.get(Options.STORE_DESCRIPTION.in(id)),
        raw.get(Options.WEIGHT.in(id)), store);
  }
}
