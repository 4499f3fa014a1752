package org.glimpse.server.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.server.http.Json;

/** An image as the v2 API shows it: custom properties first, then Glance's fields in its order. */
public final class ImageView {
  /** The fields every image shows, whatever the configuration. */
  private static final Set<String> FIELDS = Set.of("name", "disk_format", "container_format", "visibility",
      "size", "virtual_size", "status", "checksum", "protected", "min_ram", "min_disk", "owner", "os_hidden",
      "os_hash_algo", "os_hash_value", "id", "created_at", "updated_at", "tags", "self", "file", "schema");

  private final boolean showDirectUrl;
  private final boolean showLocations;
  private final MultiStore stores;

  public ImageView(boolean showDirectUrl, boolean showLocations) {
    this(showDirectUrl, showLocations, MultiStore.NONE);
  }

  /** In multi-store mode the image shows {@code stores}, the backend holding its data, as Glance. */
  public ImageView(boolean showDirectUrl, boolean showLocations, MultiStore stores) {
    this.showDirectUrl = showDirectUrl;
    this.showLocations = showLocations;
    this.stores = stores;
  }

  /**
   * Writes the image as one JSON object. A custom property named like a field written after it
   * is left out: the field's value is the one shown.
   */
  public void write(JsonGenerator g, Image image) throws IOException {
    // staged data (uploading, importing) is not the image's data yet: Glance shows no location
    List<ImageLocation> shown = image.getStatus() == ImageStatus.UPLOADING || image.getStatus() == ImageStatus.IMPORTING
        ? List.of() : image.getLocations();
    boolean directUrl = showDirectUrl && !shown.isEmpty();
    Set<String> storeIds = storeIds(shown);
    g.writeStartObject();
    for (Map.Entry<String, String> p : image.getProperties().entrySet()) {
      String key = p.getKey();
      boolean writtenBelow = FIELDS.contains(key) || directUrl && key.equals("direct_url")
          || showLocations && key.equals("locations") || !storeIds.isEmpty() && key.equals("stores");
      if (!writtenBelow) {
        g.writeStringField(key, p.getValue());
      }
    }
    g.writeStringField("name", image.getName());
    g.writeStringField("disk_format", image.getDiskFormat());
    g.writeStringField("container_format", image.getContainerFormat());
    g.writeStringField("visibility", image.getVisibility().wire());
    writeNumber(g, "size", image.getSize());
    writeNumber(g, "virtual_size", image.getVirtualSize());
    g.writeStringField("status", image.getStatus().wire());
    g.writeStringField("checksum", image.getChecksum());
    g.writeBooleanField("protected", image.isProtected());
    g.writeNumberField("min_ram", image.getMinRam());
    g.writeNumberField("min_disk", image.getMinDisk());
    g.writeStringField("owner", image.getOwner());
    g.writeBooleanField("os_hidden", image.isOsHidden());
    g.writeStringField("os_hash_algo", image.getOsHashAlgo());
    g.writeStringField("os_hash_value", image.getOsHashValue());
    g.writeStringField("id", image.getId());
    g.writeStringField("created_at", timestamp(image.getCreatedAt()));
    g.writeStringField("updated_at", timestamp(image.getUpdatedAt()));
    g.writeArrayFieldStart("tags");
    for (String tag : image.getTags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    if (directUrl) {
      g.writeStringField("direct_url", shown.get(0).url());
    }
    if (showLocations) {
      g.writeArrayFieldStart("locations");
      for (ImageLocation l : shown) {
        g.writeStartObject();
        g.writeStringField("url", l.url());
        g.writeFieldName("metadata");
        g.writeTree(metadata(l));
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (!storeIds.isEmpty()) {
      g.writeStringField("stores", String.join(",", storeIds));
    }
    g.writeStringField("self", "/v2/images/" + image.getId());
    g.writeStringField("file", "/v2/images/" + image.getId() + "/file");
    g.writeStringField("schema", "/v2/schemas/image");
    g.writeEndObject();
  }

  private static void writeNumber(JsonGenerator g, String name, Long value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.longValue());
    }
  }

  /** In multi-store mode, the stores holding the shown locations, in their order; else none. */
  private Set<String> storeIds(List<ImageLocation> shown) {
    if (!stores.on() || shown.isEmpty()) {
      return Set.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    shown.forEach(l -> storeOf(stores, l).ifPresent(ids::add));
    return ids;
  }

  /** The store holding a location: its metadata's {@code store}, else the backend that handles it. */
  static Optional<String> storeOf(MultiStore stores, ImageLocation location) {
    JsonNode store = metadata(location).get("store");
    if (store != null && store.isTextual()) {
      return Optional.of(store.asText());
    }
    return stores.backendOf().apply(location.url());
  }

  /** A location's metadata as a JSON object; stored text that is not one shows as {}. */
  private static ObjectNode metadata(ImageLocation location) {
    if (location.metadata().equals(ImageLocation.NO_METADATA)) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(location.metadata());
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (java.io.IOException e) {
      // only the API writes this column, always an object; anything else is not shown
    }
    return Json.MAPPER.createObjectNode();
  }

  /**
   * Glance's timestamp form: UTC, whole seconds, trailing Z ({@code ISO_INSTANT} of the instant
   * cut to the second). Written digit by digit for years 0 to 9999: a page of images shows two
   * per image, and the formatter cost more than the rest of an image's rendering.
   */
  public static String timestamp(Instant instant) {
    if (instant == null) {
      return null;
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
    byte[] text = "0000-00-00T00:00:00Z".getBytes(StandardCharsets.US_ASCII);
    digits(text, 0, 4, t.getYear());
    digits(text, 5, 2, t.getMonthValue());
    digits(text, 8, 2, t.getDayOfMonth());
    digits(text, 11, 2, t.getHour());
    digits(text, 14, 2, t.getMinute());
    digits(text, 17, 2, t.getSecond());
    return new String(text, StandardCharsets.US_ASCII);
  }

  private static void digits(byte[] text, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
