package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.UnsupportedMediaTypeException;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.LocationEdit;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.MediaType;

/**
 * Reads a PATCH /v2/images/{id} body: the v2.1 media type (RFC 6902 style {@code op}/{@code path})
 * or the older v2.0 one ({@code {"replace": "/name", "value": …}}). Every operation is checked
 * before any is applied.
 */
final class ImagePatchParser {
  static final String V21 = "application/openstack-images-v2.1-json-patch";
  static final String V20 = "application/openstack-images-v2.0-json-patch";
  private static final List<String> OPS = List.of("add", "remove", "replace");
  private static final Set<String> READ_ONLY = Set.of("status", "checksum", "size", "id",
      "created_at", "updated_at", "os_hash_value", "os_hash_algo", "virtual_size", "self", "file",
      "schema", "direct_url");
  private static final Set<String> RESERVED = Set.of("location", "deleted", "deleted_at");
  private static final Pattern ADJACENT_SLASHES = Pattern.compile("/\\s*?/");
  private static final Pattern BAD_TILDE = Pattern.compile("~[^01]");

  private final SchemaValidator validator;

  ImagePatchParser(SchemaValidator validator) {
    this.validator = validator;
  }

  /** Value of the Accept-Patch header sent with a 415. */
  static final String ACCEPT_PATCH = V20 + ", " + V21;

  /** True for the v2.0 media type, false for v2.1; UnsupportedMediaType for anything else. */
  static boolean isV20(String contentType) {
    String type = MediaType.of(contentType, "text/plain");
    if (type.equals(V21)) {
      return false;
    }
    if (type.equals(V20)) {
      return true;
    }
    throw new UnsupportedMediaTypeException("The request media type " + type + " is not supported by this server.");
  }

  List<ImageChange> parse(JsonNode body, boolean v20) {
    if (!body.isArray()) {
      throw new BadRequestException("Request body must be a JSON array of operation objects.");
    }
    List<ImageChange> changes = new ArrayList<>();
    for (JsonNode raw : body) {
      if (!raw.isObject()) {
        throw new BadRequestException("Operations must be JSON objects.");
      }
      String op = v20 ? opV20(raw) : opV21(raw);
      String pointer = v20 ? raw.get(op).asText() : pathV21(raw);
      List<String> path = decodePointer(pointer);
      if (path.size() != depth(op, path.get(0))) {
        throw new BadRequestException("Invalid JSON pointer for this resource: '/" + String.join("/", path) + "'");
      }
      String name = path.get(0);
      JsonNode value = null;
      if (!op.equals("remove")) {
        if (!raw.has("value")) {
          throw new BadRequestException("Operation \"" + op + "\" requires a member named \"value\".");
        }
        value = raw.get("value");
      }
      // one location is added at, or removed from, a position (/locations/-, /locations/0)
      boolean oneLocation = path.size() == 2;
      check(op, name, oneLocation ? Json.MAPPER.createArrayNode().add(value) : value);
      changes.add(new ImageChange(ImageChange.Op.valueOf(op.toUpperCase()), name,
          name.equals("locations") ? locationEdit(op, oneLocation ? path.get(1) : null, value)
              : Values.plain(name, value)));
    }
    return changes;
  }

  /**
   * How many segments a pointer has, as Glance's limits say: one (a top-level attribute), but
   * {@code /locations/<position>} to add or remove a single location.
   */
  private static int depth(String op, String root) {
    return root.equals("locations") && !op.equals("replace") ? 2 : 1;
  }

  private void check(String op, String name, JsonNode value) {
    if (READ_ONLY.contains(name)) {
      throw new ForbiddenException("Attribute '" + name + "' is read-only.");
    }
    if (RESERVED.contains(name) || name.startsWith("os_glance")) {
      throw new ForbiddenException("Attribute '" + name + "' is reserved.");
    }
    if (!op.equals("remove")) {
      ObjectNode partial = Json.MAPPER.createObjectNode();
      partial.set(name, value);
      validator.validate(partial);
    }
  }

  /** A change of /locations, its value already checked against the schema. */
  private static LocationEdit locationEdit(String op, String position, JsonNode value) {
    List<LocationEdit.Location> locations = new ArrayList<>();
    if (op.equals("add")) {
      locations.add(location(value));
    } else if (op.equals("replace")) {
      value.forEach(v -> locations.add(location(v)));
    }
    return new LocationEdit(position, locations);
  }

  private static LocationEdit.Location location(JsonNode v) {
    String metadata = v.get("metadata").toString();
    Map<String, String> validation = new LinkedHashMap<>();
    JsonNode data = v.get("validation_data");
    if (data != null) {
      data.fields().forEachRemaining(f -> validation.put(f.getKey(), f.getValue().asText()));
    }
    return new LocationEdit.Location(v.get("url").asText(), metadata, validation);
  }

  private static String opV21(JsonNode raw) {
    JsonNode op = raw.get("op");
    if (op == null || op.isNull()) {
      throw new BadRequestException("Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace.");
    }
    if (!OPS.contains(op.asText())) {
      throw new BadRequestException("Invalid operation: `" + op.asText() + "`. It must be one of the following: add, remove, replace.");
    }
    return op.asText();
  }

  private static String pathV21(JsonNode raw) {
    JsonNode path = raw.get("path");
    if (path == null) {
      throw new BadRequestException("Unable to find 'path' in JSON Schema change");
    }
    return path.asText();
  }

  private static String opV20(JsonNode raw) {
    String found = null;
    for (String op : OPS) {
      if (raw.has(op)) {
        if (found != null) {
          throw new BadRequestException("Operation objects must contain only one member named \"add\", \"remove\", or \"replace\".");
        }
        found = op;
      }
    }
    if (found == null) {
      throw new BadRequestException("Operation objects must contain exactly one member named \"add\", \"remove\", or \"replace\".");
    }
    return found;
  }

  static List<String> decodePointer(String pointer) {
    if (!pointer.startsWith("/")) {
      throw new BadRequestException("Pointer `" + pointer + "` does not start with \"/\".");
    }
    if (ADJACENT_SLASHES.matcher(pointer.substring(1)).find()) {
      throw new BadRequestException("Pointer `" + pointer + "` contains adjacent \"/\".");
    }
    if (pointer.length() > 1 && pointer.endsWith("/")) {
      throw new BadRequestException("Pointer `" + pointer + "` end with \"/\".");
    }
    if (BAD_TILDE.matcher(pointer).find() || pointer.endsWith("~")) {
      throw new BadRequestException("Pointer `" + pointer + "` contains \"~\" not part of a recognized escape sequence.");
    }
    List<String> parts = new ArrayList<>();
    for (String part : pointer.substring(1).split("/", -1)) {
      parts.add(part.replace("~1", "/").replace("~0", "~").strip());
    }
    return parts;
  }
}
