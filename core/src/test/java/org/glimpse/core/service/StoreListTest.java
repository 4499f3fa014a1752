package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.glimpse.core.image.Image;
import org.junit.jupiter.api.Test;

class StoreListTest {
  private static final String KEY = "os_glance_importing_to_stores";

  @Test
  void addMergesSortedWithoutDuplicatesOrEmptyEntries() {
    Image image = new Image();
    image.getProperties().put(KEY, "store3,,store1");
    StoreList.add(image, KEY, List.of("store2", "store1"));
    assertThat(image.getProperties().get(KEY)).isEqualTo("store1,store2,store3");
  }

  @Test
  void removeTakesOutOnlyTheNamedStoresAndAnAbsentListIsEmpty() {
    Image image = new Image();
    StoreList.remove(image, KEY, List.of("store1"));
    assertThat(image.getProperties().get(KEY)).isEmpty();
    image.getProperties().put(KEY, "store1,store2");
    StoreList.remove(image, KEY, List.of("store2", "store9"));
    assertThat(image.getProperties().get(KEY)).isEqualTo("store1");
  }
}
