package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  public ObjectNode render(Image image) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, String> p : image.getProperties().entrySet()) {
      o.put(p.getKey(), p.getValue());
    }
    o.put("name", image.getName());
    o.put("disk_format", image.getDiskFormat());
    o.put("container_format", image.getContainerFormat());
    o.put("visibility", image.getVisibility().wire());
    o.put("size", image.getSize());
    o.put("virtual_size", image.getVirtualSize());
    o.put("status", image.getStatus().wire());
    o.put("checksum", image.getChecksum());
    o.put("protected", image.isProtected());
    o.put("min_ram", image.getMinRam());
    o.put("min_disk", image.getMinDisk());
    o.put("owner", image.getOwner());
    o.put("os_hidden", image.isOsHidden());
    o.put("os_hash_algo", image.getOsHashAlgo());
    o.put("os_hash_value", image.getOsHashValue());
    o.put("id", image.getId());
    o.put("created_at", timestamp(image.getCreatedAt()));
    o.put("updated_at", timestamp(image.getUpdatedAt()));
    ArrayNode tags = o.putArray("tags");
    image.getTags().forEach(tags::add);
    // staged data (uploading, importing) is not the image's data yet: Glance shows no location
    List<ImageLocation> shown = image.getStatus() == ImageStatus.UPLOADING || image.getStatus() == ImageStatus.IMPORTING
        ? List.of() : image.getLocations();
    if (showDirectUrl && !shown.isEmpty()) {
      o.put("direct_url", shown.get(0).url());
    }
    if (showLocations) {
      ArrayNode locations = o.putArray("locations");
      for (ImageLocation l : shown) {
        ObjectNode loc = locations.addObject();
        loc.put("url", l.url());
        loc.set("metadata", metadata(l));
      }
    }
    if (stores.on() && !shown.isEmpty()) {
      Set<String> ids = new LinkedHashSet<>();
      shown.forEach(l -> storeOf(stores, l).ifPresent(ids::add));
      if (!ids.isEmpty()) {
        o.put("stores", String.join(",", ids));
      }
    }
    o.put("self", "/v2/images/" + image.getId());
    o.put("file", "/v2/images/" + image.getId() + "/file");
    o.put("schema", "/v2/schemas/image");
    return o;
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
