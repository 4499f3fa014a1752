package org.glimpse.db;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.ProjectUsage;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.time.ImageClock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Images in the images, image_tags and image_properties tables. Instants are kept to the
 * microsecond. {@link #update} locks the image's row and writes what its change altered, every
 * field (the upload lease included) but deleted and deleted_at, which only {@link #delete} and
 * {@link #markPendingDelete} change; {@link #renewUpload} moves only a lease's deadline.
 */
final class JdbcImageRepository implements ImageRepository {
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final LockingTransactions transactions;
  private final ImageClock clock;
  private final StorageReservationSql reservations;
  private final SnapshotReads snapshots;

  JdbcImageRepository(Jdbi jdbi, Dialect dialect, ImageClock clock) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.transactions = new LockingTransactions(jdbi, dialect);
    this.clock = clock;
    this.reservations = new StorageReservationSql(jdbi, dialect, transactions);
    this.snapshots = new SnapshotReads(jdbi, dialect);
  }

  @Override
  public void create(Image image) {
    requireTimestamps(image);
    try {
      if (image.getTags().isEmpty() && image.getProperties().isEmpty() && image.getLocations().isEmpty()) {
        // one statement is atomic by itself: one round trip, no BEGIN/COMMIT
        jdbi.useHandle(handle -> ImageRows.bindInsert(handle.createUpdate(ImageRows.INSERT), image).execute());
      } else {
        jdbi.useTransaction(handle -> {
          ImageRows.bindInsert(handle.createUpdate(ImageRows.INSERT), image).execute();
          ImageChildren.insert(handle, image);
          ImageLocationRows.insert(handle, image);
        });
      }
    } catch (RuntimeException e) {
      if (SqlErrors.causedBy(e, dialect::isUniqueViolation)) {
        throw new ConflictException("An image with identifier " + image.getId()
            + " already exists", e);
      }
      throw e;
    }
  }

  @Override
  public Optional<Image> find(String id) {
    return findIncludingDeleted(id).filter(image -> !image.isDeleted());
  }

  @Override
  public Optional<Image> findIncludingDeleted(String id) {
    Optional<ImageChildren.FromCopy> fromCopy =
        jdbi.withHandle(handle -> ImageChildren.loadOneFromCopy(handle, id));
    if (fromCopy.isEmpty() || fromCopy.get().complete()) {
      return fromCopy.map(ImageChildren.FromCopy::image);
    }
    return read(dialect.reusesUnions(), handle -> load(handle, dialect, id));
  }

  /**
   * Runs a read that must see one state of the images: as it is when it is one statement
   * ({@code oneStatement}), else as a {@link SnapshotReads snapshot read}.
   */
  private <T> T read(boolean oneStatement, HandleCallback<T, RuntimeException> reading) {
    return oneStatement ? jdbi.withHandle(reading) : snapshots.read(reading);
  }

  @Override
  public Image update(String id, ImageMutation change) {
    return transactions.inTransaction(id, handle -> {
      Image image = handle.createQuery(ImageRows.SELECT_LIVE_FOR_UPDATE)
          .bind(0, id)
          .map((rs, ctx) -> ImageRows.map(rs))
          .findOne()
          .orElseThrow(() -> notFound(id));
      ImageChildren.loadInto(handle, dialect, List.of(image));
      Image before = image.copy();
      change.apply(image);
      requireTimestamps(image);

      boolean fieldsChanged = !ImageRows.sameFields(before, image);
      if (fieldsChanged) {
        ImageRows.bindUpdate(handle.createUpdate(ImageRows.UPDATE), id, image).execute();
      }
      boolean childrenChanged = ImageChildren.writeChanges(handle, id, before, image);
      childrenChanged |= ImageLocationRows.writeChanges(handle, id, before, image);
      // reread rather than trust the changed copy: stored instants are cut to the microsecond
      if (childrenChanged) {
        return ImageChildren.reloadAndCopy(handle, dialect, id);
      }
      return fieldsChanged ? load(handle, dialect, id).orElseThrow() : before;
    });
  }

  @Override
  public void delete(String id, Instant when) {
    transactions.inTransaction(id, handle -> {
      softDelete(handle, id, when, ImageStatus.DELETED, "");
      return null;
    });
  }

  @Override
  public boolean deleteWithoutData(String id, Instant when) {
    return transactions.inTransaction(id, handle -> {
      if (softDelete(handle, id, when, ImageStatus.DELETED, " AND location IS NULL")) {
        return true;
      }
      boolean exists = handle.createQuery("SELECT COUNT(*) FROM images WHERE id = ? AND deleted = FALSE")
          .bind(0, id).mapTo(Integer.class).one() > 0;
      if (!exists) {
        throw notFound(id);
      }
      return false;
    });
  }

  @Override
  public void markPendingDelete(String id, Instant when) {
    transactions.inTransaction(id, handle -> {
      ImageStatus status = handle
          .createQuery("SELECT status FROM images WHERE id = ? AND deleted = FALSE FOR UPDATE")
          .bind(0, id)
          .mapTo(String.class)
          .findOne()
          .map(ImageStatus::fromWire)
          .orElseThrow(() -> notFound(id));
      if (status != ImageStatus.ACTIVE && status != ImageStatus.DEACTIVATED) {
        throw new ConflictException("Image " + id + " is " + status.wire()
            + "; only an active or deactivated image can be marked pending_delete");
      }
      softDelete(handle, id, when, ImageStatus.PENDING_DELETE, "");
      return null;
    });
  }

  @Override
  public List<Image> findPendingDelete(Instant deletedBy, String afterId, int limit) {
    SqlBuilder sql = new SqlBuilder()
        .sql("SELECT " + ImageRows.SELECT_COLUMNS + " FROM images i")
        .sql(" WHERE i.status = 'pending_delete' AND i.deleted = TRUE AND i.deleted_at <= ")
        .param(Timestamps.toDb(deletedBy));
    if (afterId != null) {
      sql.sql(" AND i.id > ").param(afterId);
    }
    sql.sql(" ORDER BY i.id LIMIT " + limit);
    return jdbi.withHandle(handle -> {
      List<Image> page = sql.bind(handle.createQuery(sql.text()))
          .map((rs, ctx) -> ImageRows.map(rs)).list();
      ImageChildren.loadInto(handle, dialect, page);
      return page;
    });
  }

  @Override
  public boolean completeDelete(String id, Instant when) {
    return jdbi.withHandle(handle -> handle
        .createUpdate("UPDATE images SET status = 'deleted', updated_at = ?"
            + " WHERE id = ? AND status = 'pending_delete'")
        .bind(0, Timestamps.toDb(when)).bind(1, id).execute()) == 1;
  }

  /**
   * Soft-deletes the image and ends its memberships if the row is not deleted and matches
   * {@code condition} (SQL appended to the WHERE clause); false when it does not match.
   */
  private static boolean softDelete(Handle handle, String id, Instant when, ImageStatus status, String condition) {
    LocalDateTime at = Timestamps.toDb(when);
    int rows = handle.createUpdate("UPDATE images SET deleted = TRUE, status = ?,"
            + " deleted_at = ?, updated_at = ? WHERE id = ? AND deleted = FALSE" + condition)
        .bind(0, status.wire()).bind(1, at).bind(2, at).bind(3, id).execute();
    if (rows == 0) {
      if (condition.isEmpty()) {
        throw notFound(id);
      }
      return false;
    }
    handle.createUpdate("UPDATE image_members SET deleted = TRUE, deleted_at = ?, updated_at = ?"
            + " WHERE image_id = ? AND deleted = FALSE")
        .bind(0, at).bind(1, at).bind(2, id).execute();
    return true;
  }

  @Override
  public List<Image> list(ImageQuery query) {
    SqlBuilder page = ImageListSql.build(query, Timestamps.toDb(clock.now()), dialect);
    KeysetSql order = KeysetSql.of(query.sort);
    return jdbi.withHandle(handle -> ImageChildren.loadPageFromCopies(handle, page))
        .orElseGet(() -> read(dialect.readsPagesInOneStatement(),
            handle -> ImageChildren.loadPage(handle, dialect, page, order)));
  }

  /** Like Glance, counts only images whose data is stored (they have a location). */
  @Override
  public long storageUsedBy(String owner, String excludingImageId) {
    SqlBuilder sql = new SqlBuilder()
        .sql("SELECT COALESCE(SUM(size), 0) FROM images WHERE deleted = FALSE AND size > 0")
        .sql(" AND location IS NOT NULL")
        .sql(" AND status NOT IN ('killed', 'deleted', 'pending_delete')");
    if (owner == null) {
      sql.sql(" AND owner IS NULL");
    } else {
      sql.sql(" AND owner = ").param(owner);
    }
    if (excludingImageId != null) {
      sql.sql(" AND id <> ").param(excludingImageId);
    }
    return jdbi.withHandle(handle ->
        sql.bind(handle.createQuery(sql.text())).mapTo(Long.class).one());
  }

  /**
   * Glance's four quota counts in one pass over the owner's rows (the owner index): staged data is
   * an uploading or importing image's location, everything else with data and a live status is
   * stored.
   */
  @Override
  public ProjectUsage usageOf(String owner) {
    if (owner == null) {
      return ProjectUsage.NONE;
    }
    return jdbi.withHandle(handle -> handle.createQuery("SELECT"
            + " COALESCE(SUM(CASE WHEN status NOT IN ('uploading', 'importing') AND location IS NOT NULL"
            + " AND size > 0 THEN size ELSE 0 END), 0),"
            + " COALESCE(SUM(CASE WHEN status IN ('uploading', 'importing') AND location IS NOT NULL"
            + " AND size > 0 THEN size ELSE 0 END), 0),"
            + " COUNT(*),"
            + " COALESCE(SUM(CASE WHEN status IN ('saving', 'uploading', 'importing') THEN 1 ELSE 0 END), 0)"
            + " FROM images WHERE owner = ? AND deleted = FALSE"
            + " AND status NOT IN ('killed', 'deleted', 'pending_delete')")
        .bind(0, owner)
        .map((rs, c) -> new ProjectUsage(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
        .one());
  }

  @Override
  public boolean reserveStorage(String owner, String imageId, String uploadId, long bytes, long quota,
      boolean countStaged) {
    return reservations.reserve(owner, imageId, uploadId, bytes, quota, countStaged);
  }

  @Override
  public boolean reserveStaging(String owner, String imageId, String uploadId, long bytes, long quota) {
    return reservations.reserveStaging(owner, imageId, uploadId, bytes, quota);
  }

  @Override
  public <T> T underOwnerLock(String owner, java.util.function.Supplier<T> work) {
    return reservations.underOwnerLock(owner, work);
  }

  @Override
  public void releaseStorage(String uploadId) {
    reservations.release(uploadId);
  }

  /** The image with its tags, properties and locations, in one round trip where it counts. */
  private static Optional<Image> load(Handle handle, Dialect dialect, String id) {
    return ImageChildren.loadOne(handle, dialect, id);
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("No image found with ID " + id);
  }

  private static void requireTimestamps(Image image) {
    if (image.getId() == null || image.getCreatedAt() == null || image.getUpdatedAt() == null) {
      throw new IllegalArgumentException(
          "an image needs an id, created_at and updated_at to be stored: " + image.getId());
    }
  }

  @Override
  public boolean renewUpload(String id, String uploadId, Instant expiresAt) {
    return jdbi.withHandle(handle -> handle
        .createUpdate("UPDATE images SET upload_expires_at = ?"
            + " WHERE id = ? AND upload_id = ? AND status IN ('saving', 'uploading') AND deleted = FALSE")
        .bind(0, Timestamps.toDb(expiresAt)).bind(1, id).bind(2, uploadId).execute()) == 1;
  }

  @Override
  public List<Image> findExpiredUploads(Instant now, Instant unleasedBefore, String afterId, int limit) {
    SqlBuilder sql = new SqlBuilder()
        .sql("SELECT " + ImageRows.SELECT_COLUMNS + " FROM images i")
        .sql(" WHERE (i.status = 'saving' OR (i.status = 'uploading' AND i.upload_id IS NOT NULL))")
        .sql(" AND i.deleted = FALSE AND (i.upload_expires_at < ")
        .param(Timestamps.toDb(now))
        .sql(" OR (i.upload_expires_at IS NULL AND i.updated_at < ")
        .param(Timestamps.toDb(unleasedBefore))
        .sql("))");
    if (afterId != null) {
      sql.sql(" AND i.id > ").param(afterId);
    }
    sql.sql(" ORDER BY i.id LIMIT " + limit);
    return jdbi.withHandle(handle -> {
      List<Image> page = sql.bind(handle.createQuery(sql.text()))
          .map((rs, ctx) -> ImageRows.map(rs)).list();
      ImageChildren.loadInto(handle, dialect, page);
      return page;
    });
  }

  @Override
  public List<DataState> dataStates(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    // one row per location (or one for an image without any): the join keeps it one statement
    SqlBuilder sql = new SqlBuilder()
        .sql("SELECT i.id, i.status, i.location, i.upload_id, l.url FROM images i")
        .sql(" LEFT JOIN image_locations l ON l.image_id = i.id WHERE i.id IN ").paramList(ids)
        .sql(" ORDER BY i.id, l.pos");
    record Row(String id, String status, String location, String uploadId, String url) {}
    List<Row> rows = jdbi.withHandle(handle -> sql.bind(handle.createQuery(sql.text()))
        .map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("status"), rs.getString("location"),
            rs.getString("upload_id"), rs.getString("url")))
        .list());
    Map<String, List<Row>> byImage = new LinkedHashMap<>();
    rows.forEach(row -> byImage.computeIfAbsent(row.id(), k -> new ArrayList<>()).add(row));
    List<DataState> states = new ArrayList<>();
    byImage.forEach((id, imageRows) -> {
      Row first = imageRows.get(0);
      Set<String> locations = new LinkedHashSet<>();
      if (first.location() != null) {
        locations.add(first.location());
      }
      imageRows.stream().map(Row::url).filter(Objects::nonNull).forEach(locations::add);
      states.add(new DataState(id, ImageStatus.fromWire(first.status()), List.copyOf(locations),
          first.uploadId()));
    });
    return states;
  }
}
