package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.stream.Collectors;
import org.glimpse.core.error.BadRequestException;

/** Validates a JSON document against one of the published v2 schemas, as Glance does. */
public final class SchemaValidator {
  private final String name;
  private final JsonSchema schema;

  public SchemaValidator(String name, ObjectNode schemaNode) {
    this.name = name;
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
    this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaNode, config);
  }

  /** BadRequest naming what does not match, or nothing. */
  public void validate(JsonNode document) {
    Set<ValidationMessage> errors = schema.validate(document);
    if (!errors.isEmpty()) {
      String detail = errors.stream().map(ValidationMessage::getMessage).sorted()
          .collect(Collectors.joining("; "));
      throw new BadRequestException("Provided object does not match schema '" + name + "': " + detail);
    }
  }
}
