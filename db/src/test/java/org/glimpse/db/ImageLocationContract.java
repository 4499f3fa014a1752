package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.everything;
import static org.glimpse.db.TestImages.id;
import static org.glimpse.db.TestImages.image;

import java.util.List;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageRepository.DataState;
import org.junit.jupiter.api.Test;

/** Several locations per image: kept in order with their metadata, the first one primary. */
interface ImageLocationContract extends RepositoryFixture {
  ImageLocation A = new ImageLocation("file:///a/one", "{\"store\": \"fast\"}");
  ImageLocation B = new ImageLocation("file:///b/one", "{\"store\": \"cheap\", \"n\": [1, \"é\"]}");
  ImageLocation C = ImageLocation.of("http://example.com/one");

  private Image withLocations(String name, ImageLocation... locations) {
    Image image = image(name);
    image.setStatus(ImageStatus.ACTIVE);
    image.setSize(3L);
    image.setLocations(List.of(locations));
    return image;
  }

  @Test
  default void createKeepsEveryLocationInOrderWithItsMetadata() {
    images().create(withLocations("locs-create", B, A, C));

    Image found = images().find(id("locs-create")).orElseThrow();
    assertThat(found.getLocations()).containsExactly(B, A, C);
    assertThat(found.getLocation()).isEqualTo(B.url());
  }

  @Test
  default void updateRewritesTheListAndThePrimaryFollowsIt() {
    images().create(withLocations("locs-update", A));

    Image changed = images().update(id("locs-update"), image -> {
      image.setLocations(List.of(B, A, C));
      image.setUpdatedAt(T0.plusSeconds(5));
    });
    assertThat(changed.getLocations()).containsExactly(B, A, C);
    assertThat(changed.getLocation()).isEqualTo(B.url());

    images().update(id("locs-update"), image -> image.setLocations(List.of(C)));
    Image found = images().find(id("locs-update")).orElseThrow();
    assertThat(found.getLocations()).containsExactly(C);
    assertThat(found.getLocation()).isEqualTo(C.url());
  }

  @Test
  default void onlyMetadataChangingIsWritten() {
    images().create(withLocations("locs-meta", A, B));
    ImageLocation relabelled = new ImageLocation(B.url(), "{\"store\": \"other\"}");

    images().update(id("locs-meta"), image -> image.setLocations(List.of(A, relabelled)));

    assertThat(images().find(id("locs-meta")).orElseThrow().getLocations()).containsExactly(A, relabelled);
  }

  @Test
  default void metadataAsLargeAsAJsonBodyRoundTrips() {
    ImageLocation large = new ImageLocation("file:///a/large", "{\"k\": \"" + "é".repeat(300_000) + "\"}");
    images().create(withLocations("locs-large", A, large));

    assertThat(images().find(id("locs-large")).orElseThrow().getLocations()).containsExactly(A, large);
  }

  @Test
  default void clearingTheDataRemovesEveryLocation() {
    images().create(withLocations("locs-clear", A, B));

    images().update(id("locs-clear"), Image::clearData);

    Image found = images().find(id("locs-clear")).orElseThrow();
    assertThat(found.getLocations()).isEmpty();
    assertThat(found.getLocation()).isNull();
  }

  @Test
  default void settingThePrimaryAgainKeepsTheOthers() {
    images().create(withLocations("locs-same", A, B));

    images().update(id("locs-same"), image -> image.setLocation(A.url()));

    assertThat(images().find(id("locs-same")).orElseThrow().getLocations()).containsExactly(A, B);
  }

  @Test
  default void listingsAndThePendingDeletePagesCarryEveryLocation() {
    images().create(withLocations("locs-list", A, B));
    images().create(image("locs-none"));

    List<Image> page = images().list(everything());
    assertThat(page).filteredOn(i -> i.getId().equals(id("locs-list")))
        .singleElement().satisfies(i -> assertThat(i.getLocations()).containsExactly(A, B));
    assertThat(page).filteredOn(i -> i.getId().equals(id("locs-none")))
        .singleElement().satisfies(i -> assertThat(i.getLocations()).isEmpty());

    images().markPendingDelete(id("locs-list"), T0.plusSeconds(1));
    assertThat(images().findPendingDelete(T0.plusSeconds(2), null, 10))
        .filteredOn(i -> i.getId().equals(id("locs-list")))
        .singleElement().satisfies(i -> assertThat(i.getLocations()).containsExactly(A, B));
  }

  @Test
  default void dataStatesNameEveryLocationOnceInOrder() {
    images().create(withLocations("locs-states", B, A));
    images().create(image("locs-bare"));

    assertThat(images().dataStates(List.of(id("locs-states"), id("locs-bare"), id("locs-nothing"))))
        .containsExactlyInAnyOrder(
            new DataState(id("locs-states"), ImageStatus.ACTIVE, List.of(B.url(), A.url()), null),
            new DataState(id("locs-bare"), ImageStatus.ACTIVE, List.of(), null));
  }

  @Test
  default void anImageWithSeveralLocationsIsNotDeletedAsOneWithoutData() {
    images().create(withLocations("locs-cas", A, B));

    assertThat(images().deleteWithoutData(id("locs-cas"), T0.plusSeconds(1))).isFalse();
    assertThat(images().find(id("locs-cas"))).isPresent();
  }
}
