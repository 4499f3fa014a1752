package org.glimpse.server.v2.metadefs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.server.http.Json;
import org.glimpse.server.v2.SchemaValidator;

/**
 * The metadefs schemas published under /v2/schemas/metadefs/ (structured as Glance's: the same
 * names, types, limits, enums, required members and definitions), and the validators of request
 * bodies built on them.
 */
public final class MetadefSchemas {
  static final List<String> NAMES = List.of("namespace", "namespaces", "object", "objects", "property",
      "properties", "tag", "tags", "resource_type", "resource_types");

  private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();
  final SchemaValidator namespace;
  final SchemaValidator object;
  final SchemaValidator property;
  /** A property of an object: as a property, but its name is the key it is given under. */
  final SchemaValidator objectProperty;
  final SchemaValidator tag;
  final SchemaValidator tags;
  final SchemaValidator resourceType;

  public MetadefSchemas() {
    for (String name : NAMES) {
      schemas.put(name, load(name));
    }
    namespace = new SchemaValidator("namespace", schemas.get("namespace"));
    object = new SchemaValidator("object", schemas.get("object"));
    property = new SchemaValidator("property", schemas.get("property"));
    ObjectNode unnamed = schemas.get("property").deepCopy();
    unnamed.putArray("required").add("type").add("title");
    objectProperty = new SchemaValidator("property", unnamed);
    tag = new SchemaValidator("tag", schemas.get("tag"));
    // what a POST of several tags may hold, as Glance checks it: tags, each a name, nothing else
    ObjectNode tagList = Json.MAPPER.createObjectNode();
    tagList.put("name", "tags");
    tagList.put("type", "object");
    tagList.put("additionalProperties", false);
    ObjectNode items = tagList.putObject("properties").putObject("tags");
    items.put("type", "array");
    ObjectNode item = items.putObject("items");
    item.put("type", "object");
    item.put("additionalProperties", false);
    item.putObject("properties").set("name", schemas.get("tag").path("properties").path("name").deepCopy());
    item.putArray("required").add("name");
    tagList.putArray("required").add("tags");
    tags = new SchemaValidator("tags", tagList);
    resourceType = new SchemaValidator("resource_type_association", schemas.get("resource_type"));
  }

  /** The published schema of that name (one of {@link #NAMES}). */
  public ObjectNode get(String name) {
    return schemas.get(name);
  }

  private static ObjectNode load(String name) {
    String path = "/metadefs/schemas/" + name + ".json";
    try (InputStream in = MetadefSchemas.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
