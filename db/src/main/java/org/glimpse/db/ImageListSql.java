package org.glimpse.db;

import java.time.LocalDateTime;
import java.util.List;
import org.glimpse.core.image.ImageQuery;

/**
 * The one SELECT that answers a listing: each image's row with its children copy ({@link
 * ChildrenCopy}). Each way the viewer may see images ({@link VisibilitySql}) becomes a branch with
 * the filters ({@link FilterSql}), the keyset bound, the order and the limit of its own; when
 * there are several, their UNION ALL is ordered and limited once more. So every branch reads only
 * what its index finds for the viewer (their images, the public ones, their memberships) and stops
 * after one page: what the viewer may not see is never read, however much of it there is.
 */
final class ImageListSql {
  private ImageListSql() {}

  /**
   * The listing, with memberships and domain shares that expired by {@code now} left out. Where
   * the dialect {@link Dialect#narrowsDerivedUnions narrows derived unions}, the branches give
   * only each image's id and sort keys, and the page's rows are read by id after the cut.
   */
  static SqlBuilder build(ImageQuery query, LocalDateTime now, Dialect dialect) {
    if (query.limit < 0) {
      throw new IllegalArgumentException("negative listing limit: " + query.limit);
    }
    KeysetSql keyset = KeysetSql.of(query.sort);
    List<VisibilitySql.Path> paths = VisibilitySql.paths(query, now);
    SqlBuilder sql = new SqlBuilder();
    if (paths.size() == 1) {
      return appendBranch(sql, paths.get(0), query, keyset, false, dialect);
    }
    boolean narrow = dialect.narrowsDerivedUnions();
    sql.sql("SELECT ").sql(ImageRows.SELECT_COLUMNS_AND_COPY).sql(" FROM (");
    String separator = "(";
    for (VisibilitySql.Path path : paths) {
      appendBranch(sql.sql(separator), path, query, keyset, narrow, dialect).sql(")");
      separator = " UNION ALL (";
    }
    if (narrow) {
      sql.sql(") p JOIN images i ON i.id = p.id");
      keyset.readingKeysOf("p").appendOrderBy(sql);
    } else {
      sql.sql(") i");
      keyset.appendOrderBy(sql);
    }
    return appendLimit(sql, query.limit);
  }

  /** A branch giving the images' columns, or only their ids and sort keys ({@code narrow}). */
  private static SqlBuilder appendBranch(SqlBuilder sql, VisibilitySql.Path path,
      ImageQuery query, KeysetSql keyset, boolean narrow, Dialect dialect) {
    KeysetSql branchKeyset = path.keyset(keyset);
    sql.sql("SELECT ")
        .sql(narrow ? "i.id AS id, " + branchKeyset.keyColumns() : ImageRows.SELECT_COLUMNS_AND_COPY)
        .sql(" FROM images i");
    if (path.index() != null && query.changesSince == null && dialect.takesIndexHints()) {
      sql.sql(" FORCE INDEX (" + path.index() + ")");
    }
    path.appendJoin(sql);
    if (query.changesSince == null) {
      // Glance's listings leave out killed images as well as deleted ones ("deleted": False)
      sql.sql(" WHERE i.deleted = FALSE AND i.status <> 'killed'");
    } else {
      sql.sql(" WHERE i.updated_at > ").param(Timestamps.toDb(query.changesSince));
    }
    path.appendWhere(sql);
    FilterSql.append(sql, query);
    if (query.marker != null) {
      branchKeyset.appendAfter(sql, query.marker);
    }
    branchKeyset.appendOrderBy(sql);
    return appendLimit(sql, query.limit);
  }

  /**
   * The limit is written into the text, not bound: H2 (2.2) applies a bound LIMIT wrongly inside
   * the branches of a UNION in a derived table (each branch returned one row). It is an int.
   */
  private static SqlBuilder appendLimit(SqlBuilder sql, int limit) {
    return sql.sql(" LIMIT " + limit);
  }
}
