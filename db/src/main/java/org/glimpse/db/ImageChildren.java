package org.glimpse.db;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.glimpse.core.image.Image;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Tags and custom properties: read for many images at once, replaced wholesale on save. */
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

  /** Replaces the stored tags and properties of the image with its current ones. */
  static void replace(Handle handle, Image image) {
    handle.createUpdate("DELETE FROM image_tags WHERE image_id = ?")
        .bind(0, image.getId()).execute();
    handle.createUpdate("DELETE FROM image_properties WHERE image_id = ?")
        .bind(0, image.getId()).execute();
    insert(handle, image);
  }

  /** Stores the tags and properties of a newly created image. */
  static void insert(Handle handle, Image image) {
    if (!image.getTags().isEmpty()) {
      PreparedBatch batch = handle.prepareBatch(
          "INSERT INTO image_tags (image_id, value) VALUES (?, ?)");
      for (String tag : image.getTags()) {
        batch.bind(0, image.getId()).bind(1, tag).add();
      }
      batch.execute();
    }
    if (!image.getProperties().isEmpty()) {
      PreparedBatch batch = handle.prepareBatch(
          "INSERT INTO image_properties (image_id, name, value) VALUES (?, ?, ?)");
      image.getProperties().forEach(
          (name, value) -> batch.bind(0, image.getId()).bind(1, name).bind(2, value).add());
      batch.execute();
    }
  }
}
