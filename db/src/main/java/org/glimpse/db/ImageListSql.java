package org.glimpse.db;

import org.glimpse.core.image.ImageQuery;

/**
 * The one SELECT that answers a listing: who may see what ({@link VisibilitySql}), the filters
 * ({@link FilterSql}), then the keyset page ({@link KeysetSql}).
 */
final class ImageListSql {
  private ImageListSql() {}

  static SqlBuilder build(ImageQuery query) {
    if (query.limit < 0) {
      throw new IllegalArgumentException("negative listing limit: " + query.limit);
    }
    SqlBuilder sql = new SqlBuilder()
        .sql("SELECT ").sql(ImageRows.SELECT_COLUMNS).sql(" FROM images i WHERE ");
    if (query.changesSince == null) {
      // Glance's listings leave out killed images as well as deleted ones ("deleted": False)
      sql.sql("i.deleted = FALSE AND i.status <> 'killed'");
    } else {
      sql.sql("i.updated_at > ").param(Timestamps.toDb(query.changesSince));
    }
    VisibilitySql.append(sql, query);
    FilterSql.append(sql, query);
    KeysetSql keyset = KeysetSql.of(query.sort);
    if (query.marker != null) {
      keyset.appendAfter(sql, query.marker);
    }
    keyset.appendOrderBy(sql);
    return sql.sql(" LIMIT ").param(query.limit);
  }
}
