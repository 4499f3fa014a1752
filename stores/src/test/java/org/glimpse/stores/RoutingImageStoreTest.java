package org.glimpse.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.port.ImageStore;
import org.glimpse.stores.file.FileImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes go to the default store; locations are read, sized and deleted by the store that handles them. */
class RoutingImageStoreTest {
  @TempDir
  Path dir;

  /** A read-only store of {@code web:} locations that records what it was asked. */
  static final class WebStore implements ImageStore {
    final List<String> calls = new ArrayList<>();

    @Override
    public String scheme() {
      return "web";
    }

    @Override
    public boolean handles(String location) {
      return location.startsWith("web:");
    }

    @Override
    public boolean writable() {
      return false;
    }

    @Override
    public String externalRefusal(String location) {
      return location.contains("inside") ? "refused: " + location : null;
    }

    @Override
    public StagedData stage(String imageId, String uploadId, DataChunks data) {
      throw new AssertionError("never written to");
    }

    @Override
    public InputStream open(String location, long offset, long length) {
      calls.add("open " + location);
      return new ByteArrayInputStream("remote".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public long size(String location) {
      calls.add("size " + location);
      return 6;
    }

    @Override
    public void delete(String location) {
      calls.add("delete " + location);
    }

    @Override
    public void discardUpload(String imageId, String uploadId) {
      throw new AssertionError("never written to");
    }

    @Override
    public Stream<StoredObject> list() {
      throw new AssertionError("never swept");
    }

    @Override
    public void remove(StoredObject object) {
      throw new AssertionError("never swept");
    }
  }

  @Test
  void writesListingsAndOwnLocationsStayWithTheDefaultStore() throws IOException {
    FileImageStore file = new FileImageStore(dir);
    WebStore web = new WebStore();
    RoutingImageStore store = new RoutingImageStore(file, List.of(web));
    String location;
    try (ImageStore.StagedData staged = store.stage("img", "up1",
        new ByteArrayInputStream("local".getBytes(StandardCharsets.US_ASCII)))) {
      location = staged.commit();
    }
    assertThat(store.storeFor(location)).isSameAs(file);
    try (InputStream in = store.open(location, 0, -1)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("local");
    }
    try (Stream<ImageStore.StoredObject> objects = store.list()) {
      assertThat(objects.map(ImageStore.StoredObject::location)).containsExactly(location);
    }
    assertThat(store.externalRefusal(location)).contains("External sources are not supported");
    store.delete(location);
    try (Stream<ImageStore.StoredObject> objects = store.list()) {
      assertThat(objects).isEmpty();
    }
    assertThat(web.calls).isEmpty();
  }

  @Test
  void otherLocationsGoToTheStoreThatHandlesThem() throws IOException {
    WebStore web = new WebStore();
    RoutingImageStore store = new RoutingImageStore(new FileImageStore(dir), List.of(web));
    assertThat(store.handles("web:a")).isTrue();
    assertThat(store.handles("ftp:a")).isFalse();
    assertThat(store.size("web:a")).isEqualTo(6);
    try (InputStream in = store.open("web:a", 0, -1)) {
      assertThat(in.readAllBytes()).hasSize(6);
    }
    store.delete("web:a");
    assertThat(web.calls).containsExactly("size web:a", "open web:a", "delete web:a");
    assertThat(store.externalRefusal("web:a")).isNull();
    assertThat(store.externalRefusal("web:inside")).isEqualTo("refused: web:inside");
    assertThat(store.externalRefusal("ftp:a")).contains("External sources are not supported");
    assertThat(store.writable()).isTrue();
  }
}
