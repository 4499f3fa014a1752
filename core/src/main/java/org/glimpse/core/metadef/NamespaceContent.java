package org.glimpse.core.metadef;

import java.util.List;

/** What a namespace holds: created with it in one go, and what a catalog export writes. */
public record NamespaceContent(List<ResourceTypeAssociation> associations,
    List<MetadefProperty> properties, List<MetadefObject> objects, List<MetadefTag> tags) {
  public static final NamespaceContent EMPTY =
      new NamespaceContent(List.of(), List.of(), List.of(), List.of());

  public NamespaceContent {
    associations = List.copyOf(associations);
    properties = List.copyOf(properties);
    objects = List.copyOf(objects);
    tags = List.copyOf(tags);
  }
}
