package org.glimpse.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.glimpse.core.port.ImageStore;
import org.glimpse.stores.file.FileImageStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiBackendStoreTest {
  @TempDir
  Path dir;

  private FileImageStore fast;
  private FileImageStore slow;
  private MultiBackendStore store;

  @BeforeEach
  void setUp() {
    fast = new FileImageStore(dir.resolve("fast"));
    // a directory whose name starts like the other's: handles() must compare whole directories
    slow = new FileImageStore(dir.resolve("fast2"));
    Map<String, ImageStore> backends = new LinkedHashMap<>();
    backends.put("fast", fast);
    backends.put("slow", slow);
    store = new MultiBackendStore(backends, "fast");
  }

  private String write(ImageStore target, String content) throws Exception {
    try (ImageStore.StagedData staged = target.stage(UUID.randomUUID().toString(), UUID.randomUUID().toString().replace("-", ""),
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))) {
      return staged.commit();
    }
  }

  @Test
  void newDataGoesToTheDefaultBackend() throws Exception {
    String location = write(store, "hello");
    assertThat(fast.handles(location)).isTrue();
    assertThat(slow.handles(location)).isFalse();
    assertThat(store.backendOf(location)).contains("fast");
  }

  @Test
  void eachLocationIsReadAndDeletedByTheBackendHoldingIt() throws Exception {
    String inSlow = write(slow, "slow data");
    assertThat(store.backendOf(inSlow)).contains("slow");
    try (InputStream in = store.open(inSlow, 0, -1)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("slow data");
    }
    store.delete(inSlow);
    try (Stream<ImageStore.StoredObject> left = slow.list()) {
      assertThat(left).isEmpty();
    }
    assertThat(store.handles("file://" + dir.resolve("elsewhere/x"))).isFalse();
  }

  @Test
  void listingCoversEveryBackendAndRemovalFindsTheOwner() throws Exception {
    String a = write(fast, "a");
    String b = write(slow, "b");
    List<ImageStore.StoredObject> all;
    try (Stream<ImageStore.StoredObject> objects = store.list()) {
      all = objects.toList();
    }
    assertThat(all).extracting(ImageStore.StoredObject::location).containsExactlyInAnyOrder(a, b);
    assertThat(all).extracting(ImageStore.StoredObject::name)
        .anyMatch(n -> n.startsWith("fast:")).anyMatch(n -> n.startsWith("slow:"));
    for (ImageStore.StoredObject object : all) {
      store.remove(object);
    }
    try (Stream<ImageStore.StoredObject> f = fast.list(); Stream<ImageStore.StoredObject> s = slow.list()) {
      assertThat(f).isEmpty();
      assertThat(s).isEmpty();
    }
    assertThatThrownBy(() -> store.remove(new ImageStore.StoredObject("nobody:x", null, null, true, null, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDiscardedUploadIsRemovedFromWhicheverBackendHasIt() throws Exception {
    String image = UUID.randomUUID().toString();
    String upload = UUID.randomUUID().toString().replace("-", "");
    try (ImageStore.StagedData staged = slow.stage(image, upload, new ByteArrayInputStream(new byte[] {1}))) {
      staged.commit();
    }
    store.discardUpload(image, upload);
    try (Stream<ImageStore.StoredObject> s = slow.list()) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void theDefaultMustBeAWritableBackend() {
    assertThatThrownBy(() -> new MultiBackendStore(Map.of("fast", fast), "other"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
