package org.glimpse.db;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery.Sort;
import org.glimpse.core.image.SortKey;

/**
 * The listing order computed in Java, independently of the SQL: requested keys, then created_at
 * and id in the first key's direction (descending by default); NULL text as '', NULL size as -1.
 */
final class ExpectedOrder {
  private ExpectedOrder() {}

  static Comparator<Image> of(List<Sort> requested) {
    boolean tieBreak = !requested.isEmpty() && requested.get(0).ascending();
    List<Sort> order = new ArrayList<>(requested);
    order.add(new Sort(SortKey.CREATED_AT, tieBreak));
    order.add(new Sort(SortKey.ID, tieBreak));
    Set<SortKey> seen = EnumSet.noneOf(SortKey.class);
    Comparator<Image> comparator = (a, b) -> 0;
    for (Sort sort : order) {
      if (seen.add(sort.key())) {
        Comparator<Image> byKey = Comparator.comparing(value(sort.key()));
        comparator = comparator.thenComparing(sort.ascending() ? byKey : byKey.reversed());
      }
    }
    return comparator;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Function<Image, Comparable> value(SortKey key) {
    return switch (key) {
      case NAME -> image -> orEmpty(image.getName());
      case STATUS -> image -> image.getStatus().wire();
      case CONTAINER_FORMAT -> image -> orEmpty(image.getContainerFormat());
      case DISK_FORMAT -> image -> orEmpty(image.getDiskFormat());
      case SIZE -> image -> image.getSize() == null ? -1L : image.getSize();
      case ID -> Image::getId;
      case CREATED_AT -> Image::getCreatedAt;
      case UPDATED_AT -> Image::getUpdatedAt;
    };
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
