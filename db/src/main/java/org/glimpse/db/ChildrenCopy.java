package org.glimpse.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images.children column: a copy of an image's property, tag and location rows as one JSON
 * text, {@code {"p":[name,value,…],"t":[tag,…],"l":[url,metadata,…]}}, written in the
 * transaction that writes those rows. A show or a list page then reads one row per image, in one
 * statement, rather than three child tables besides (on MariaDB that was over half a page's
 * database time). The child tables stay the record: filters and updates read them.
 */
final class ChildrenCopy {
  private ChildrenCopy() {}

  /**
   * Stored instead of a copy longer than {@link #MAX_CHARS}: such an image is read from its child
   * tables. It bounds the column (H2's CHARACTER VARYING holds 1,000,000 characters) and the
   * statement that writes it (MariaDB's max_allowed_packet).
   */
  static final String TOO_LONG = "-";

  static final int MAX_CHARS = 256 * 1024;

  /** The copy of no children at all. */
  private static final String NONE = "{\"p\":[],\"t\":[],\"l\":[]}";

  private static final JsonFactory JSON = new JsonFactory();
  private static final Logger LOG = LoggerFactory.getLogger(ChildrenCopy.class);

  /** The copy of these children, or {@link #TOO_LONG}. Tags keep their order, as do locations. */
  static String write(Map<String, String> properties, Collection<String> tags,
      List<ImageLocation> locations) {
    if (properties.isEmpty() && tags.isEmpty() && locations.isEmpty()) {
      return NONE; // most new images: no generator to set up
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("p");
      for (Map.Entry<String, String> property : properties.entrySet()) {
        json.writeString(property.getKey());
        json.writeString(property.getValue());
      }
      json.writeEndArray();
      json.writeArrayFieldStart("t");
      for (String tag : tags) {
        json.writeString(tag);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("l");
      for (ImageLocation location : locations) {
        json.writeString(location.url());
        json.writeString(location.metadata());
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.getBuffer().length() > MAX_CHARS ? TOO_LONG : out.toString();
  }

  /** The copy of an image's children as they are in memory (a newly created image's). */
  static String of(Image image) {
    return write(image.getProperties(), image.getTags(), image.getLocations());
  }

  /**
   * Adds the children of the copy {@code text} to the image (read from its row alone) and returns
   * true; returns false, leaving the image alone, where there is no usable copy: null (not yet
   * written), {@link #TOO_LONG}, or a text this class did not write (edited by hand, say), which
   * is reported. An image without locations in the copy keeps the primary location its row gave,
   * as when read from the tables.
   */
  static boolean fill(Image image, String text) {
    if (text == null || text.equals(TOO_LONG)) {
      return false;
    }
    if (text.equals(NONE)) {
      return true; // most images of a listing: nothing to parse
    }
    Map<String, String> properties = new LinkedHashMap<>();
    List<String> tags = new ArrayList<>();
    List<ImageLocation> locations = new ArrayList<>();
    try (JsonParser json = JSON.createParser(text)) {
      expect(json, JsonToken.START_OBJECT);
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        expect(json, JsonToken.START_ARRAY);
        while (json.nextToken() != JsonToken.END_ARRAY) {
          String first = json.getValueAsString();
          switch (field) {
            case "p" -> properties.put(first, json.nextTextValue());
            case "t" -> tags.add(first);
            case "l" -> locations.add(new ImageLocation(first, json.nextTextValue()));
            default -> throw new IOException("unknown member " + field);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("the children copy of image {} is not one this service wrote ({}); its child"
          + " tables are read instead", image.getId(), e.toString());
      return false;
    }
    image.getProperties().putAll(properties);
    image.getTags().addAll(tags);
    if (!locations.isEmpty()) {
      image.setLocations(locations);
    }
    return true;
  }

  private static void expect(JsonParser json, JsonToken token) throws IOException {
    if (json.nextToken() != token) {
      throw new IOException("expected " + token + " at " + json.currentLocation());
    }
  }
}
