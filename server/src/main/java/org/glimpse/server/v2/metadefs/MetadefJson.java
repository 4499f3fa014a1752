package org.glimpse.server.v2.metadefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.Namespace;
import org.glimpse.core.metadef.NamespaceContent;
import org.glimpse.core.metadef.NamespaceDraft;
import org.glimpse.core.metadef.ResourceTypeAssociation;
import org.glimpse.server.http.Json;
import org.glimpse.server.v2.ImageView;

/**
 * JSON ⇄ catalog records, for the API and the catalog files alike: what the resources answer
 * (Glance's field names and order, absent values left out) and what they accept, once the
 * published schema has validated it.
 */
public final class MetadefJson {
  /** The members a property definition may have, in the order they are written back. */
  private static final List<String> PROPERTY_KEYS = List.of("title", "description", "operators",
      "type", "required", "minimum", "maximum", "maxLength", "minLength", "pattern", "enum", "readonly",
      "default", "items", "maxItems", "minItems", "uniqueItems", "additionalItems");

  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private MetadefJson() {}

  // --- reading ----------------------------------------------------------------------------------

  /** Refuses members a client may not set (Glance: 403 "Attribute '…' is read-only."). */
  static void refuseReadOnly(JsonNode body, String... names) {
    for (String name : names) {
      if (body.has(name)) {
        throw new ForbiddenException("Attribute '" + name + "' is read-only.");
      }
    }
  }

  static JsonNode requireObject(JsonNode body) {
    if (!body.isObject()) {
      throw new BadRequestException("The request body must be a JSON object.");
    }
    return body;
  }

  public static NamespaceDraft namespaceDraft(JsonNode b) {
    JsonNode protectedNode = b.get("protected");
    return new NamespaceDraft(requireName(text(b, "namespace"), "namespace"), text(b, "display_name"),
        text(b, "description"), text(b, "visibility"),
        protectedNode == null || protectedNode.isNull() ? null : protectedNode.booleanValue(), text(b, "owner"));
  }

  /** The content given along with a namespace (create, catalog files). */
  public static NamespaceContent namespaceContent(JsonNode b) {
    List<ResourceTypeAssociation> associations = new ArrayList<>();
    b.path("resource_type_associations").forEach(a -> associations.add(association(a)));
    List<MetadefProperty> properties = new ArrayList<>();
    fields(b.path("properties")).forEach(e -> properties.add(property(e.getKey(), e.getValue())));
    List<MetadefObject> objects = new ArrayList<>();
    b.path("objects").forEach(o -> objects.add(object(o)));
    List<MetadefTag> tags = new ArrayList<>();
    b.path("tags").forEach(t -> tags.add(new MetadefTag(requireName(text(t, "name"), "tag"), null, null)));
    return new NamespaceContent(associations, properties, objects, tags);
  }

  static ResourceTypeAssociation association(JsonNode a) {
    return new ResourceTypeAssociation(requireName(text(a, "name"), "resource type"), text(a, "prefix"),
        text(a, "properties_target"), null, null);
  }

  public static MetadefObject object(JsonNode o) {
    List<String> required = new ArrayList<>();
    o.path("required").forEach(r -> required.add(r.asText()));
    JsonNode props = o.get("properties");
    String propertiesJson = null;
    if (props != null && props.isObject()) {
      ObjectNode cleaned = Json.MAPPER.createObjectNode();
      fields(props).forEach(e -> cleaned.set(e.getKey(), propertyDefinition(e.getValue())));
      propertiesJson = write(cleaned);
    }
    return new MetadefObject(requireName(text(o, "name"), "object"), text(o, "description"), required,
        propertiesJson, null, null);
  }

  public static MetadefProperty property(String name, JsonNode definition) {
    return new MetadefProperty(requireName(name, "property"), write(propertyDefinition(definition)));
  }

  /** A property definition with only the members Glance keeps, in its order. */
  private static ObjectNode propertyDefinition(JsonNode definition) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (String key : PROPERTY_KEYS) {
      JsonNode v = definition.get(key);
      if (v != null && !v.isNull()) {
        out.set(key, v);
      }
    }
    return out;
  }

  /** A name must be given and not empty: an empty one could never be addressed in a path. */
  static String requireName(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new BadRequestException("A " + what + " name must not be empty.");
    }
    return name;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    return () -> node.isObject() ? node.fields() : new ArrayList<Map.Entry<String, JsonNode>>().iterator();
  }

  // --- writing ----------------------------------------------------------------------------------

  /** How a definition is written out; Glance's answers differ by call. */
  public enum Form {
    /** As read back (a show, a listing): times and links; an object's required and properties even when empty. */
    READ,
    /** As a create or update answers: the namespace (or object) with times and links, what it holds as given. */
    WRITTEN,
    /** As a catalog file holds it: no times, no links. */
    FILE
  }

  /** A namespace's attributes, then (when given) what it holds, then its links. */
  public static ObjectNode namespace(Namespace ns, NamespaceContent content, Form form) {
    boolean withLinks = form != Form.FILE;
    Form inner = form == Form.READ ? Form.READ : Form.FILE;
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("namespace", ns.name());
    putIfSet(o, "display_name", ns.displayName());
    putIfSet(o, "description", ns.description());
    o.put("visibility", ns.visibility());
    o.put("protected", ns.isProtected());
    putIfSet(o, "owner", ns.owner());
    if (withLinks) {
      o.put("created_at", ImageView.timestamp(ns.createdAt()));
      o.put("updated_at", ImageView.timestamp(ns.updatedAt()));
    }
    if (content != null) {
      if (!content.associations().isEmpty()) {
        ArrayNode a = o.putArray("resource_type_associations");
        content.associations().forEach(x -> a.add(association(x, inner == Form.READ)));
      }
      if (!content.properties().isEmpty()) {
        ObjectNode p = o.putObject("properties");
        content.properties().forEach(x -> p.set(x.name(), parse(x.schemaJson())));
      }
      if (!content.objects().isEmpty()) {
        ArrayNode a = o.putArray("objects");
        content.objects().forEach(x -> a.add(object(ns.name(), x, inner)));
      }
      if (!content.tags().isEmpty()) {
        ArrayNode a = o.putArray("tags");
        content.tags().forEach(x -> a.addObject().put("name", x.name()));
      }
    }
    if (withLinks) {
      o.put("self", "/v2/metadefs/namespaces/" + ns.name());
      o.put("schema", "/v2/schemas/metadefs/namespace");
    }
    return o;
  }

  static ObjectNode association(ResourceTypeAssociation a, boolean withTimes) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", a.name());
    putIfSet(o, "prefix", a.prefix());
    putIfSet(o, "properties_target", a.propertiesTarget());
    if (withTimes) {
      o.put("created_at", ImageView.timestamp(a.createdAt()));
      o.put("updated_at", ImageView.timestamp(a.updatedAt()));
    }
    return o;
  }

  public static ObjectNode object(String namespace, MetadefObject x, Form form) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", x.name());
    boolean read = form == Form.READ;
    if (read || !x.required().isEmpty()) {
      ArrayNode r = o.putArray("required");
      x.required().forEach(r::add);
    }
    putIfSet(o, "description", x.description());
    if (x.propertiesJson() != null) {
      o.set("properties", parse(x.propertiesJson()));
    } else if (read) {
      o.putObject("properties");
    }
    if (form != Form.FILE) {
      o.put("created_at", ImageView.timestamp(x.createdAt()));
      o.put("updated_at", ImageView.timestamp(x.updatedAt()));
      o.put("self", "/v2/metadefs/namespaces/" + namespace + "/objects/" + x.name());
      o.put("schema", "/v2/schemas/metadefs/object");
    }
    return o;
  }

  /** A property as shown alone: its name first, then its definition. */
  static ObjectNode property(MetadefProperty p) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", p.name());
    o.setAll((ObjectNode) parse(p.schemaJson()));
    return o;
  }

  static ObjectNode tag(MetadefTag t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", t.name());
    o.put("created_at", ImageView.timestamp(t.createdAt()));
    o.put("updated_at", ImageView.timestamp(t.updatedAt()));
    return o;
  }

  /**
   * Puts the resource type's prefix before every property name of the namespace and its objects
   * (and the objects' required names), as Glance shows a namespace for one resource type.
   */
  static void prefixProperties(ObjectNode namespace, NamespaceContent content, String resourceType) {
    String prefix = content.associations().stream().filter(a -> a.name().equals(resourceType))
        .map(ResourceTypeAssociation::prefix).findFirst().orElse(null);
    if (prefix == null || prefix.isEmpty()) {
      return;
    }
    if (namespace.get("properties") instanceof ObjectNode props) {
      namespace.set("properties", prefixed(props, prefix));
    }
    for (JsonNode object : namespace.path("objects")) {
      ObjectNode o = (ObjectNode) object;
      if (o.get("properties") instanceof ObjectNode props) {
        o.set("properties", prefixed(props, prefix));
      }
      if (o.get("required") instanceof ArrayNode required) {
        ArrayNode r = Json.MAPPER.createArrayNode();
        required.forEach(n -> r.add(prefix + n.asText()));
        o.set("required", r);
      }
    }
  }

  private static ObjectNode prefixed(ObjectNode props, String prefix) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(prefix + e.getKey(), e.getValue());
    }
    return out;
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored metadef JSON is not JSON", e);
    }
  }

  /** A JSON object text as nested maps in document order (the catalog's {@code JsonObjects}). */
  public static Map<String, ?> readObject(String json) {
    try {
      return Json.MAPPER.readValue(json, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored metadef JSON is not JSON", e);
    }
  }

  static String write(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
