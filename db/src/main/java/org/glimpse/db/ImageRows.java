package org.glimpse.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.image.Visibility;
import org.jdbi.v3.core.statement.SqlStatement;

/** The images table's columns, in one place: what is selected, inserted and updated. */
final class ImageRows {
  private ImageRows() {}

  /** Columns every statement writes, in binding order (id, deleted and deleted_at aside). */
  private static final String FIELDS =
      "name, status, visibility, protected, os_hidden, checksum, os_hash_algo, os_hash_value, "
          + "size, virtual_size, min_disk, min_ram, disk_format, container_format, owner, "
          + "location, created_at, updated_at, upload_id, upload_owner, upload_expires_at, upload_fallback";

  private static final int FIELD_COUNT = 22;

  static final String SELECT_COLUMNS =
      "i.id, i.name, i.status, i.visibility, i.protected, i.os_hidden, i.checksum, i.os_hash_algo,"
          + " i.os_hash_value, i.size, i.virtual_size, i.min_disk, i.min_ram, i.disk_format,"
          + " i.container_format, i.owner, i.location, i.created_at, i.updated_at, i.deleted_at,"
          + " i.deleted, i.upload_id, i.upload_owner, i.upload_expires_at, i.upload_fallback";

  /** As many NULLs as {@link #SELECT_COLUMNS}, named alike, for rows of a UNION that are no image. */
  static final String NULL_COLUMNS = java.util.Arrays.stream(SELECT_COLUMNS.split(","))
      .map(c -> "NULL AS " + c.trim().substring(2)).collect(java.util.stream.Collectors.joining(", "));

  /** {@link #NULL_COLUMNS} but the first (the id), for rows that carry their image's id there. */
  static final String NULL_COLUMNS_BUT_ID = NULL_COLUMNS.substring(NULL_COLUMNS.indexOf(", ") + 2);

  static final String INSERT =
      "INSERT INTO images (" + FIELDS + ", deleted_at, deleted, children, id) VALUES ("
          + "?, ".repeat(FIELD_COUNT + 3) + "?)";

  /** {@link #SELECT_COLUMNS} and the children copy ({@link ChildrenCopy}). */
  static final String SELECT_COLUMNS_AND_COPY = SELECT_COLUMNS + ", i.children";

  /** The live row, locked until the transaction ends. */
  static final String SELECT_LIVE_FOR_UPDATE =
      "SELECT " + SELECT_COLUMNS + " FROM images i WHERE i.id = ? AND i.deleted = FALSE FOR UPDATE";

  /** Run on a row locked with {@link #SELECT_LIVE_FOR_UPDATE}, so the id alone finds it. */
  static final String UPDATE =
      "UPDATE images SET " + FIELDS.replace(",", " = ?,") + " = ? WHERE id = ?";

  /** Java types of the fields' values, for binding nulls. */
  private static final List<Class<?>> FIELD_TYPES = List.of(
      String.class, String.class, String.class, Boolean.class, Boolean.class, String.class,
      String.class, String.class, Long.class, Long.class, Integer.class, Integer.class,
      String.class, String.class, String.class, String.class, LocalDateTime.class,
      LocalDateTime.class, String.class, String.class, LocalDateTime.class, String.class);

  /**
   * Binds the image's fields, then deleted_at, deleted, the copy of its children and id: the
   * INSERT's parameters.
   */
  static <S extends SqlStatement<S>> S bindInsert(S statement, Image image) {
    bindFields(statement, image);
    statement.bindByType(FIELD_COUNT, Timestamps.toDb(image.getDeletedAt()), LocalDateTime.class);
    statement.bind(FIELD_COUNT + 1, image.isDeleted());
    statement.bind(FIELD_COUNT + 2, ChildrenCopy.of(image));
    return statement.bind(FIELD_COUNT + 3, image.getId());
  }

  /** Binds the image's fields, then the id: the UPDATE's parameters. */
  static <S extends SqlStatement<S>> S bindUpdate(S statement, String id, Image image) {
    bindFields(statement, image);
    return statement.bind(FIELD_COUNT, id);
  }

  /** Whether the images would store the same fields (instants compared to the microsecond). */
  static boolean sameFields(Image a, Image b) {
    return fieldValues(a).equals(fieldValues(b));
  }

  private static <S extends SqlStatement<S>> void bindFields(S statement, Image image) {
    List<Object> values = fieldValues(image);
    for (int i = 0; i < FIELD_COUNT; i++) {
      statement.bindByType(i, values.get(i), FIELD_TYPES.get(i));
    }
  }

  /** The values of {@link #FIELDS} as stored, in order. */
  private static List<Object> fieldValues(Image image) {
    UploadLease lease = image.getUpload();
    return Arrays.asList(
        image.getName(),
        image.getStatus().wire(),
        image.getVisibility().wire(),
        image.isProtected(),
        image.isOsHidden(),
        image.getChecksum(),
        image.getOsHashAlgo(),
        image.getOsHashValue(),
        image.getSize(),
        image.getVirtualSize(),
        image.getMinDisk(),
        image.getMinRam(),
        image.getDiskFormat(),
        image.getContainerFormat(),
        image.getOwner(),
        image.getLocation(),
        Timestamps.toDb(image.getCreatedAt()),
        Timestamps.toDb(image.getUpdatedAt()),
        lease == null ? null : lease.id(),
        lease == null ? null : lease.owner(),
        lease == null ? null : Timestamps.toDb(lease.expiresAt()),
        lease == null ? null : lease.fallback().wire());
  }

  /** Maps one row selected with {@link #SELECT_COLUMNS}; tags and properties come separately. */
  static Image map(ResultSet rs) throws SQLException {
    Image image = new Image();
    image.setId(rs.getString("id"));
    image.setName(rs.getString("name"));
    image.setStatus(ImageStatus.fromWire(rs.getString("status")));
    image.setVisibility(Visibility.parse(rs.getString("visibility")).orElseThrow());
    image.setProtected(rs.getBoolean("protected"));
    image.setOsHidden(rs.getBoolean("os_hidden"));
    image.setChecksum(rs.getString("checksum"));
    image.setOsHashAlgo(rs.getString("os_hash_algo"));
    image.setOsHashValue(rs.getString("os_hash_value"));
    image.setSize(nullableLong(rs, "size"));
    image.setVirtualSize(nullableLong(rs, "virtual_size"));
    image.setMinDisk(rs.getInt("min_disk"));
    image.setMinRam(rs.getInt("min_ram"));
    image.setDiskFormat(rs.getString("disk_format"));
    image.setContainerFormat(rs.getString("container_format"));
    image.setOwner(rs.getString("owner"));
    image.setLocation(rs.getString("location"));
    image.setCreatedAt(Timestamps.read(rs, "created_at"));
    image.setUpdatedAt(Timestamps.read(rs, "updated_at"));
    image.setDeletedAt(Timestamps.read(rs, "deleted_at"));
    image.setDeleted(rs.getBoolean("deleted"));
    image.setUpload(lease(rs));
    return image;
  }

  /** The upload lease of a row; null when it has none (an image that is not saving, or one left by a version that kept none). */
  private static UploadLease lease(ResultSet rs) throws SQLException {
    String id = rs.getString("upload_id");
    Instant expiresAt = Timestamps.read(rs, "upload_expires_at");
    if (id == null || expiresAt == null) {
      return null;
    }
    String fallback = rs.getString("upload_fallback");
    return new UploadLease(id, rs.getString("upload_owner"), expiresAt,
        fallback == null ? ImageStatus.QUEUED : ImageStatus.fromWire(fallback));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
