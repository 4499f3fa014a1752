package org.glimpse.core.service;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;
import org.glimpse.core.image.Image;

/**
 * The comma-separated store lists an import keeps in reserved properties
 * ({@code os_glance_importing_to_stores}, {@code os_glance_failed_import}), kept as Glance keeps
 * them: a set, written sorted, empty entries dropped.
 */
final class StoreList {
  private StoreList() {}

  static void add(Image image, String key, Collection<String> stores) {
    TreeSet<String> merged = read(image, key);
    stores.stream().filter(s -> s != null && !s.isEmpty()).forEach(merged::add);
    image.getProperties().put(key, String.join(",", merged));
  }

  static void remove(Image image, String key, Collection<String> stores) {
    TreeSet<String> merged = read(image, key);
    merged.removeAll(stores);
    image.getProperties().put(key, String.join(",", merged));
  }

  private static TreeSet<String> read(Image image, String key) {
    TreeSet<String> stores = new TreeSet<>();
    Arrays.stream(image.getProperties().getOrDefault(key, "").split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).forEach(stores::add);
    return stores;
  }
}
