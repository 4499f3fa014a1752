package org.glimpse.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.metadef.MetadefNotFound;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.Namespace;
import org.glimpse.core.metadef.NamespaceContent;
import org.glimpse.core.metadef.NamespaceQuery;
import org.glimpse.core.metadef.ResourceType;
import org.glimpse.core.metadef.ResourceTypeAssociation;
import org.glimpse.core.port.MetadefRepository;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The catalog in the metadef_* tables. Contents refer to their namespace by its numeric id, so a
 * rename touches one row, and go with it (ON DELETE CASCADE). Duplicate names are refused by the
 * tables' unique constraints and reported as ConflictException; every change is one transaction.
 */
final class JdbcMetadefRepository implements MetadefRepository {
  private static final String NS_COLUMNS = NamespaceListSql.NS_COLUMNS;

  private final Jdbi jdbi;
  private final Dialect dialect;

  JdbcMetadefRepository(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  // --- namespaces -------------------------------------------------------------------------------

  @Override
  public Optional<Namespace> findNamespace(String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + NS_COLUMNS
            + " FROM metadef_namespaces n WHERE n.namespace = ?")
        .bind(0, name).map((rs, c) -> MetadefRows.namespace(rs)).findOne());
  }

  @Override
  public List<Namespace> listNamespaces(NamespaceQuery q) {
    NamespaceListSql sql = NamespaceListSql.of(q);
    return jdbi.withHandle(h -> {
      var query = h.createQuery(sql.text());
      for (int i = 0; i < sql.args().size(); i++) {
        query.bind(i, sql.args().get(i));
      }
      return query.map((rs, c) -> MetadefRows.namespace(rs)).list();
    });
  }

  @Override
  public void createNamespace(Namespace ns, NamespaceContent content) {
    write(() -> new ConflictException("The metadata definition namespace=" + ns.name() + " already exists."),
        h -> {
          h.createUpdate("INSERT INTO metadef_namespaces (namespace, display_name, description,"
                  + " visibility, protected, owner, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
              .bind(0, ns.name()).bind(1, ns.displayName()).bind(2, ns.description())
              .bind(3, ns.visibility()).bind(4, ns.isProtected()).bind(5, ns.owner())
              .bind(6, Timestamps.toDb(ns.createdAt())).bind(7, Timestamps.toDb(ns.updatedAt()))
              .execute();
          long id = namespaceId(h, ns.name());
          for (ResourceTypeAssociation a : content.associations()) {
            insertAssociation(h, id, a);
          }
          for (MetadefProperty p : content.properties()) {
            insertProperty(h, id, p, ns.createdAt());
          }
          for (MetadefObject o : content.objects()) {
            insertObject(h, id, o);
          }
          for (MetadefTag t : content.tags()) {
            insertTag(h, id, t);
          }
          return null;
        });
  }

  @Override
  public Namespace updateNamespace(String name, Namespace u) {
    write(() -> new ConflictException("Invalid update. It would result in a duplicate metadata"
        + " definition namespace with the same name of " + u.name()), h -> {
          long id = namespaceId(h, name);
          h.createUpdate("UPDATE metadef_namespaces SET namespace = ?, display_name = ?, description = ?,"
                  + " visibility = ?, protected = ?, owner = ?, updated_at = ? WHERE id = ?")
              .bind(0, u.name()).bind(1, u.displayName()).bind(2, u.description()).bind(3, u.visibility())
              .bind(4, u.isProtected()).bind(5, u.owner()).bind(6, Timestamps.toDb(u.updatedAt()))
              .bind(7, id).execute();
          return null;
        });
    return findNamespace(u.name()).orElseThrow();
  }

  @Override
  public void deleteNamespace(String name) {
    write(null, h -> {
      long id = namespaceId(h, name);
      // the contents go by ON DELETE CASCADE; stated anyway so no database's FK settings matter
      for (String table : new String[] {"metadef_namespace_resource_types", "metadef_tags",
          "metadef_properties", "metadef_objects"}) {
        h.createUpdate("DELETE FROM " + table + " WHERE namespace_id = ?").bind(0, id).execute();
      }
      h.createUpdate("DELETE FROM metadef_namespaces WHERE id = ?").bind(0, id).execute();
      return null;
    });
  }

  @Override
  public NamespaceContent content(String namespace) {
    return jdbi.inTransaction(h -> {
      namespaceId(h, namespace);
      // a namespace shows its tags newest first, as its tag listing does by default
      List<MetadefTag> tags = new ArrayList<>(listTags(namespace));
      Collections.reverse(tags);
      return new NamespaceContent(listAssociations(namespace), listProperties(namespace),
          listObjects(namespace), tags);
    });
  }

  @Override
  public void deleteObjects(String namespace) {
    deleteAll("metadef_objects", namespace);
  }

  @Override
  public void deleteProperties(String namespace) {
    deleteAll("metadef_properties", namespace);
  }

  @Override
  public void deleteTags(String namespace) {
    deleteAll("metadef_tags", namespace);
  }

  private void deleteAll(String table, String namespace) {
    write(null, h -> {
      long id = namespaceId(h, namespace);
      h.createUpdate("DELETE FROM " + table + " WHERE namespace_id = ?").bind(0, id).execute();
      return null;
    });
  }

  @Override
  public List<Namespace> allNamespaces() {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + NS_COLUMNS
            + " FROM metadef_namespaces n ORDER BY n.namespace")
        .map((rs, c) -> MetadefRows.namespace(rs)).list());
  }

  @Override
  public void clear() {
    write(null, h -> {
      for (String table : new String[] {"metadef_namespace_resource_types", "metadef_tags",
          "metadef_properties", "metadef_objects", "metadef_namespaces", "metadef_resource_types"}) {
        h.createUpdate("DELETE FROM " + table).execute();
      }
      return null;
    });
  }

  // --- objects ----------------------------------------------------------------------------------

  private static final String OBJECT_COLUMNS =
      "o.name, o.description, o.required, o.json_schema, o.created_at, o.updated_at";

  @Override
  public List<MetadefObject> listObjects(String namespace) {
    return jdbi.withHandle(h -> {
      long id = namespaceId(h, namespace);
      return h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM metadef_objects o WHERE o.namespace_id = ?"
              + " ORDER BY o.name, o.id")
          .bind(0, id).map((rs, c) -> MetadefRows.object(rs)).list();
    });
  }

  @Override
  public Optional<MetadefObject> findObject(String namespace, String name) {
    return jdbi.withHandle(h -> {
      long id = namespaceId(h, namespace);
      return h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM metadef_objects o"
              + " WHERE o.namespace_id = ? AND o.name = ?")
          .bind(0, id).bind(1, name).map((rs, c) -> MetadefRows.object(rs)).findOne();
    });
  }

  @Override
  public void createObject(String namespace, MetadefObject object) {
    write(() -> duplicateObject(namespace, object.name()), h -> {
      insertObject(h, namespaceId(h, namespace), object);
      return null;
    });
  }

  @Override
  public void updateObject(String namespace, String name, MetadefObject u) {
    write(() -> duplicateObject(namespace, u.name()), h -> {
      int n = h.createUpdate("UPDATE metadef_objects SET name = ?, description = ?, required = ?,"
              + " json_schema = ?, updated_at = ? WHERE namespace_id = ? AND name = ?")
          .bind(0, u.name()).bind(1, u.description()).bind(2, StringListJson.write(u.required()))
          .bind(3, u.propertiesJson()).bind(4, Timestamps.toDb(u.updatedAt()))
          .bind(5, namespaceId(h, namespace)).bind(6, name).execute();
      requireOne(n, "object", name);
      return null;
    });
  }

  @Override
  public void deleteObject(String namespace, String name) {
    deleteOne("metadef_objects", "object", namespace, name);
  }

  private static ConflictException duplicateObject(String namespace, String name) {
    return new ConflictException("A metadata definition object with name=" + name
        + " already exists in namespace=" + namespace + ".");
  }

  // --- properties -------------------------------------------------------------------------------

  @Override
  public List<MetadefProperty> listProperties(String namespace) {
    return jdbi.withHandle(h -> h.createQuery("SELECT p.name, p.json_schema FROM metadef_properties p"
            + " WHERE p.namespace_id = ? ORDER BY p.name, p.id")
        .bind(0, namespaceId(h, namespace))
        .map((rs, c) -> new MetadefProperty(rs.getString("name"), rs.getString("json_schema"))).list());
  }

  @Override
  public Optional<MetadefProperty> findProperty(String namespace, String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT p.name, p.json_schema FROM metadef_properties p"
            + " WHERE p.namespace_id = ? AND p.name = ?")
        .bind(0, namespaceId(h, namespace)).bind(1, name)
        .map((rs, c) -> new MetadefProperty(rs.getString("name"), rs.getString("json_schema"))).findOne());
  }

  @Override
  public void createProperty(String namespace, MetadefProperty property) {
    write(() -> duplicateProperty(namespace, property.name()), h -> {
      insertProperty(h, namespaceId(h, namespace), property, Instant.now());
      return null;
    });
  }

  @Override
  public void updateProperty(String namespace, String name, MetadefProperty u) {
    write(() -> duplicateProperty(namespace, u.name()), h -> {
      int n = h.createUpdate("UPDATE metadef_properties SET name = ?, json_schema = ?, updated_at = ?"
              + " WHERE namespace_id = ? AND name = ?")
          .bind(0, u.name()).bind(1, u.schemaJson()).bind(2, Timestamps.toDb(Instant.now()))
          .bind(3, namespaceId(h, namespace)).bind(4, name).execute();
      requireOne(n, "property", name);
      return null;
    });
  }

  @Override
  public void deleteProperty(String namespace, String name) {
    deleteOne("metadef_properties", "property", namespace, name);
  }

  private static ConflictException duplicateProperty(String namespace, String name) {
    return new ConflictException("A metadata definition property with name=" + name
        + " already exists in namespace=" + namespace + ".");
  }

  // --- tags -------------------------------------------------------------------------------------

  @Override
  public List<MetadefTag> listTags(String namespace) {
    return jdbi.withHandle(h -> h.createQuery("SELECT t.name, t.created_at, t.updated_at FROM metadef_tags t"
            + " WHERE t.namespace_id = ? ORDER BY t.created_at, t.id")
        .bind(0, namespaceId(h, namespace)).map((rs, c) -> MetadefRows.tag(rs)).list());
  }

  @Override
  public Optional<MetadefTag> findTag(String namespace, String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT t.name, t.created_at, t.updated_at FROM metadef_tags t"
            + " WHERE t.namespace_id = ? AND t.name = ?")
        .bind(0, namespaceId(h, namespace)).bind(1, name).map((rs, c) -> MetadefRows.tag(rs)).findOne());
  }

  @Override
  public void createTag(String namespace, MetadefTag tag) {
    write(() -> duplicateTag(namespace, tag.name()), h -> {
      insertTag(h, namespaceId(h, namespace), tag);
      return null;
    });
  }

  @Override
  public void createTags(String namespace, List<MetadefTag> tags, boolean append) {
    write(() -> new ConflictException("A metadata tag already exists in namespace=" + namespace
        + " with one of the names given."), h -> {
          long id = namespaceId(h, namespace);
          if (!append) {
            h.createUpdate("DELETE FROM metadef_tags WHERE namespace_id = ?").bind(0, id).execute();
          }
          for (MetadefTag t : tags) {
            insertTag(h, id, t);
          }
          return null;
        });
  }

  @Override
  public void updateTag(String namespace, String name, MetadefTag u) {
    write(() -> duplicateTag(namespace, u.name()), h -> {
      int n = h.createUpdate("UPDATE metadef_tags SET name = ?, updated_at = ? WHERE namespace_id = ? AND name = ?")
          .bind(0, u.name()).bind(1, Timestamps.toDb(u.updatedAt()))
          .bind(2, namespaceId(h, namespace)).bind(3, name).execute();
      requireOne(n, "tag", name);
      return null;
    });
  }

  @Override
  public void deleteTag(String namespace, String name) {
    deleteOne("metadef_tags", "tag", namespace, name);
  }

  private static ConflictException duplicateTag(String namespace, String name) {
    return new ConflictException("A metadata tag with name=" + name + " already exists in namespace="
        + namespace + ". (Please note that metadata tag names are case insensitive).");
  }

  // --- resource types ---------------------------------------------------------------------------

  @Override
  public List<ResourceType> listResourceTypes() {
    return jdbi.withHandle(h -> h.createQuery("SELECT name, protected, created_at, updated_at"
            + " FROM metadef_resource_types ORDER BY name")
        .map((rs, c) -> new ResourceType(rs.getString("name"), rs.getBoolean("protected"),
            Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"))).list());
  }

  @Override
  public List<ResourceTypeAssociation> listAssociations(String namespace) {
    return jdbi.withHandle(h -> h.createQuery("SELECT r.name, a.prefix, a.properties_target, a.created_at,"
            + " a.updated_at FROM metadef_namespace_resource_types a"
            + " JOIN metadef_resource_types r ON r.id = a.resource_type_id"
            + " WHERE a.namespace_id = ? ORDER BY r.name")
        .bind(0, namespaceId(h, namespace))
        .map((rs, c) -> new ResourceTypeAssociation(rs.getString("name"), rs.getString("prefix"),
            rs.getString("properties_target"), Timestamps.read(rs, "created_at"),
            Timestamps.read(rs, "updated_at"))).list());
  }

  @Override
  public void createAssociation(String namespace, ResourceTypeAssociation association) {
    ResourceTypeAssociation a = association;
    write(() -> new ConflictException("The metadata definition resource-type association of"
        + " resource-type=" + a.name() + " to namespace=" + namespace + " already exists."), h -> {
          long id = namespaceId(h, namespace);
          insertAssociation(h, id, a);
          return null;
        });
  }

  @Override
  public void deleteAssociation(String namespace, String resourceType) {
    write(null, h -> {
      long id = namespaceId(h, namespace);
      Long typeId = h.createQuery("SELECT id FROM metadef_resource_types WHERE name = ?")
          .bind(0, resourceType).mapTo(Long.class).findOne()
          .orElseThrow(() -> new NotFoundException("The metadata definition resource-type with name="
              + resourceType + ", was not found."));
      int n = h.createUpdate("DELETE FROM metadef_namespace_resource_types"
              + " WHERE namespace_id = ? AND resource_type_id = ?").bind(0, id).bind(1, typeId).execute();
      if (n == 0) {
        throw new NotFoundException("The metadata definition resource-type association of resource-type="
            + resourceType + " to namespace=" + namespace + ", was not found.");
      }
      return null;
    });
  }

  /** A resource type another transaction created between our look-up and our insert. */
  private static final class ResourceTypeRace extends RuntimeException {
    ResourceTypeRace(Throwable cause) {
      super(cause);
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private long namespaceId(Handle h, String name) {
    return h.createQuery("SELECT id FROM metadef_namespaces WHERE namespace = ?").bind(0, name)
        .mapTo(Long.class).findOne()
        .orElseThrow(() -> new NotFoundException("Metadata definition namespace=" + name + " was not found."));
  }

  private void insertAssociation(Handle h, long namespaceId, ResourceTypeAssociation a) {
    Optional<Long> typeId = h.createQuery("SELECT id FROM metadef_resource_types WHERE name = ?")
        .bind(0, a.name()).mapTo(Long.class).findOne();
    if (typeId.isEmpty()) {
      try {
        h.createUpdate("INSERT INTO metadef_resource_types (name, protected, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?)")
            .bind(0, a.name()).bind(1, false).bind(2, Timestamps.toDb(a.createdAt()))
            .bind(3, Timestamps.toDb(a.createdAt())).execute();
      } catch (RuntimeException e) {
        if (SqlErrors.causedBy(e, dialect::isUniqueViolation)) {
          throw new ResourceTypeRace(e);
        }
        throw e;
      }
      typeId = h.createQuery("SELECT id FROM metadef_resource_types WHERE name = ?")
          .bind(0, a.name()).mapTo(Long.class).findOne();
    }
    h.createUpdate("INSERT INTO metadef_namespace_resource_types (resource_type_id, namespace_id,"
            + " properties_target, prefix, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(0, typeId.orElseThrow()).bind(1, namespaceId).bind(2, a.propertiesTarget()).bind(3, a.prefix())
        .bind(4, Timestamps.toDb(a.createdAt())).bind(5, Timestamps.toDb(a.updatedAt())).execute();
  }

  private static void insertProperty(Handle h, long namespaceId, MetadefProperty p, Instant now) {
    h.createUpdate("INSERT INTO metadef_properties (namespace_id, name, json_schema, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?)")
        .bind(0, namespaceId).bind(1, p.name()).bind(2, p.schemaJson())
        .bind(3, Timestamps.toDb(now)).bind(4, Timestamps.toDb(now)).execute();
  }

  private static void insertObject(Handle h, long namespaceId, MetadefObject o) {
    h.createUpdate("INSERT INTO metadef_objects (namespace_id, name, description, required, json_schema,"
            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(0, namespaceId).bind(1, o.name()).bind(2, o.description())
        .bind(3, StringListJson.write(o.required())).bind(4, o.propertiesJson())
        .bind(5, Timestamps.toDb(o.createdAt())).bind(6, Timestamps.toDb(o.updatedAt())).execute();
  }

  private static void insertTag(Handle h, long namespaceId, MetadefTag t) {
    h.createUpdate("INSERT INTO metadef_tags (namespace_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)")
        .bind(0, namespaceId).bind(1, t.name())
        .bind(2, Timestamps.toDb(t.createdAt())).bind(3, Timestamps.toDb(t.updatedAt())).execute();
  }

  private void deleteOne(String table, String kind, String namespace, String name) {
    write(null, h -> {
      int n = h.createUpdate("DELETE FROM " + table + " WHERE namespace_id = ? AND name = ?")
          .bind(0, namespaceId(h, namespace)).bind(1, name).execute();
      requireOne(n, kind, name);
      return null;
    });
  }

  private static void requireOne(int rows, String kind, String name) {
    if (rows == 0) {
      throw MetadefNotFound.of(kind, name);
    }
  }

  /**
   * One transaction; a unique violation becomes the given conflict (null: none expected). A
   * resource type created by a concurrent transaction between our look-up and our insert makes
   * the transaction start over once: it then finds the type.
   */
  private <T> T write(Supplier<ConflictException> onDuplicate,
      org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
    try {
      try {
        return jdbi.inTransaction(work);
      } catch (ResourceTypeRace race) {
        return jdbi.inTransaction(work);
      }
    } catch (GlimpseException e) {
      throw e;
    } catch (RuntimeException e) {
      if (onDuplicate != null && SqlErrors.causedBy(e, dialect::isUniqueViolation)) {
        throw onDuplicate.get();
      }
      throw e;
    }
  }
}
