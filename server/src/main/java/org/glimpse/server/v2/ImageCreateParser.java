package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.image.Visibility;

/** Turns a POST /v2/images body into a {@link NewImage}, refusing what Glance refuses. */
final class ImageCreateParser {
  static final Set<String> READ_ONLY = Set.of("status", "size", "checksum", "created_at",
      "updated_at", "virtual_size", "self", "file", "schema", "direct_url", "stores");
  /** Computed from the data; Glance accepts and ignores them on create. */
  private static final Set<String> IGNORED = Set.of("os_hash_algo", "os_hash_value");
  private static final Set<String> RESERVED_PROPERTIES = Set.of("location", "deleted", "deleted_at");
  /** Glance's explanation of the refusal; the reason follows as the detail. */
  private static final String DENIED = "Access was denied to this resource.\n";

  private final SchemaValidator validator;

  ImageCreateParser(SchemaValidator validator) {
    this.validator = validator;
  }

  NewImage parse(JsonNode body) {
    if (!body.isObject()) {
      throw new BadRequestException("Unexpected body type. Expected list/dict.");
    }
    validator.validate(body);
    // read-only and reserved attributes are refused before any value is looked at
    body.fieldNames().forEachRemaining(key -> {
      if (READ_ONLY.contains(key)) {
        throw new ForbiddenException("Attribute '" + key + "' is read-only.");
      }
      if (key.equals("locations")) {
        throw new ForbiddenException("Attribute 'locations' is reserved.");
      }
    });
    NewImage image = new NewImage();
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = f.getKey();
      JsonNode v = f.getValue();
      if (IGNORED.contains(key)) {
        continue;
      }
      switch (key) {
        case "id" -> image.id = v.asText();
        case "name" -> image.name = v.isNull() ? null : v.asText();
        case "visibility" -> image.visibility = Visibility.parse(v.asText()).orElseThrow();
        case "protected" -> image.isProtected = v.asBoolean();
        case "os_hidden" -> image.osHidden = v.asBoolean();
        case "min_disk" -> image.minDisk = Values.int32("min_disk", v);
        case "min_ram" -> image.minRam = Values.int32("min_ram", v);
        case "disk_format" -> image.diskFormat = v.isNull() ? null : v.asText();
        case "container_format" -> image.containerFormat = v.isNull() ? null : v.asText();
        case "owner" -> {
          image.owner = v.isNull() ? null : v.asText();
          image.noOwner = v.isNull();
        }
        case "tags" -> v.forEach(t -> image.tags.add(t.asText()));
        default -> addProperty(image, key, v);
      }
    }
    return image;
  }

  private static void addProperty(NewImage image, String key, JsonNode v) {
    if (key.length() > 255) {
      throw new BadRequestException("Custom property should not be greater than 255 characters.");
    }
    if (RESERVED_PROPERTIES.contains(key) || key.startsWith("os_glance")) {
      throw new ForbiddenException(DENIED + "Attribute '" + key + "' is reserved.");
    }
    // the schema allows null only for its nullable extra properties (kernel_id, ramdisk_id),
    // which are then shown as null
    image.properties.put(key, v.isNull() ? null : v.asText());
  }
}
