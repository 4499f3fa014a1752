package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.admin;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** ImageService.removeStoreLocation: Glance's DELETE /v2/stores/{store}/{image} on the record. */
class StoreLocationRemovalTest {
  private static final ImageLocation FAST = new ImageLocation("mem://x~a", "{\"store\":\"fast\"}");
  private static final ImageLocation SLOW = new ImageLocation("mem://x~b", "{\"store\":\"slow\"}");
  private final ServiceFakes f = new ServiceFakes();

  private String image(ImageStatus status, ImageLocation... locations) {
    Image image = new Image();
    image.setId("11111111-2222-3333-4444-55555555555" + (char) ('0' + locations.length));
    image.setOwner("p");
    image.setVisibility(Visibility.PRIVATE);
    image.setStatus(status);
    image.setCreatedAt(Instant.EPOCH);
    image.setUpdatedAt(Instant.EPOCH);
    image.setLocations(List.of(locations));
    f.images.create(image);
    return image.getId();
  }

  private static Predicate<ImageLocation> in(String store) {
    return l -> l.metadata().contains("\"" + store + "\"");
  }

  @Test
  void removesTheStoresLocationAndKeepsTheOthers() {
    String id = image(ImageStatus.ACTIVE, FAST, SLOW);
    Image after = f.service.removeStoreLocation(admin(), id, "fast", in("fast"));
    assertThat(after.getLocations()).containsExactly(SLOW);
    assertThat(f.images.find(id).orElseThrow().getLocation()).isEqualTo(SLOW.url());
  }

  @Test
  void theLastLocationAStoreItDoesNotHoldAndAnInactiveImageAreRefused() {
    String only = image(ImageStatus.ACTIVE, FAST);
    assertThatThrownBy(() -> f.service.removeStoreLocation(admin(), only, "fast", in("fast")))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("only store containing it");
    String two = image(ImageStatus.ACTIVE, FAST, SLOW);
    assertThatThrownBy(() -> f.service.removeStoreLocation(admin(), two, "cheap", in("cheap")))
        .isInstanceOf(NotFoundException.class).hasMessage("Image " + two + " is not stored in store cheap.");
    assertThat(f.images.find(two).orElseThrow().getLocations()).containsExactly(FAST, SLOW);
    f.images.update(two, i -> i.setStatus(ImageStatus.DEACTIVATED));
    assertThatThrownBy(() -> f.service.removeStoreLocation(admin(), two, "fast", in("fast")))
        .isInstanceOf(ConflictException.class).hasMessageContaining("status is not 'active'");
  }
}
