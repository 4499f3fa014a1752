package org.glimpse.stores;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.port.ImageStore;

/**
 * Several stores at once, each under its backend id (Glance's multi-store). New data goes to the
 * default backend; a location is read, sized and deleted by the backend whose {@link
 * ImageStore#handles} accepts it, so every backend's {@code handles} must accept its own locations
 * only (two file backends differ by directory). Listing covers every writable backend, so the store
 * sweep and upload recovery see all of them.
 */
public final class MultiBackendStore implements ImageStore {
  private final Map<String, ImageStore> backends;
  private final String defaultId;
  private final ImageStore defaultStore;

  /** {@code backends} in their configured order; {@code defaultId} must name a writable one. */
  public MultiBackendStore(Map<String, ImageStore> backends, String defaultId) {
    this.backends = new LinkedHashMap<>(backends);
    this.defaultId = defaultId;
    this.defaultStore = backends.get(defaultId);
    if (defaultStore == null || !defaultStore.writable()) {
      throw new IllegalArgumentException("the default backend '" + defaultId + "' is not a writable backend");
    }
  }

  /** The backends by id, in their configured order. */
  public Map<String, ImageStore> backends() {
    return Collections.unmodifiableMap(backends);
  }

  public String defaultId() {
    return defaultId;
  }

  /** The id of the backend whose store handles {@code location}, if any does. */
  public Optional<String> backendOf(String location) {
    return backends.entrySet().stream().filter(e -> e.getValue().handles(location)).map(Map.Entry::getKey)
        .findFirst();
  }

  @Override
  public Optional<ImageStore> backend(String id) {
    return Optional.ofNullable(backends.get(id));
  }

  private ImageStore storeFor(String location) {
    return backendOf(location).map(backends::get).orElse(defaultStore);
  }

  private List<ImageStore> writables() {
    return backends.values().stream().filter(ImageStore::writable).toList();
  }

  @Override
  public String scheme() {
    return defaultStore.scheme();
  }

  @Override
  public boolean handles(String location) {
    return backendOf(location).isPresent();
  }

  @Override
  public StagedData stage(String imageId, String uploadId, DataChunks data) throws IOException {
    return defaultStore.stage(imageId, uploadId, data);
  }

  @Override
  public InputStream open(String location, long offset, long length) throws IOException {
    return storeFor(location).open(location, offset, length);
  }

  @Override
  public long size(String location) throws IOException {
    return storeFor(location).size(location);
  }

  /** A location is accepted from a client only by a read-only backend that reads it. */
  @Override
  public String externalRefusal(String location) {
    for (ImageStore store : backends.values()) {
      if (!store.writable() && store.handles(location)) {
        return store.externalRefusal(location);
      }
    }
    return defaultStore.externalRefusal(location);
  }

  @Override
  public void delete(String location) throws IOException {
    storeFor(location).delete(location);
  }

  /** An upload may have been written to any writable backend; each removes what it holds of it. */
  @Override
  public void discardUpload(String imageId, String uploadId) throws IOException {
    for (ImageStore store : writables()) {
      store.discardUpload(imageId, uploadId);
    }
  }

  /**
   * Every writable backend's objects, each name prefixed with its backend's id and a colon, so
   * that {@link #remove} knows whose object it is.
   */
  @Override
  public Stream<StoredObject> list() throws IOException {
    List<Stream<StoredObject>> streams = new ArrayList<>();
    try {
      for (Map.Entry<String, ImageStore> backend : backends.entrySet()) {
        if (backend.getValue().writable()) {
          String prefix = backend.getKey() + ":";
          streams.add(backend.getValue().list().map(o -> new StoredObject(prefix + o.name(), o.imageId(),
              o.uploadId(), o.temporary(), o.location(), o.lastModified())));
        }
      }
    } catch (IOException | RuntimeException e) {
      streams.forEach(Stream::close);
      throw e;
    }
    return streams.stream().flatMap(s -> s).onClose(() -> streams.forEach(Stream::close));
  }

  /** Removes an object {@link #list} returned, from the backend its name's prefix names. */
  @Override
  public void remove(StoredObject object) throws IOException {
    String name = object.name();
    int colon = name == null ? -1 : name.indexOf(':');
    ImageStore store = colon < 0 ? null : backends.get(name.substring(0, colon));
    if (store == null || !store.writable()) {
      throw new IllegalArgumentException("not an object of any writable backend: " + object);
    }
    store.remove(new StoredObject(name.substring(colon + 1), object.imageId(), object.uploadId(),
        object.temporary(), object.location(), object.lastModified()));
  }
}
