package org.glimpse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.port.ImageStore;
import org.junit.jupiter.api.Test;

class MeteredImageStoreTest {
  /** Fails every operation: with an IOException, or for stage with the client's TooLargeException. */
  private static final class FailingStore implements ImageStore {
    @Override
    public String scheme() {
      return "test";
    }

    @Override
    public boolean handles(String location) {
      return true;
    }

    @Override
    public StagedData stage(String imageId, String uploadId, org.glimpse.core.data.DataChunks data) {
      throw new TooLargeException("too large");
    }

    @Override
    public InputStream open(String location, long offset, long length) throws IOException {
      throw new IOException("disk gone");
    }

    @Override
    public void delete(String location) throws IOException {
      throw new IOException("disk gone");
    }

    @Override
    public void discardUpload(String imageId, String uploadId) {}

    @Override
    public Stream<StoredObject> list() {
      return Stream.empty();
    }

    @Override
    public void remove(StoredObject object) {}
  }

  @Test
  void theStoresOwnFailuresAreCountedByOperationAndTheClientsAreNot() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ImageStore store = new MeteredImageStore(new FailingStore(), registry);

    assertThatThrownBy(() -> store.delete("test://x")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store.delete("test://x")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store.open("test://x", 0, -1)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store.stage("i", "u", InputStream.nullInputStream()))
        .isInstanceOf(TooLargeException.class);

    assertThat(registry.get("glimpse.store.errors").tag("operation", "delete").counter().count()).isEqualTo(2);
    assertThat(registry.get("glimpse.store.errors").tag("operation", "open").counter().count()).isEqualTo(1);
    assertThat(registry.get("glimpse.store.errors").tag("operation", "stage").counter().count()).isZero();
  }
}
