package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.glimpse.core.error.BadRequestException;

/**
 * Validates a JSON document against one of the published v2 schemas, as Glance does, and words
 * the first failure the way Glance's (Python) validator does: {@code 5 is not of type 'string'},
 * {@code 'x' is not one of [...]}, {@code '…' is too long}, {@code 'abc' does not match '…'},
 * followed by where in the schema and in the document it failed.
 */
public final class SchemaValidator {
  private final String name;
  private final ObjectNode schemaNode;
  private final JsonSchema schema;

  public SchemaValidator(String name, ObjectNode schemaNode) {
    this.name = name;
    this.schemaNode = schemaNode;
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
    this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaNode, config);
  }

  /** BadRequest naming what does not match, or nothing. */
  public void validate(JsonNode document) {
    Set<ValidationMessage> errors = schema.validate(document);
    if (errors.isEmpty()) {
      return;
    }
    List<String> order = new ArrayList<>();
    document.fieldNames().forEachRemaining(order::add);
    // the first failing member in document order, so that the answer does not vary
    ValidationMessage first = errors.stream()
        .min(Comparator.comparingInt((ValidationMessage m) -> position(order, m.getInstanceLocation()))
            .thenComparing(m -> m.getInstanceLocation().toString())
            .thenComparing(ValidationMessage::getType))
        .orElseThrow();
    throw new BadRequestException("Provided object does not match schema '" + name + "': " + describe(first));
  }

  private static int position(List<String> order, JsonNodePath at) {
    if (at.getNameCount() == 0) {
      return -1;
    }
    int i = order.indexOf(String.valueOf(at.getElement(0)));
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  private String describe(ValidationMessage m) {
    JsonNode value = m.getInstanceNode();
    String keyword = m.getType();
    JsonNodePath evaluation = m.getEvaluationPath();
    List<String> schemaPath = new ArrayList<>();
    for (int i = 0; i < evaluation.getNameCount() - 1; i++) {
      schemaPath.add(String.valueOf(evaluation.getElement(i)));
    }
    JsonNode subschema = schemaNode;
    for (String part : schemaPath) {
      subschema = subschema.path(part);
    }
    // a failure under a "$ref" has no subschema on this path: the validator's own words then
    if (subschema.isMissingNode() && (keyword.equals("type") || keyword.equals("enum") || keyword.equals("pattern"))) {
      keyword = "ref:" + keyword;
    }
    String headline = switch (keyword) {
      case "type" -> repr(value) + " is not of type " + typeNames(subschema.path("type"));
      case "enum" -> repr(value) + " is not one of " + repr(subschema.path("enum"));
      case "maxLength" -> repr(value) + " is too long";
      case "pattern" -> repr(value) + " does not match " + repr(subschema.path("pattern"));
      case "required" -> "'" + m.getProperty() + "' is a required property";
      case "additionalProperties" -> "Additional properties are not allowed ('" + m.getProperty() + "' was unexpected)";
      default -> m.getMessage();
    };
    StringBuilder where = new StringBuilder();
    schemaPath.forEach(p -> where.append("['").append(p).append("']"));
    StringBuilder instance = new StringBuilder();
    JsonNodePath at = m.getInstanceLocation();
    for (int i = 0; i < at.getNameCount(); i++) {
      Object e = at.getElement(i);
      instance.append(e instanceof Integer ? "[" + e + "]" : "['" + e + "']");
    }
    keyword = keyword.replace("ref:", "");
    return headline + "\n\nFailed validating '" + keyword + "' in schema" + where + ":\n    " + repr(subschema)
        + "\n\nOn instance" + instance + ":\n    " + repr(value);
  }

  private static String typeNames(JsonNode type) {
    if (!type.isArray()) {
      return "'" + type.asText() + "'";
    }
    List<String> names = new ArrayList<>();
    type.forEach(t -> names.add("'" + t.asText() + "'"));
    return String.join(", ", names);
  }

  /** A JSON value as Python would print it (None, True, 'text', [..], {..} with sorted keys). */
  static String repr(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return "None";
    }
    if (v.isBoolean()) {
      return v.asBoolean() ? "True" : "False";
    }
    if (v.isNumber()) {
      return v.asText();
    }
    if (v.isTextual()) {
      String s = v.asText();
      boolean useDouble = s.contains("'") && !s.contains("\"");
      char q = useDouble ? '"' : '\'';
      String body = s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
      if (!useDouble) {
        body = body.replace("'", "\\'");
      }
      return q + body + q;
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(repr(i)));
      return "[" + String.join(", ", items) + "]";
    }
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      sorted.put(e.getKey(), e.getValue());
    }
    List<String> entries = new ArrayList<>();
    sorted.forEach((k, val) -> entries.add("'" + k + "': " + repr(val)));
    return "{" + String.join(", ", entries) + "}";
  }
}
