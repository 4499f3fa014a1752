package org.glimpse.core.metadef;

import org.glimpse.core.error.NotFoundException;

/** A missing object, property or tag of a namespace, in the words Glance's API uses. */
public final class MetadefNotFound {
  private MetadefNotFound() {}

  /** {@code kind}: object, property or tag. */
  public static NotFoundException of(String kind, String name) {
    return new NotFoundException(switch (kind) {
      case "property" -> "Could not find property " + name;
      case "object", "tag" -> "Could not find metadata " + kind + " " + name;
      default -> throw new IllegalArgumentException("not a kind of namespace content: " + kind);
    });
  }
}
