package org.glimpse.db;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes the image_locations table: every location of an image in order ({@link ImageChildren}
 * reads it with the image). images.location keeps the first one, so an image read without this
 * table still knows its primary location.
 */
final class ImageLocationRows {
  private ImageLocationRows() {}

  /** Stores the locations of a newly created image. */
  static void insert(Handle handle, Image image) {
    insert(handle, image.getId(), image.getLocations(), Map.of(), Timestamps.toDb(image.getUpdatedAt()));
  }

  /**
   * Writes the locations of an image whose list changed from {@code before} to {@code after}: the
   * rows are rewritten in the new order, a location kept keeps its created_at. Returns whether
   * anything was written.
   */
  static boolean writeChanges(Handle handle, String imageId, Image before, Image after) {
    if (before.getLocations().equals(after.getLocations())) {
      return false;
    }
    Map<String, LocalDateTime> created = new HashMap<>();
    handle.createQuery("SELECT url, created_at FROM image_locations WHERE image_id = ?")
        .bind(0, imageId)
        .map((rs, ctx) -> Map.entry(rs.getString("url"), Timestamps.toDb(Timestamps.read(rs, "created_at"))))
        .forEach(e -> created.put(e.getKey(), e.getValue()));
    handle.createUpdate("DELETE FROM image_locations WHERE image_id = ?").bind(0, imageId).execute();
    Instant now = after.getUpdatedAt();
    insert(handle, imageId, after.getLocations(), created, Timestamps.toDb(now));
    return true;
  }

  private static void insert(Handle handle, String imageId, List<ImageLocation> locations,
      Map<String, LocalDateTime> created, LocalDateTime now) {
    if (locations.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle.prepareBatch("INSERT INTO image_locations"
        + " (image_id, pos, url, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
    for (int i = 0; i < locations.size(); i++) {
      ImageLocation l = locations.get(i);
      batch.bind(0, imageId).bind(1, i).bind(2, l.url()).bind(3, l.metadata())
          .bind(4, created.getOrDefault(l.url(), now)).bind(5, now).add();
    }
    batch.execute();
  }
}
