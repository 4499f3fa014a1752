package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.project;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.ImageChange.Op;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.LocationEdit;
import org.junit.jupiter.api.Test;

/** Glance's rules for add, remove and replace of an image's several locations. */
class LocationPatcherTest {
  private static final String A = "http://web/a";
  private static final String B = "http://web/b";
  private static final String C = "http://web/c";

  /** A store that reads any http URL, 3 bytes long. */
  private static final class WebStore extends InMemoryStore {
    @Override
    public String externalRefusal(String location) {
      return location.startsWith("http://") ? null : "External sources are not supported: '" + location + "'";
    }

    @Override
    public long size(String location) {
      return 3;
    }
  }

  private final ServiceFakes f = new ServiceFakes();
  private final LocationPatcher patcher = new LocationPatcher(f.policy, new WebStore(), HashAlgorithm.SHA512, true);

  private static Image image(ImageStatus status, String... urls) {
    Image image = new Image();
    image.setId("11111111-2222-3333-4444-555555555555");
    image.setOwner("p");
    image.setStatus(status);
    image.setCreatedAt(Instant.EPOCH);
    image.setUpdatedAt(Instant.EPOCH);
    image.setLocations(java.util.Arrays.stream(urls).map(ImageLocation::of).toList());
    return image;
  }

  private static LocationEdit.Location loc(String url, String metadata) {
    return new LocationEdit.Location(url, metadata, Map.of());
  }

  private void apply(Image image, Op op, String position, LocationEdit.Location... locations) {
    ImageChange change = new ImageChange(op, "locations", new LocationEdit(position, List.of(locations)));
    Map<String, Long> sizes = patcher.prepare(project("p"), image, List.of(change));
    patcher.apply(project("p"), image, change, sizes);
  }

  private static List<String> urls(Image image) {
    return image.getLocations().stream().map(ImageLocation::url).toList();
  }

  @Test
  void addInsertsAtThePositionWithItsMetadataAndTheFirstIsPrimary() {
    Image image = image(ImageStatus.ACTIVE, A);
    apply(image, Op.ADD, "-", loc(B, "{\"speed\":\"88mph\"}"));
    apply(image, Op.ADD, "0", loc(C, "{}"));
    assertThat(urls(image)).containsExactly(C, A, B);
    assertThat(image.getLocations().get(2).metadata()).isEqualTo("{\"speed\":\"88mph\"}");
    assertThat(image.getLocation()).isEqualTo(C);
  }

  @Test
  void aQueuedImageGivenALocationIsActiveWithItsSize() {
    Image image = image(ImageStatus.QUEUED);
    apply(image, Op.ADD, "-", loc(A, "{\"foo\":\"bar\"}"));
    assertThat(image.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(image.getSize()).isEqualTo(3L);
    assertThat(image.getLocations()).containsExactly(new ImageLocation(A, "{\"foo\":\"bar\"}"));
  }

  @Test
  void addRefusesADuplicateABadPositionAndAnUnreadableUrl() {
    Image image = image(ImageStatus.ACTIVE, A, B);
    assertThatThrownBy(() -> apply(image, Op.ADD, "-", loc(B, "{}")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("The location " + B + " already exists");
    assertThatThrownBy(() -> apply(image, Op.ADD, "3", loc(C, "{}")))
        .isInstanceOf(BadRequestException.class).hasMessage("Invalid position for adding a location.");
    assertThatThrownBy(() -> apply(image, Op.ADD, "-", loc("gopher://info.cern.ch", "{}")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("gopher://info.cern.ch");
    assertThat(urls(image)).containsExactly(A, B);
  }

  @Test
  void removeTakesOneByPositionButNeverTheLast() {
    Image image = image(ImageStatus.ACTIVE, A, B, C);
    assertThatThrownBy(() -> apply(image, Op.REMOVE, "3"))
        .isInstanceOf(BadRequestException.class).hasMessage("Invalid position for removing a location.");
    apply(image, Op.REMOVE, "0");
    assertThat(urls(image)).containsExactly(B, C);
    apply(image, Op.REMOVE, "-");
    assertThat(urls(image)).containsExactly(B);
    assertThatThrownBy(() -> apply(image, Op.REMOVE, "0"))
        .isInstanceOf(ForbiddenException.class).hasMessage("Cannot remove last location in the image.");
    assertThat(urls(image)).containsExactly(B);
  }

  @Test
  void removeNeedsAnActiveImage() {
    Image image = image(ImageStatus.DEACTIVATED, A, B);
    assertThatThrownBy(() -> apply(image, Op.REMOVE, "0"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("It's not allowed to remove locations if image status is deactivated.");
  }

  @Test
  void replaceMayReorderAndChangeMetadataOnly() {
    Image image = image(ImageStatus.ACTIVE, A, B);
    apply(image, Op.REPLACE, null, loc(B, "{\"store\":\"b\"}"), loc(A, "{}"));
    assertThat(image.getLocations())
        .containsExactly(new ImageLocation(B, "{\"store\":\"b\"}"), ImageLocation.of(A));

    assertThatThrownBy(() -> apply(image, Op.REPLACE, null, loc(B, "{}")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Original locations is not empty");
    assertThatThrownBy(() -> apply(image, Op.REPLACE, null, loc(B, "{}"), loc(C, "{}")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Original locations is not empty");
    assertThatThrownBy(() -> apply(image, Op.REPLACE, null, loc(B, "{}"), loc(A, "{}"), loc(A, "{}")))
        .isInstanceOf(BadRequestException.class);
    assertThat(urls(image)).containsExactly(B, A);
  }

  @Test
  void replaceSetsTheListOfAnImageWithoutOneAndRefusesDuplicates() {
    Image duplicated = image(ImageStatus.QUEUED);
    assertThatThrownBy(() -> apply(duplicated, Op.REPLACE, null, loc(A, "{}"), loc(A, "{}")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("already exists");
    assertThat(duplicated.getLocations()).isEmpty();

    Image image = image(ImageStatus.QUEUED);
    apply(image, Op.REPLACE, null, loc(A, "{}"), loc(B, "{}"));
    assertThat(urls(image)).containsExactly(A, B);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.ACTIVE);
  }
}
