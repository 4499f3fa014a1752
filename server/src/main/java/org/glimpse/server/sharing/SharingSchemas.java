package org.glimpse.server.sharing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.glimpse.server.http.Json;

/**
 * JSON schemas (draft 4, as Glance's) of the sharing extensions' objects and request bodies,
 * served at {@code /v2/glimpse/schemas/{name}}.
 */
final class SharingSchemas {
  private static final String ID = "{\"type\": \"string\", \"minLength\": 1, \"maxLength\": 255}";
  private static final String IDS = "{\"type\": \"array\", \"items\": " + ID + ", \"minItems\": 1}";
  private static final String TIME = "{\"type\": \"string\", \"format\": \"date-time\"}";
  private static final String OPTIONAL_TIME = "{\"type\": [\"string\", \"null\"], \"format\": \"date-time\"}";
  private static final String STATUS = "{\"type\": \"string\", \"enum\": [\"pending\", \"accepted\", \"rejected\"]}";

  private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();

  SharingSchemas() {
    put("domain-share", object("A share of an image with every project of a Keystone domain",
        "\"image_id\": " + ID + ", \"domain_id\": " + ID + ", \"created_at\": " + TIME
            + ", \"updated_at\": " + TIME + ", \"expires_at\": " + OPTIONAL_TIME
            + ", \"schema\": {\"type\": \"string\"}", "\"image_id\", \"domain_id\"", true));
    put("domain-shares", list("domain-shares", "domains", "domain-share"));
    put("trusted-producer", object("A producer whose shares reach the consumer project accepted",
        "\"consumer\": " + ID + ", \"producer\": " + ID + ", \"created_at\": " + TIME
            + ", \"schema\": {\"type\": \"string\"}", "\"consumer\", \"producer\"", true));
    put("trusted-producers", list("trusted-producers", "trusted_producers", "trusted-producer"));
    put("inbox-entry", object("An image shared with the caller's project",
        "\"image_id\": " + ID + ", \"image_name\": {\"type\": [\"string\", \"null\"]}, \"owner\": "
            + "{\"type\": [\"string\", \"null\"]}, \"status\": " + STATUS
            + ", \"via\": {\"type\": \"string\", \"enum\": [\"project\", \"domain\"]},"
            + " \"domain_id\": {\"type\": [\"string\", \"null\"]}, \"shared_at\": " + TIME
            + ", \"updated_at\": " + TIME + ", \"expires_at\": " + OPTIONAL_TIME,
        "\"image_id\", \"status\", \"via\", \"shared_at\"", false));
    put("inbox", object("What has been shared with the caller's project, one page, with counts per status",
        "\"shares\": {\"type\": \"array\", \"items\": {\"$ref\": \"/v2/glimpse/schemas/inbox-entry\"}},"
            + " \"counts\": {\"type\": \"object\", \"properties\": {\"pending\": {\"type\": \"integer\"},"
            + " \"accepted\": {\"type\": \"integer\"}, \"rejected\": {\"type\": \"integer\"}}},"
            + " \"first\": {\"type\": \"string\"}, \"next\": {\"type\": \"string\"}, \"schema\": {\"type\": \"string\"}",
        "\"shares\", \"counts\"", false));
    put("member", object("An image member as Glance shows it, with Glimpse's expires_at",
        "\"member_id\": " + ID + ", \"image_id\": " + ID + ", \"status\": " + STATUS
            + ", \"created_at\": " + TIME + ", \"updated_at\": " + TIME
            + ", \"expires_at\": " + TIME + ", \"schema\": {\"type\": \"string\"}",
        "\"member_id\", \"image_id\", \"status\"", false));
    put("batch-share", object("Body of POST /v1/cloudimages/members (IMS's shape, plus expires_at)",
        "\"images\": " + IDS + ", \"projects\": " + IDS + ", \"domains\": " + IDS
            + ", \"expires_at\": " + OPTIONAL_TIME, "\"images\"", false));
    put("batch-answer", object("Body of PUT /v1/cloudimages/members (IMS's shape)",
        "\"images\": " + IDS + ", \"project_id\": " + ID + ", \"status\": " + STATUS
            + ", \"vault_id\": {\"type\": \"string\"}", "\"images\", \"project_id\", \"status\"", false));
    put("batch-remove", object("Body of DELETE /v1/cloudimages/members (IMS's shape)",
        "\"images\": " + IDS + ", \"projects\": " + IDS + ", \"domains\": " + IDS, "\"images\"", false));
  }

  Set<String> names() {
    return schemas.keySet();
  }

  ObjectNode get(String name) {
    return schemas.get(name);
  }

  private void put(String name, String json) {
    try {
      ObjectNode schema = (ObjectNode) Json.MAPPER.readTree(json);
      schema.put("name", name);
      schemas.put(name, schema);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("schema " + name + " is not JSON", e);
    }
  }

  private static String object(String description, String properties, String required, boolean closed) {
    return "{\"type\": \"object\", \"description\": \"" + description + "\", \"properties\": {"
        + properties + "}, \"required\": [" + required + "], \"additionalProperties\": " + !closed + "}";
  }

  private static String list(String name, String field, String item) {
    return "{\"type\": \"object\", \"properties\": {\"" + field + "\": {\"type\": \"array\", \"items\":"
        + " {\"$ref\": \"/v2/glimpse/schemas/" + item + "\"}}, \"schema\": {\"type\": \"string\"}},"
        + " \"links\": [{\"rel\": \"describedby\", \"href\": \"{schema}\"}]}";
  }
}
