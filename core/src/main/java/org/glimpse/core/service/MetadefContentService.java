package org.glimpse.core.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.metadef.MetadefNotFound;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.Namespace;
import org.glimpse.core.metadef.ResourceTypeAssociation;
import org.glimpse.core.policy.MetadefPolicy;
import org.glimpse.core.policy.PolicyAction;
import org.glimpse.core.port.JsonObjects;
import org.glimpse.core.port.MetadefRepository;
import org.glimpse.core.time.ImageClock;

/**
 * What namespaces hold: objects, properties and tags. Each operation loads the namespace as the
 * caller may see it and checks its action on it; deleting from a protected namespace is
 * forbidden, as deleting the namespace is.
 */
public final class MetadefContentService {
  private final MetadefRepository repository;
  private final MetadefLookup lookup;
  private final ImageClock clock;
  private final DefinitionCharacters characters;

  public MetadefContentService(MetadefRepository repository, MetadefPolicy policy, ImageClock clock,
      JsonObjects json) {
    this.repository = repository;
    this.lookup = new MetadefLookup(repository, policy);
    this.clock = clock;
    this.characters = new DefinitionCharacters(json);
  }

  // --- objects ----------------------------------------------------------------------------------

  public List<MetadefObject> objects(RequestContext ctx, String namespace) {
    lookup.load(ctx, namespace, PolicyAction.GET_METADEF_OBJECTS);
    return repository.listObjects(namespace);
  }

  public MetadefObject object(RequestContext ctx, String namespace, String name) {
    lookup.load(ctx, namespace, PolicyAction.GET_METADEF_OBJECT);
    return findObject(namespace, name);
  }

  public MetadefObject createObject(RequestContext ctx, String namespace, MetadefObject object) {
    lookup.load(ctx, namespace, PolicyAction.ADD_METADEF_OBJECT);
    characters.object("Couldn't create metadata object", object);
    Instant now = clock.now();
    MetadefObject stamped = new MetadefObject(object.name(), object.description(), object.required(),
        object.propertiesJson(), now, now);
    repository.createObject(namespace, stamped);
    return stamped;
  }

  public MetadefObject updateObject(RequestContext ctx, String namespace, String name, MetadefObject object) {
    lookup.load(ctx, namespace, PolicyAction.MODIFY_METADEF_OBJECT);
    MetadefObject current = findObject(namespace, name);
    characters.object("Couldn't update metadata object", object);
    MetadefObject updated = new MetadefObject(object.name(), object.description(), object.required(),
        object.propertiesJson(), current.createdAt(), clock.now());
    repository.updateObject(namespace, name, updated);
    return updated;
  }

  public void deleteObject(RequestContext ctx, String namespace, String name) {
    Namespace ns = lookup.load(ctx, namespace, PolicyAction.DELETE_METADEF_OBJECT);
    findObject(namespace, name);
    if (ns.isProtected()) {
      throw new ForbiddenException("Metadata definition object " + name + " is protected and cannot be deleted.");
    }
    repository.deleteObject(namespace, name);
  }

  private MetadefObject findObject(String namespace, String name) {
    return repository.findObject(namespace, name).orElseThrow(() -> MetadefNotFound.of("object", name));
  }

  // --- properties -------------------------------------------------------------------------------

  public List<MetadefProperty> properties(RequestContext ctx, String namespace) {
    lookup.load(ctx, namespace, PolicyAction.GET_METADEF_PROPERTIES);
    return repository.listProperties(namespace);
  }

  /**
   * One property. With a resource type, {@code name} carries the prefix of the namespace's
   * association with that type, and the property is looked up without it.
   */
  public MetadefProperty property(RequestContext ctx, String namespace, String name, String resourceType) {
    Namespace ns = lookup.load(ctx, namespace, PolicyAction.GET_METADEF_PROPERTY);
    String unprefixed = name;
    if (resourceType != null && !resourceType.isEmpty()) {
      lookup.load(ctx, namespace, PolicyAction.GET_METADEF_RESOURCE_TYPE);
      ResourceTypeAssociation association = repository.listAssociations(ns.name()).stream()
          .filter(a -> a.name().equals(resourceType)).findFirst()
          .orElseThrow(() -> new NotFoundException("The metadata definition resource-type association of"
              + " resource-type=" + resourceType + " to namespace=" + namespace + ", was not found."));
      String prefix = association.prefix();
      if (prefix == null || prefix.isEmpty() || !name.startsWith(prefix)) {
        throw new NotFoundException("Property " + name + " does not start with the expected resource"
            + " type association prefix of '" + (prefix == null ? "None" : prefix) + "'.");
      }
      unprefixed = name.substring(prefix.length());
    }
    return findProperty(namespace, unprefixed);
  }

  public MetadefProperty createProperty(RequestContext ctx, String namespace, MetadefProperty property) {
    lookup.load(ctx, namespace, PolicyAction.ADD_METADEF_PROPERTY);
    characters.property("Couldn't create metadata property", property);
    repository.createProperty(namespace, property);
    return property;
  }

  public MetadefProperty updateProperty(RequestContext ctx, String namespace, String name, MetadefProperty property) {
    lookup.load(ctx, namespace, PolicyAction.MODIFY_METADEF_PROPERTY);
    findProperty(namespace, name);
    characters.property("Couldn't update metadata property", property);
    repository.updateProperty(namespace, name, property);
    return property;
  }

  public void deleteProperty(RequestContext ctx, String namespace, String name) {
    Namespace ns = lookup.load(ctx, namespace, PolicyAction.REMOVE_METADEF_PROPERTY);
    findProperty(namespace, name);
    if (ns.isProtected()) {
      throw new ForbiddenException("Metadata definition property " + name + " is protected and cannot be deleted.");
    }
    repository.deleteProperty(namespace, name);
  }

  private MetadefProperty findProperty(String namespace, String name) {
    return repository.findProperty(namespace, name).orElseThrow(() -> MetadefNotFound.of("property", name));
  }

  // --- tags -------------------------------------------------------------------------------------

  /** Tag listing order and page; {@code sortKey} is created_at, updated_at or name. */
  public record TagQuery(String marker, Integer limit, String sortKey, boolean ascending) {
    public static final Set<String> SORT_KEYS = Set.of("created_at", "updated_at", "name");
  }

  public List<MetadefTag> tags(RequestContext ctx, String namespace, TagQuery query) {
    lookup.load(ctx, namespace, PolicyAction.GET_METADEF_TAGS);
    if (!TagQuery.SORT_KEYS.contains(query.sortKey())) {
      throw new BadRequestException("Invalid sort key: " + query.sortKey() + ". It must be one of the"
          + " following: created_at, name, updated_at.");
    }
    // repository order is oldest first; a namespace's tags are few, so they are ordered here
    List<MetadefTag> all = new ArrayList<>(repository.listTags(namespace));
    List<Integer> insertion = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      insertion.add(i);
    }
    Comparator<Integer> order = switch (query.sortKey()) {
      case "name" -> Comparator.comparing(i -> all.get(i).name());
      case "updated_at" -> Comparator.comparing(i -> all.get(i).updatedAt());
      default -> Comparator.comparing(i -> all.get(i).createdAt());
    };
    order = order.thenComparing(Comparator.naturalOrder());
    insertion.sort(query.ascending() ? order : order.reversed());
    List<MetadefTag> sorted = insertion.stream().map(all::get).toList();
    int start = 0;
    if (query.marker() != null) {
      start = -1;
      for (int i = 0; i < sorted.size(); i++) {
        if (sorted.get(i).name().equals(query.marker())) {
          start = i + 1;
        }
      }
      if (start < 0) {
        throw tagNotFound(namespace, query.marker());
      }
    }
    int end = query.limit() == null ? sorted.size() : Math.min(sorted.size(), start + query.limit());
    return sorted.subList(start, Math.max(start, end));
  }

  public MetadefTag tag(RequestContext ctx, String namespace, String name) {
    lookup.load(ctx, namespace, PolicyAction.GET_METADEF_TAG);
    return findTag(namespace, name);
  }

  public MetadefTag createTag(RequestContext ctx, String namespace, String name) {
    lookup.load(ctx, namespace, PolicyAction.ADD_METADEF_TAG);
    Instant now = clock.now();
    MetadefTag tag = new MetadefTag(name, now, now);
    repository.createTag(namespace, tag);
    return tag;
  }

  /** Adds several tags at once; unless {@code append}, they replace the namespace's tags. */
  public List<MetadefTag> createTags(RequestContext ctx, String namespace, List<String> names, boolean append) {
    lookup.load(ctx, namespace, PolicyAction.ADD_METADEF_TAGS);
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new ConflictException("A metadata tag with name=" + name + " already exists in namespace="
            + namespace + ". (Please note that metadata tag names are case insensitive).");
      }
    }
    Instant now = clock.now();
    List<MetadefTag> tags = names.stream().map(n -> new MetadefTag(n, now, now)).toList();
    repository.createTags(namespace, tags, append);
    return tags;
  }

  public MetadefTag updateTag(RequestContext ctx, String namespace, String name, String newName) {
    lookup.load(ctx, namespace, PolicyAction.MODIFY_METADEF_TAG);
    MetadefTag current = findTag(namespace, name);
    characters.tag("Couldn't update metadata tag", newName);
    MetadefTag updated = new MetadefTag(newName, current.createdAt(), clock.now());
    repository.updateTag(namespace, name, updated);
    return updated;
  }

  public void deleteTag(RequestContext ctx, String namespace, String name) {
    Namespace ns = lookup.load(ctx, namespace, PolicyAction.DELETE_METADEF_TAG);
    findTag(namespace, name);
    if (ns.isProtected()) {
      throw new ForbiddenException("Metadata definition tag " + name + " is protected and cannot be deleted.");
    }
    repository.deleteTag(namespace, name);
  }

  private MetadefTag findTag(String namespace, String name) {
    return repository.findTag(namespace, name).orElseThrow(() -> tagNotFound(namespace, name));
  }

  private static NotFoundException tagNotFound(String namespace, String name) {
    return MetadefNotFound.of("tag", name);
  }
}
