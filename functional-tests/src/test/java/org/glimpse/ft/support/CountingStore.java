package org.glimpse.ft.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.glimpse.core.port.ImageStore;

/**
 * A store that counts how often image data is opened for reading: a stand-in for a remote store
 * (Swift, S3), where each read costs a trip across the network.
 */
public final class CountingStore implements ImageStore {
  private final ImageStore store;
  private final AtomicInteger opens = new AtomicInteger();

  public CountingStore(ImageStore store) {
    this.store = store;
  }

  /** Reads of stored data so far. */
  public int opens() {
    return opens.get();
  }

  @Override
  public InputStream open(String location, long offset, long length) throws IOException {
    opens.incrementAndGet();
    return store.open(location, offset, length);
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
    return store.stage(imageId, uploadId, data);
  }

  @Override
  public long size(String location) throws IOException {
    return store.size(location);
  }

  @Override
  public String externalRefusal(String location) {
    return store.externalRefusal(location);
  }

  @Override
  public java.util.Optional<ImageStore> backend(String id) {
    return store.backend(id);
  }

  @Override
  public boolean writable() {
    return store.writable();
  }

  @Override
  public void delete(String location) throws IOException {
    store.delete(location);
  }

  @Override
  public void discardUpload(String imageId, String uploadId) throws IOException {
    store.discardUpload(imageId, uploadId);
  }

  @Override
  public Stream<StoredObject> list() throws IOException {
    return store.list();
  }

  @Override
  public void remove(StoredObject object) throws IOException {
    store.remove(object);
  }
}
