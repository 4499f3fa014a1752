package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glimpse.core.data.DigestingChunks;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** What an import writes in its image's record, store by store, and how a failed one is undone. */
class ImportRecordsTest {
  private static final String TASK = "task-1";
  private final ServiceFakes f = new ServiceFakes();
  private final ImportRecords records = new ImportRecords(f.services.updater());
  private final ImportRecords.Data data = new ImportRecords.Data(
      new DigestingChunks.Digests(3, "md5", HashAlgorithm.of("sha512"), "abc"), null, null);

  private String image(ImageStatus status, String lock, ImageLocation... locations) {
    Image image = new Image();
    image.setId("11111111-2222-3333-4444-55555555555" + (char) ('0' + locations.length));
    image.setOwner("p");
    image.setVisibility(Visibility.PRIVATE);
    image.setStatus(status);
    image.setDiskFormat("raw");
    image.setContainerFormat("bare");
    image.setCreatedAt(Instant.EPOCH);
    image.setUpdatedAt(Instant.EPOCH);
    image.setLocations(List.of(locations));
    image.setProperties(Map.of(ImportService.LOCK, lock, ImportService.IMPORTING_TO, "store1,store2",
        ImportService.FAILED, ""));
    f.images.create(image);
    return image.getId();
  }

  private Image read(String id) {
    return f.images.find(id).orElseThrow();
  }

  @Test
  void eachStoreIsALocationAndTheLastOneActivatesAndUnlocks() {
    String id = image(ImageStatus.IMPORTING, TASK);
    records.record(id, TASK, "store1", "mem://a", data, null, false, false, null);
    Image first = read(id);
    assertThat(first.getStatus()).isEqualTo(ImageStatus.IMPORTING);
    assertThat(first.getLocations()).containsExactly(new ImageLocation("mem://a", "{\"store\": \"store1\"}"));
    assertThat(first.getSize()).isEqualTo(3);
    assertThat(first.getProperties()).containsEntry(ImportService.IMPORTING_TO, "store2")
        .containsEntry(ImportService.LOCK, TASK);

    records.record(id, TASK, "store2", "mem://b", null, null, true, true, null);
    Image done = read(id);
    assertThat(done.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(done.getLocations()).extracting(ImageLocation::url).containsExactly("mem://a", "mem://b");
    assertThat(done.getProperties()).containsEntry(ImportService.IMPORTING_TO, "")
        .doesNotContainKey(ImportService.LOCK);
  }

  @Test
  void anotherTasksLockIsNotTouched() {
    String id = image(ImageStatus.IMPORTING, "other-task");
    assertThatThrownBy(() -> records.record(id, TASK, "store1", "mem://a", data, null, true, true, null))
        .isInstanceOf(ImportRecords.LockLost.class);
    assertThatThrownBy(() -> records.failed(id, TASK, "store1", true)).isInstanceOf(ImportRecords.LockLost.class);
    assertThat(records.revert(id, TASK, List.of("store1"), List.of("store1"), List.of())).isNull();
    assertThat(read(id).getProperties()).containsEntry(ImportService.LOCK, "other-task");
  }

  @Test
  void aFailedStoreIsListedAndTheLastOneUnlocksAnActiveImage() {
    String id = image(ImageStatus.ACTIVE, TASK, ImageLocation.of("mem://a"));
    records.failed(id, TASK, "store2", true);
    assertThat(read(id).getProperties()).containsEntry(ImportService.FAILED, "store2")
        .containsEntry(ImportService.IMPORTING_TO, "store1").doesNotContainKey(ImportService.LOCK);
  }

  @Test
  void revertingAnImportingImageTakesAllItsDataBackToQueued() {
    String id = image(ImageStatus.IMPORTING, TASK, ImageLocation.of("mem://staged"), ImageLocation.of("mem://a"));
    List<String> doomed = records.revert(id, TASK, List.of("store1", "store2"), List.of("store2"), List.of("mem://a"));
    assertThat(doomed).containsExactly("mem://staged", "mem://a");
    Image back = read(id);
    assertThat(back.getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(back.getLocations()).isEmpty();
    assertThat(back.getProperties()).containsEntry(ImportService.FAILED, "store2")
        .containsEntry(ImportService.IMPORTING_TO, "").doesNotContainKey(ImportService.LOCK);
  }

  @Test
  void revertingACopyKeepsTheImageAndItsOldLocations() {
    String id = image(ImageStatus.ACTIVE, TASK, ImageLocation.of("mem://old"), ImageLocation.of("mem://copy"));
    List<String> doomed = records.revert(id, TASK, List.of("store2"), List.of("store3"), List.of("mem://copy"));
    assertThat(doomed).containsExactly("mem://copy");
    Image after = read(id);
    assertThat(after.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(after.getLocations()).extracting(ImageLocation::url).containsExactly("mem://old");
    assertThat(after.getProperties()).containsEntry(ImportService.FAILED, "store3")
        .containsEntry(ImportService.IMPORTING_TO, "store1");
  }
}
