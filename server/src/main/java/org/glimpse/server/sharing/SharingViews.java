package org.glimpse.server.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.image.SharedWithMe;
import org.glimpse.core.port.SharingRepository.Trust;
import org.glimpse.server.http.Json;
import org.glimpse.server.v2.ImageView;
import org.glimpse.server.v2.MemberExpiry;

/** The JSON of the sharing extensions' objects, and the reading of their request fields. */
final class SharingViews {
  static final String SCHEMAS = "/v2/glimpse/schemas/";

  private SharingViews() {}

  static ObjectNode domainShare(DomainShare s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("image_id", s.imageId());
    o.put("domain_id", s.domainId());
    o.put("created_at", ImageView.timestamp(s.createdAt()));
    o.put("updated_at", ImageView.timestamp(s.updatedAt()));
    o.put("expires_at", ImageView.timestamp(s.expiresAt()));
    o.put("schema", SCHEMAS + "domain-share");
    return o;
  }

  static ObjectNode trust(Trust t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("consumer", t.consumer());
    o.put("producer", t.producer());
    o.put("created_at", ImageView.timestamp(t.createdAt()));
    o.put("schema", SCHEMAS + "trusted-producer");
    return o;
  }

  static ObjectNode inboxEntry(SharedWithMe e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("image_id", e.imageId());
    o.put("image_name", e.imageName());
    o.put("owner", e.producer());
    o.put("status", e.status().wire());
    o.put("via", e.via());
    o.put("domain_id", e.domainId());
    o.put("shared_at", ImageView.timestamp(e.sharedAt()));
    o.put("updated_at", ImageView.timestamp(e.updatedAt()));
    o.put("expires_at", ImageView.timestamp(e.expiresAt()));
    return o;
  }

  /** {@code expires_at}: a time with a zone, or null (absent is null too). */
  static Instant expiresAt(JsonNode body) {
    return MemberExpiry.read(body);
  }

  /** A list of ids under {@code field}: absent is null, anything but an array of strings a 400. */
  static List<String> ids(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new BadRequestException(field + " must be an array of ids.");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : value) {
      if (!id.isTextual() || id.textValue().isEmpty()) {
        throw new BadRequestException(field + " must hold non-empty strings only; " + id + " is not one.");
      }
      ids.add(id.textValue());
    }
    return ids;
  }

  /** A string field; absent or null is null, anything but a string a 400. */
  static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadRequestException(field + " must be a string.");
    }
    return value.textValue();
  }

  static JsonNode object(JsonNode body, String expected) {
    if (!body.isObject()) {
      throw new BadRequestException("Expected a JSON object such as " + expected + ".");
    }
    return body;
  }
}
