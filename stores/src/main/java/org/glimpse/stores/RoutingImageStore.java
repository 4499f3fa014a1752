package org.glimpse.stores;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.port.ImageStore;

/**
 * The default store with read-only stores beside it (glance_store's {@code stores} list): new data
 * is written to, listed and swept in the default store; a location is read, sized and deleted by
 * the store whose {@link ImageStore#handles} accepts it (the default store first, then the others
 * in order). A location no store accepts is left to the default store, which refuses it.
 */
public final class RoutingImageStore implements ImageStore {
  private final ImageStore writable;
  private final List<ImageStore> readOnly;

  public RoutingImageStore(ImageStore writable, List<ImageStore> readOnly) {
    this.writable = writable;
    this.readOnly = List.copyOf(readOnly);
  }

  /** The store that handles {@code location}. */
  public ImageStore storeFor(String location) {
    if (writable.handles(location)) {
      return writable;
    }
    for (ImageStore store : readOnly) {
      if (store.handles(location)) {
        return store;
      }
    }
    return writable;
  }

  @Override
  public String scheme() {
    return writable.scheme();
  }

  @Override
  public boolean handles(String location) {
    return writable.handles(location) || readOnly.stream().anyMatch(s -> s.handles(location));
  }

  @Override
  public StagedData stage(String imageId, String uploadId, DataChunks data) throws IOException {
    return writable.stage(imageId, uploadId, data);
  }

  @Override
  public InputStream open(String location, long offset, long length) throws IOException {
    return storeFor(location).open(location, offset, length);
  }

  @Override
  public long size(String location) throws IOException {
    return storeFor(location).size(location);
  }

  /** Only the read-only stores read external locations; the default store's own are refused. */
  @Override
  public String externalRefusal(String location) {
    for (ImageStore store : readOnly) {
      if (store.handles(location)) {
        return store.externalRefusal(location);
      }
    }
    return writable.externalRefusal(location);
  }

  @Override
  public void delete(String location) throws IOException {
    storeFor(location).delete(location);
  }

  @Override
  public void discardUpload(String imageId, String uploadId) throws IOException {
    writable.discardUpload(imageId, uploadId);
  }

  @Override
  public Stream<StoredObject> list() throws IOException {
    return writable.list();
  }

  @Override
  public void remove(StoredObject object) throws IOException {
    writable.remove(object);
  }
}
