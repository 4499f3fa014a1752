package org.glimpse.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.port.ImageStore;

/**
 * The one decorator around a port: counts the store's own failures per operation
 * ({@code glimpse_store_errors_total{operation=…}}). Failures that are the client's or the
 * domain's (a body too large, a cut upload: GlimpseException) are not the store's and are not
 * counted.
 */
public final class MeteredImageStore implements ImageStore {
  private final ImageStore store;
  private final MeterRegistry registry;
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();

  public MeteredImageStore(ImageStore store, MeterRegistry registry) {
    this.store = store;
    this.registry = registry;
    for (String op : new String[] {"stage", "commit", "open", "size", "delete", "discard_upload", "list", "remove"}) {
      counter(op);
    }
  }

  private Counter counter(String operation) {
    return errors.computeIfAbsent(operation, op -> Counter.builder("glimpse.store.errors")
        .description("Failures of the image store, by operation")
        .tag("operation", op)
        .register(registry));
  }

  private void count(String operation, Exception e) {
    if (!(e instanceof GlimpseException)) {
      counter(operation).increment();
    }
  }

  @Override
  public String scheme() {
    return store.scheme();
  }

  @Override
  public boolean handles(String location) {
    return store.handles(location);
  }

  @Override
  public StagedData stage(String imageId, String uploadId, org.glimpse.core.data.DataChunks data) throws IOException {
    StagedData staged;
    try {
      staged = store.stage(imageId, uploadId, data);
    } catch (IOException | RuntimeException e) {
      count("stage", e);
      throw e;
    }
    return new StagedData() {
      @Override
      public long size() {
        return staged.size();
      }

      @Override
      public String commit() throws IOException {
        try {
          return staged.commit();
        } catch (IOException | RuntimeException e) {
          count("commit", e);
          throw e;
        }
      }

      @Override
      public void close() throws IOException {
        staged.close();
      }
    };
  }

  @Override
  public InputStream open(String location, long offset, long length) throws IOException {
    try {
      return store.open(location, offset, length);
    } catch (IOException | RuntimeException e) {
      count("open", e);
      throw e;
    }
  }

  @Override
  public long size(String location) throws IOException {
    try {
      return store.size(location);
    } catch (IOException | RuntimeException e) {
      count("size", e);
      throw e;
    }
  }

  @Override
  public String externalRefusal(String location) {
    return store.externalRefusal(location);
  }

  @Override
  public boolean writable() {
    return store.writable();
  }

  /** A backend's store, counted under the same meters (the registry hands back the same counters). */
  @Override
  public java.util.Optional<ImageStore> backend(String id) {
    return store.backend(id).map(b -> new MeteredImageStore(b, registry));
  }

  @Override
  public void delete(String location) throws IOException {
    try {
      store.delete(location);
    } catch (IOException | RuntimeException e) {
      count("delete", e);
      throw e;
    }
  }

  @Override
  public void discardUpload(String imageId, String uploadId) throws IOException {
    try {
      store.discardUpload(imageId, uploadId);
    } catch (IOException | RuntimeException e) {
      count("discard_upload", e);
      throw e;
    }
  }

  @Override
  public Stream<StoredObject> list() throws IOException {
    try {
      return store.list();
    } catch (IOException | RuntimeException e) {
      count("list", e);
      throw e;
    }
  }

  @Override
  public void remove(StoredObject object) throws IOException {
    try {
      store.remove(object);
    } catch (IOException | RuntimeException e) {
      count("remove", e);
      throw e;
    }
  }
}
