package org.glimpse.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Tags, custom properties and locations: read with the images in one statement (one round trip),
 * tags and properties written as differences on update ({@link ImageLocationRows} writes locations).
 */
final class ImageChildren {
  private ImageChildren() {}

  /** A property, tag or location row of one image; put in order in Java ({@link #IN_ORDER}). */
  private record Row(String imageId, int kind, long ord, String key, String value) {}

  /**
   * The order children are applied in: properties, tags (in the order they were added), locations
   * (in their order). The statements carry no ORDER BY: MariaDB would sort the UNION through a
   * temporary table, on disk as soon as a TEXT column (a property value, a location) is in it.
   */
  private static final Comparator<Row> IN_ORDER =
      Comparator.comparingInt(Row::kind).thenComparingLong(Row::ord);

  /** Kinds of rows in a children query ({@link #SELECT_ONE} adds the image itself, kind 0). */
  static final int PROPERTY = 1;
  static final int TAG = 2;
  static final int LOCATION = 3;

  /** The children of the images whose ids follow, one branch per kind, each ending in image_id. */
  private static final List<String> CHILD_BRANCHES = List.of(
      "SELECT image_id, " + PROPERTY + " AS kind, id AS ord, name AS k, value AS v"
          + " FROM image_properties WHERE image_id",
      "SELECT image_id, " + TAG + " AS kind, id AS ord, value AS k, NULL AS v"
          + " FROM image_tags WHERE image_id",
      "SELECT image_id, " + LOCATION + " AS kind, pos AS ord, url AS k, metadata AS v"
          + " FROM image_locations WHERE image_id");

  /**
   * Fills in the tags, properties and locations of the images, whatever their number, with one
   * query (the branches' UNION ALL) or, where the dialect reparses unions, one per kind; the rows
   * are applied in {@link #IN_ORDER}. An image with no location rows keeps the primary location
   * its images row gave.
   */
  static void loadInto(Handle handle, Dialect dialect, Collection<Image> images) {
    if (images.isEmpty()) {
      return;
    }
    Map<String, Image> byId = images.stream()
        .collect(Collectors.toMap(Image::getId, Function.identity(), (a, b) -> a,
            LinkedHashMap::new));
    apply(byId, readChildren(handle, dialect, List.copyOf(byId.keySet())));
  }

  /** The child rows of the images (ids), in no particular order. */
  private static List<Row> readChildren(Handle handle, Dialect dialect, List<String> ids) {
    List<SqlBuilder> queries = new ArrayList<>();
    for (String branch : CHILD_BRANCHES) {
      if (queries.isEmpty() || !dialect.reusesUnions()) {
        queries.add(new SqlBuilder());
      } else {
        queries.get(0).sql(" UNION ALL ");
      }
      queries.get(queries.size() - 1).sql(branch).sql(" IN ").paramList(ids);
    }
    List<Row> rows = new ArrayList<>();
    for (SqlBuilder sql : queries) {
      rows.addAll(sql.bind(handle.createQuery(sql.text()))
          .map((rs, ctx) -> new Row(rs.getString("image_id"), rs.getInt("kind"), rs.getLong("ord"),
              rs.getString("k"), rs.getString("v")))
          .list());
    }
    return rows;
  }

  /** Adds the children rows to their images (by id) in {@link #IN_ORDER}. */
  private static void apply(Map<String, Image> byId, List<Row> children) {
    children.sort(IN_ORDER);
    Map<String, List<ImageLocation>> locations = new HashMap<>();
    for (Row row : children) {
      add(byId.get(row.imageId()), row, locations.computeIfAbsent(row.imageId(), id -> new ArrayList<>()));
    }
    locations.forEach((id, found) -> setLocations(byId.get(id), found));
  }

  /**
   * A page of images ({@code page}, ordered by {@code order}) with their properties, tags and
   * locations: where the dialect {@link Dialect#readsPagesInOneStatement reads pages in one
   * statement}, one reading the page once (a CTE) and its children beside it, the page's rows
   * numbered in the page's order; else the page and then its children, which the caller must
   * read in one snapshot transaction.
   */
  static List<Image> loadPage(Handle handle, Dialect dialect, SqlBuilder page, KeysetSql order) {
    if (!dialect.readsPagesInOneStatement()) {
      List<Image> images = page.bind(handle.createQuery(page.text()))
          .map((rs, ctx) -> ImageRows.map(rs)).list();
      loadInto(handle, dialect, images);
      return images;
    }
    SqlBuilder sql = pageWithChildren(page, order);
    Map<String, Image> byId = new LinkedHashMap<>();
    List<Row> children = new ArrayList<>();
    List<Row> imageOrder = new ArrayList<>();
    sql.bind(handle.createQuery(sql.text())).map((rs, ctx) -> {
      int kind = rs.getInt("kind");
      Row row = new Row(rs.getString("id"), kind, rs.getLong("ord"), rs.getString("k"), rs.getString("v"));
      if (kind == 0) {
        byId.put(row.imageId(), ImageRows.map(rs));
        imageOrder.add(row);
      } else {
        children.add(row);
      }
      return kind;
    }).forEach(kind -> { });
    apply(byId, children);
    imageOrder.sort(IN_ORDER);
    return imageOrder.stream().map(row -> byId.get(row.imageId())).toList();
  }

  /** The one statement of {@link #loadPage} where the dialect reads pages in one statement. */
  static SqlBuilder pageWithChildren(SqlBuilder page, KeysetSql order) {
    SqlBuilder sql = new SqlBuilder().sql("WITH page AS (").append(page)
        .sql(") SELECT 0 AS kind, ROW_NUMBER() OVER (");
    order.appendOrderBy(sql);
    sql.sql(") AS ord, " + ImageRows.SELECT_COLUMNS + ", NULL AS k, NULL AS v FROM page i");
    for (String branch : PAGE_CHILD_BRANCHES) {
      sql.sql(" UNION ALL ").sql(branch);
    }
    return sql;
  }

  /**
   * The children of the images of a CTE named page, as rows of {@link #loadPage}'s union. The ids
   * are one array (computed once) rather than {@code IN (SELECT …)}: as a semi-join PostgreSQL
   * hashes the page and scans each child table whole when a page may be long (limit 1000), which
   * grows with the table; an array of ids is looked up in the image_id indexes.
   */
  private static final List<String> PAGE_CHILD_BRANCHES = List.of(
      "SELECT " + PROPERTY + ", p.id, p.image_id, " + ImageRows.NULL_COLUMNS_BUT_ID
          + ", p.name, p.value FROM image_properties p WHERE p.image_id = ANY(ARRAY(SELECT id FROM page))",
      "SELECT " + TAG + ", t.id, t.image_id, " + ImageRows.NULL_COLUMNS_BUT_ID
          + ", t.value, NULL FROM image_tags t WHERE t.image_id = ANY(ARRAY(SELECT id FROM page))",
      "SELECT " + LOCATION + ", l.pos, l.image_id, " + ImageRows.NULL_COLUMNS_BUT_ID
          + ", l.url, l.metadata FROM image_locations l WHERE l.image_id = ANY(ARRAY(SELECT id FROM page))");

  /**
   * One image's row (kind 0) and its property, tag and location rows, each with the image
   * columns null, in no particular order: as branches, the first of which reads the image.
   */
  private static final List<String> ONE_BRANCHES = List.of(
      "SELECT 0 AS kind, 0 AS ord, " + ImageRows.SELECT_COLUMNS + ", NULL AS k, NULL AS v"
          + " FROM images i WHERE i.id = :id",
      "SELECT " + PROPERTY + " AS kind, p.id AS ord, " + ImageRows.NULL_COLUMNS
          + ", p.name AS k, p.value AS v FROM image_properties p WHERE p.image_id = :id",
      "SELECT " + TAG + " AS kind, t.id AS ord, " + ImageRows.NULL_COLUMNS
          + ", t.value AS k, NULL AS v FROM image_tags t WHERE t.image_id = :id",
      "SELECT " + LOCATION + " AS kind, l.pos AS ord, " + ImageRows.NULL_COLUMNS
          + ", l.url AS k, l.metadata AS v FROM image_locations l WHERE l.image_id = :id");

  /** One image with its properties, tags and locations in one statement (one round trip). */
  static final String SELECT_ONE = String.join(" UNION ALL ", ONE_BRANCHES);

  /**
   * The image {@link #SELECT_ONE} reads, if it exists; where the dialect reparses unions, its
   * branches one by one (and none after the first when there is no such image).
   */
  static Optional<Image> loadOne(Handle handle, Dialect dialect, String id) {
    return readOne(handle, dialect, id).map(OneRead::image);
  }

  /**
   * Reads the image from its row and child tables, as {@link #loadOne}, and writes the copy of its
   * children ({@link ChildrenCopy}) into its row: run in the transaction that changed them, on
   * the row it holds locked.
   */
  static Image reloadAndCopy(Handle handle, Dialect dialect, String id) {
    OneRead read = readOne(handle, dialect, id).orElseThrow(
        () -> new IllegalStateException("image " + id + " vanished inside its own transaction"));
    handle.createUpdate("UPDATE images SET children = ? WHERE id = ?")
        .bind(0, copyOf(read.image(), read.children())).bind(1, id).execute();
    return read.image();
  }

  /** An image read with {@link #SELECT_ONE}, and its child rows in {@link #IN_ORDER}. */
  private record OneRead(Image image, List<Row> children) {}

  private static Optional<OneRead> readOne(Handle handle, Dialect dialect, String id) {
    Image[] image = new Image[1];
    List<Row> children = new ArrayList<>();
    for (String sql : dialect.reusesUnions() ? List.of(SELECT_ONE) : ONE_BRANCHES) {
      handle.createQuery(sql).bind("id", id).map((rs, ctx) -> {
        int kind = rs.getInt("kind");
        if (kind == 0) {
          image[0] = ImageRows.map(rs);
        } else {
          children.add(new Row(id, kind, rs.getLong("ord"), rs.getString("k"), rs.getString("v")));
        }
        return kind;
      }).forEach(kind -> { });
      if (image[0] == null) {
        return Optional.empty();
      }
    }
    apply(Map.of(id, image[0]), children);
    return Optional.of(new OneRead(image[0], children));
  }

  /**
   * The copy of an image's children as its rows give them: the tags and properties it was given
   * from them, and the location rows themselves (not the primary location an image without any
   * takes from its row).
   */
  private static String copyOf(Image image, List<Row> children) {
    List<ImageLocation> locations = children.stream().filter(row -> row.kind() == LOCATION)
        .map(row -> new ImageLocation(row.key(), row.value())).toList();
    return ChildrenCopy.write(image.getProperties(), image.getTags(), locations);
  }

  /** An image read from its row alone, and whether its children copy was there to complete it. */
  record FromCopy(Image image, boolean complete) {}

  /** The one image's row with its children copy: one statement, one row. */
  private static final String SELECT_ONE_WITH_COPY =
      "SELECT " + ImageRows.SELECT_COLUMNS_AND_COPY + " FROM images i WHERE i.id = ?";

  /** The image as its row and children copy give it, if there is such a row. */
  static Optional<FromCopy> loadOneFromCopy(Handle handle, String id) {
    return handle.createQuery(SELECT_ONE_WITH_COPY).bind(0, id)
        .map((rs, ctx) -> fromCopy(ImageRows.map(rs), rs.getString("children"))).findOne();
  }

  /**
   * A page of images as the listing statement ({@link ImageListSql}, which selects the copies)
   * gives them, in its order: one statement, so one state of each image. Empty where an image
   * has no usable copy; the caller then reads the page with {@link #loadPage}.
   */
  static Optional<List<Image>> loadPageFromCopies(Handle handle, SqlBuilder page) {
    List<FromCopy> rows = page.bind(handle.createQuery(page.text()))
        .map((rs, ctx) -> fromCopy(ImageRows.map(rs), rs.getString("children"))).list();
    if (!rows.stream().allMatch(FromCopy::complete)) {
      return Optional.empty();
    }
    return Optional.of(rows.stream().map(FromCopy::image).toList());
  }

  private static FromCopy fromCopy(Image image, String copy) {
    return new FromCopy(image, ChildrenCopy.fill(image, copy));
  }

  /**
   * Writes the children copy of those of the images (ids) whose copy was never written, from their
   * child tables, each row locked first so that no writer changes the children meanwhile. Returns
   * how many were written. Run inside a transaction.
   */
  static int fillMissingCopies(Handle handle, Dialect dialect, List<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    SqlBuilder lock = new SqlBuilder().sql("SELECT " + ImageRows.SELECT_COLUMNS
        + " FROM images i WHERE i.children IS NULL AND i.id IN ").paramList(ids).sql(" FOR UPDATE");
    List<Image> images = lock.bind(handle.createQuery(lock.text()))
        .map((rs, ctx) -> ImageRows.map(rs)).list();
    if (images.isEmpty()) {
      return 0;
    }
    Map<String, Image> byId = images.stream()
        .collect(Collectors.toMap(Image::getId, Function.identity()));
    List<Row> rows = readChildren(handle, dialect, List.copyOf(byId.keySet()));
    apply(byId, rows); // puts the rows in IN_ORDER too, which the grouping keeps
    Map<String, List<Row>> rowsById = rows.stream().collect(Collectors.groupingBy(Row::imageId));
    PreparedBatch batch = handle.prepareBatch("UPDATE images SET children = ? WHERE id = ?");
    byId.forEach((id, image) -> batch
        .bind(0, copyOf(image, rowsById.getOrDefault(id, List.of()))).bind(1, id).add());
    batch.execute();
    return images.size();
  }

  private static void add(Image image, Row row, List<ImageLocation> locations) {
    switch (row.kind()) {
      case TAG -> image.getTags().add(row.key());
      case LOCATION -> locations.add(new ImageLocation(row.key(), row.value()));
      default -> image.getProperties().put(row.key(), row.value());
    }
  }

  /** An image without location rows keeps the primary location of its images row. */
  private static void setLocations(Image image, List<ImageLocation> locations) {
    if (!locations.isEmpty()) {
      image.setLocations(locations);
    }
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
