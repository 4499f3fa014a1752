package org.glimpse.db;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.glimpse.core.image.Image;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Tags and custom properties: read for many images at once, written as differences on update. */
final class ImageChildren {
  private ImageChildren() {}

  /** A tag (key only) or a property (key and value) of one image. */
  private record Row(String imageId, String key, String value) {}

  /** Fills in the tags and properties of the images with two queries, whatever their number. */
  static void loadInto(Handle handle, Collection<Image> images) {
    if (images.isEmpty()) {
      return;
    }
    Map<String, Image> byId = images.stream()
        .collect(Collectors.toMap(Image::getId, Function.identity(), (a, b) -> a,
            LinkedHashMap::new));
    List<String> ids = List.copyOf(byId.keySet());

    SqlBuilder tags = new SqlBuilder()
        .sql("SELECT image_id, value FROM image_tags WHERE image_id IN ").paramList(ids)
        .sql(" ORDER BY id");
    tags.bind(handle.createQuery(tags.text()))
        .map((rs, ctx) -> new Row(rs.getString("image_id"), rs.getString("value"), null))
        .forEach(row -> byId.get(row.imageId()).getTags().add(row.key()));

    SqlBuilder props = new SqlBuilder()
        .sql("SELECT image_id, name, value FROM image_properties WHERE image_id IN ")
        .paramList(ids);
    props.bind(handle.createQuery(props.text()))
        .map((rs, ctx) ->
            new Row(rs.getString("image_id"), rs.getString("name"), rs.getString("value")))
        .forEach(row -> byId.get(row.imageId()).getProperties().put(row.key(), row.value()));
  }

  /** Stores the tags and properties of a newly created image. */
  static void insert(Handle handle, Image image) {
    insertTags(handle, image.getId(), image.getTags());
    insertProperties(handle, image.getId(), image.getProperties());
  }

  /**
   * Writes what a change did to the tags and properties of an image ({@code before} as stored,
   * {@code after} as changed): deletes the removed rows, inserts the added ones, updates changed
   * property values, and leaves every other row alone, so kept tags keep their place in the
   * order. Returns whether anything was written.
   */
  static boolean writeChanges(Handle handle, String imageId, Image before, Image after) {
    boolean tags = writeTagChanges(handle, imageId, before.getTags(), after.getTags());
    boolean properties =
        writePropertyChanges(handle, imageId, before.getProperties(), after.getProperties());
    return tags || properties;
  }

  private static boolean writeTagChanges(
      Handle handle, String imageId, Set<String> before, Set<String> after) {
    List<String> removed = before.stream().filter(tag -> !after.contains(tag)).toList();
    List<String> added = after.stream().filter(tag -> !before.contains(tag)).toList();
    deleteWhereIn(handle, "image_tags", "value", imageId, removed);
    insertTags(handle, imageId, added);
    return !removed.isEmpty() || !added.isEmpty();
  }

  private static boolean writePropertyChanges(
      Handle handle, String imageId, Map<String, String> before, Map<String, String> after) {
    List<String> removed = before.keySet().stream().filter(name -> !after.containsKey(name))
        .toList();
    Map<String, String> added = new LinkedHashMap<>();
    Map<String, String> changed = new LinkedHashMap<>();
    after.forEach((name, value) -> {
      if (!before.containsKey(name)) {
        added.put(name, value);
      } else if (!Objects.equals(before.get(name), value)) {
        changed.put(name, value);
      }
    });
    deleteWhereIn(handle, "image_properties", "name", imageId, removed);
    insertProperties(handle, imageId, added);
    if (!changed.isEmpty()) {
      PreparedBatch batch = handle.prepareBatch(
          "UPDATE image_properties SET value = ? WHERE image_id = ? AND name = ?");
      changed.forEach((name, value) -> batch.bind(0, value).bind(1, imageId).bind(2, name).add());
      batch.execute();
    }
    return !removed.isEmpty() || !added.isEmpty() || !changed.isEmpty();
  }

  private static void deleteWhereIn(
      Handle handle, String table, String column, String imageId, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    SqlBuilder sql = new SqlBuilder()
        .sql("DELETE FROM " + table + " WHERE image_id = ").param(imageId)
        .sql(" AND " + column + " IN ").paramList(values);
    sql.bind(handle.createUpdate(sql.text())).execute();
  }

  private static void insertTags(Handle handle, String imageId, Collection<String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle.prepareBatch(
        "INSERT INTO image_tags (image_id, value) VALUES (?, ?)");
    for (String tag : tags) {
      batch.bind(0, imageId).bind(1, tag).add();
    }
    batch.execute();
  }

  private static void insertProperties(
      Handle handle, String imageId, Map<String, String> properties) {
    if (properties.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle.prepareBatch(
        "INSERT INTO image_properties (image_id, name, value) VALUES (?, ?, ?)");
    properties.forEach((name, value) -> batch.bind(0, imageId).bind(1, name).bind(2, value).add());
    batch.execute();
  }
}
