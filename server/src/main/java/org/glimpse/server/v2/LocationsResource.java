package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.service.AddLocationRequest;
import org.glimpse.core.service.LocationImportService;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.http.Json;

/**
 * The location API (Images API v2.17): {@code POST /v2/images/{id}/locations} (202, the work goes
 * on in a {@code location_import} task) and {@code GET /v2/images/{id}/locations}. The body is held
 * to Glance's schema: an object with a string {@code url}; {@code validation_data}, if present, an
 * object of {@code os_hash_algo} (one of md5, sha1, sha256, sha512) and {@code os_hash_value} (a
 * string of at most 128 characters), both or neither and nothing else. Other members are ignored,
 * as Glance's schema allows them.
 */
public final class LocationsResource {
  private static final Set<String> ALGORITHMS = Set.of("sha1", "sha256", "sha512", "md5");

  private final LocationImportService locations;

  public LocationsResource(LocationImportService locations) {
    this.locations = locations;
  }

  public void add(Context ctx) {
    AddLocationRequest request = parse(Json.body(ctx));
    locations.addLocation(Authenticator.caller(ctx), ctx.pathParam("image_id"), request);
    // as Glance: 202 with WebOb's empty default body
    ctx.status(202);
    ctx.contentType("text/html; charset=UTF-8");
    ctx.result("");
  }

  public void list(Context ctx) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ImageLocation l : locations.locations(Authenticator.caller(ctx), ctx.pathParam("image_id"))) {
      ObjectNode o = out.addObject();
      o.put("url", l.url());
      o.set("metadata", metadata(l));
    }
    Json.write(ctx, 200, out);
  }

  static AddLocationRequest parse(JsonNode body) {
    if (!body.isObject()) {
      throw new BadRequestException("Invalid add_location: the body must be a JSON object");
    }
    JsonNode url = body.get("url");
    if (url == null) {
      throw new BadRequestException("Invalid add_location: 'url' is a required property");
    }
    if (!url.isTextual()) {
      throw new BadRequestException("Invalid add_location: 'url' must be a string");
    }
    JsonNode validation = body.get("validation_data");
    if (validation == null) {
      return new AddLocationRequest(url.asText(), null, null);
    }
    if (!validation.isObject()) {
      throw new BadRequestException("Invalid validation_data: it must be an object");
    }
    for (Iterator<String> names = validation.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("os_hash_algo") && !name.equals("os_hash_value")) {
        throw new BadRequestException("Invalid validation_data: additional property '" + name + "' is not allowed");
      }
    }
    JsonNode algo = validation.get("os_hash_algo");
    JsonNode value = validation.get("os_hash_value");
    if (algo != null && (!algo.isTextual() || !ALGORITHMS.contains(algo.asText()))) {
      throw new BadRequestException("Invalid validation_data: os_hash_algo " + algo
          + " is not one of md5, sha1, sha256, sha512");
    }
    if (value != null && (!value.isTextual() || value.asText().length() > 128)) {
      throw new BadRequestException("Invalid validation_data: os_hash_value must be a string of at most 128"
          + " characters");
    }
    if (algo == null && value != null) {
      throw new BadRequestException("Invalid validation_data: 'os_hash_algo' is a dependency of 'os_hash_value'");
    }
    if (value == null && algo != null) {
      throw new BadRequestException("Invalid validation_data: 'os_hash_value' is a dependency of 'os_hash_algo'");
    }
    return algo == null ? new AddLocationRequest(url.asText(), null, null)
        : new AddLocationRequest(url.asText(), algo.asText(), value.asText());
  }

  /** A location's metadata as a JSON object; stored text that is not one shows as {}. */
  private static ObjectNode metadata(ImageLocation location) {
    try {
      if (Json.MAPPER.readTree(location.metadata()) instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      // only the API writes this column, always an object
    }
    return Json.MAPPER.createObjectNode();
  }
}
