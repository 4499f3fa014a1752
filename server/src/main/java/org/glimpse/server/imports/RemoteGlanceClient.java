package org.glimpse.server.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.port.RemoteGlance;
import org.glimpse.server.auth.keystone.KeystoneCatalog;
import org.glimpse.server.http.Json;

/**
 * glance-download's view of another region: the {@code image} endpoint from the caller's catalog
 * ({@link KeystoneCatalog}), then the image's record and data over {@link SafeWebSource} with the
 * caller's token, each URL passing {@code [import_filtering_opts]} as web-download's do.
 */
public final class RemoteGlanceClient implements RemoteGlance {
  /** A record larger than this is not an image's. */
  private static final int MAX_RECORD = 1 << 20;
  /** The attributes of Glance's image schema; everything else in a record is a property. */
  private static final Set<String> CORE = Set.of("id", "name", "status", "visibility", "protected", "os_hidden",
      "checksum", "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size", "min_ram", "min_disk",
      "created_at", "updated_at", "tags", "disk_format", "container_format", "locations", "direct_url", "self",
      "file", "schema", "stores");

  private final KeystoneCatalog catalog;
  private final SafeWebSource web;

  public RemoteGlanceClient(KeystoneCatalog catalog, SafeWebSource web) {
    this.catalog = catalog;
    this.web = web;
  }

  @Override
  public String endpoint(RequestContext caller, String region, String serviceInterface) throws IOException {
    return catalog.endpoint(token(caller), "image", region, serviceInterface).orElseThrow(() ->
        new IOException(serviceInterface + " glance endpoint not found for region " + region));
  }

  @Override
  public RemoteImage image(RequestContext caller, String endpoint, String imageId) throws IOException {
    SafeWebSource.Answer answer = get(caller, url(endpoint, imageId, ""), "application/json");
    JsonNode record;
    try (InputStream body = answer.body()) {
      byte[] bytes = body.readNBytes(MAX_RECORD + 1);
      if (bytes.length > MAX_RECORD) {
        throw new IOException("the record of remote image " + imageId + " at " + answer.uri() + " is too large");
      }
      record = Json.MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("the record of remote image " + imageId + " at " + answer.uri() + " is not JSON");
    }
    if (record == null || !record.isObject()) {
      throw new IOException("the record of remote image " + imageId + " at " + answer.uri() + " is not an image");
    }
    Map<String, String> properties = new HashMap<>();
    record.fields().forEachRemaining(field -> {
      if (!CORE.contains(field.getKey()) && field.getValue().isTextual()) {
        properties.put(field.getKey(), field.getValue().asText());
      }
    });
    JsonNode size = record.get("size");
    return new RemoteImage(text(record, "status"), text(record, "disk_format"), text(record, "container_format"),
        size != null && size.canConvertToLong() && size.isIntegralNumber() ? size.asLong() : null, properties);
  }

  @Override
  public InputStream data(RequestContext caller, String endpoint, String imageId) throws IOException {
    SafeWebSource.Answer answer = get(caller, url(endpoint, imageId, "/file"), "application/octet-stream");
    return answer.body();
  }

  /** A GET answered 200, else an IOException naming the URL and status (its body closed). */
  private SafeWebSource.Answer get(RequestContext caller, String url, String accept) throws IOException {
    String why = web.refusal(url);
    if (why != null) {
      throw new IOException("Processed URI for glance-download does not pass filtering: " + url + " (" + why + ")");
    }
    SafeWebSource.Answer answer = web.request("GET", url, Map.of("X-Auth-Token", token(caller), "Accept", accept));
    if (answer.status() != 200) {
      answer.body().close();
      throw new IOException("GET " + answer.uri() + " answered " + answer.status()
          + (answer.status() == 404 ? " (no such image there, or not visible to the caller)" : "")
          + (answer.status() == 204 ? " (the remote image has no data)" : ""));
    }
    return answer;
  }

  private static String url(String endpoint, String imageId, String suffix) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base + "/v2/images/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8) + suffix;
  }

  private static String token(RequestContext caller) throws IOException {
    if (caller.authToken() == null) {
      throw new IOException("the caller has no Keystone token to reach the remote image service with");
    }
    return caller.authToken();
  }

  private static String text(JsonNode record, String field) {
    JsonNode v = record.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }
}
