package org.glimpse.server.v1;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Visibility;
import org.glimpse.server.http.Json;

/**
 * An image as v1 JSON: the 18-key detail object, or the 6-key index entry. v1 knows no
 * visibility, only {@code is_public}; no tags, hashes or locations; a missing size is 0.
 */
final class V1ImageView {
  private V1ImageView() {}

  static boolean isPublic(Image image) {
    return image.getVisibility() == Visibility.PUBLIC;
  }

  static ObjectNode detail(Image image) {
    ObjectNode o = brief(image);
    o.put("status", image.getStatus().wire());
    o.put("is_public", isPublic(image));
    o.put("protected", image.isProtected());
    o.put("min_ram", image.getMinRam());
    o.put("min_disk", image.getMinDisk());
    o.put("virtual_size", image.getVirtualSize());
    o.put("owner", image.getOwner());
    o.put("created_at", Timestamps.format(image.getCreatedAt()));
    o.put("updated_at", Timestamps.format(image.getUpdatedAt()));
    o.put("deleted_at", Timestamps.format(image.getDeletedAt()));
    o.put("deleted", image.isDeleted());
    ObjectNode properties = o.putObject("properties");
    image.getProperties().forEach(properties::put);
    return o;
  }

  static ObjectNode brief(Image image) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", image.getId());
    o.put("name", image.getName());
    o.put("size", image.getSize() == null ? 0L : image.getSize());
    o.put("disk_format", image.getDiskFormat());
    o.put("container_format", image.getContainerFormat());
    o.put("checksum", image.getChecksum());
    return o;
  }

  static ObjectNode wrapped(Image image) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.set("image", detail(image));
    return o;
  }
}
