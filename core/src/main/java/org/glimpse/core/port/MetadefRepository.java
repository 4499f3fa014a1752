package org.glimpse.core.port;

import java.util.List;
import java.util.Optional;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.Namespace;
import org.glimpse.core.metadef.NamespaceContent;
import org.glimpse.core.metadef.NamespaceQuery;
import org.glimpse.core.metadef.ResourceType;
import org.glimpse.core.metadef.ResourceTypeAssociation;

/**
 * The metadata definitions catalog. Names are exact (case-sensitive) keys: a namespace name is
 * unique in the catalog, an object, property or tag name within its namespace, a resource type
 * name in the catalog. Every method naming a namespace that does not exist throws
 * {@link org.glimpse.core.error.NotFoundException}; one that would repeat a name throws
 * {@link org.glimpse.core.error.ConflictException} and changes nothing. Who may see or change
 * what is not decided here.
 */
public interface MetadefRepository {

  Optional<Namespace> findNamespace(String name);

  /** One page of the namespaces the query's caller may see, sorted by its key, then created_at. */
  List<Namespace> listNamespaces(NamespaceQuery query);

  /** Creates the namespace and everything it holds, in one transaction: all or nothing. */
  void createNamespace(Namespace namespace, NamespaceContent content);

  /** Replaces the namespace's attributes, its name included (its contents follow). */
  Namespace updateNamespace(String name, Namespace updated);

  /** Deletes the namespace with all it holds. */
  void deleteNamespace(String name);

  /** Everything the namespace holds (associations, properties, objects, tags). */
  NamespaceContent content(String namespace);

  void deleteObjects(String namespace);

  void deleteProperties(String namespace);

  void deleteTags(String namespace);

  // objects

  /** The namespace's objects, by name. */
  List<MetadefObject> listObjects(String namespace);

  Optional<MetadefObject> findObject(String namespace, String name);

  void createObject(String namespace, MetadefObject object);

  /** Replaces the object called {@code name} (which may be renamed). */
  void updateObject(String namespace, String name, MetadefObject updated);

  void deleteObject(String namespace, String name);

  // properties

  /** The namespace's properties, by name. */
  List<MetadefProperty> listProperties(String namespace);

  Optional<MetadefProperty> findProperty(String namespace, String name);

  void createProperty(String namespace, MetadefProperty property);

  void updateProperty(String namespace, String name, MetadefProperty updated);

  void deleteProperty(String namespace, String name);

  // tags

  /** The namespace's tags, oldest first. */
  List<MetadefTag> listTags(String namespace);

  Optional<MetadefTag> findTag(String namespace, String name);

  void createTag(String namespace, MetadefTag tag);

  /**
   * Adds the tags in one transaction; unless {@code append}, the namespace's other tags go
   * first. A name given twice, or (appending) already there, conflicts.
   */
  void createTags(String namespace, List<MetadefTag> tags, boolean append);

  void updateTag(String namespace, String name, MetadefTag updated);

  void deleteTag(String namespace, String name);

  // resource types

  /** Every resource type, by name. */
  List<ResourceType> listResourceTypes();

  /** The namespace's associations, by resource type name. */
  List<ResourceTypeAssociation> listAssociations(String namespace);

  /** Associates the namespace with a resource type, creating the type if the catalog lacks it. */
  void createAssociation(String namespace, ResourceTypeAssociation association);

  /** NotFoundException if the type or the association does not exist. */
  void deleteAssociation(String namespace, String resourceType);

  /** Every namespace, by name (for catalog exports; no visibility applies). */
  List<Namespace> allNamespaces();

  /** Removes the whole catalog, resource types included. */
  void clear();
}
