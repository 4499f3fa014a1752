package org.glimpse.core.service;

import java.util.LinkedHashMap;
import java.util.Map;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.metadef.NamespaceContent;
import org.glimpse.core.metadef.NamespaceDraft;
import org.glimpse.core.port.JsonObjects;

/**
 * A metadata definition's fields in the shape Glance gives them to its check for four-byte
 * characters ({@link FourByteCharacters#checkDefinition}), with the words of the call refused.
 * Called once the caller may do the call and what it names exists, as Glance checks while
 * writing. Tags created through their URL are not checked: Glance reads a URL path as Latin-1,
 * so a four-byte character never reaches its check that way (nor does a batch of tags, which
 * Glance writes unchecked).
 */
final class DefinitionCharacters {
  private final JsonObjects json;

  DefinitionCharacters(JsonObjects json) {
    this.json = json;
  }

  /** A namespace, then what is created along with it in Glance's order: objects, tags, properties. */
  void namespace(String operation, NamespaceDraft draft, NamespaceContent content) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("namespace", draft.name());
    fields.put("display_name", draft.displayName());
    fields.put("description", draft.description());
    fields.put("visibility", draft.visibility());
    fields.put("owner", draft.owner());
    FourByteCharacters.checkDefinition(operation, fields);
    if (content != null) {
      content.objects().forEach(o -> object(operation, o));
      content.tags().forEach(t -> tag(operation, t.name()));
      content.properties().forEach(p -> property(operation, p));
    }
  }

  /** Glance writes the required names joined by commas, and the definitions as one mapping. */
  void object(String operation, MetadefObject object) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", object.name());
    fields.put("required", String.join(",", object.required()));
    fields.put("description", object.description());
    fields.put("json_schema", object.propertiesJson() == null ? Map.of() : json.read(object.propertiesJson()));
    FourByteCharacters.checkDefinition(operation, fields);
  }

  void property(String operation, MetadefProperty property) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", property.name());
    fields.put("json_schema", json.read(property.schemaJson()));
    FourByteCharacters.checkDefinition(operation, fields);
  }

  void tag(String operation, String name) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", name);
    FourByteCharacters.checkDefinition(operation, fields);
  }
}
