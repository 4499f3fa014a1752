package org.glimpse.db;

import java.util.Locale;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.VisibilityFilter;

/**
 * Glance's visibility rules as WHERE conditions. A regular viewer sees their own images, public
 * and community ones, and shared ones on which they hold a membership (of the requested status);
 * an admin sees everything. Then the visibility filter narrows the result: by default others'
 * community images are left out, a named visibility keeps only that one, ALL keeps everything.
 */
final class VisibilitySql {
  private VisibilitySql() {}

  static void append(SqlBuilder sql, ImageQuery query) {
    if (!query.viewerIsAdmin) {
      appendAccess(sql, query);
    }
    VisibilityFilter filter =
        query.visibility == null ? VisibilityFilter.DEFAULT : query.visibility;
    switch (filter) {
      case ALL -> { }
      case DEFAULT -> {
        if (query.viewer == null) {
          sql.sql(" AND i.visibility <> 'community'");
        } else {
          sql.sql(" AND (i.visibility <> 'community' OR i.owner = ").param(query.viewer).sql(")");
        }
      }
      default -> sql.sql(" AND i.visibility = ").param(filter.name().toLowerCase(Locale.ROOT));
    }
  }

  private static void appendAccess(SqlBuilder sql, ImageQuery query) {
    if (query.viewer == null) {
      sql.sql(" AND i.visibility IN ('public', 'community')");
      return;
    }
    // EXISTS rather than a join: one row per image, and the (image_id, member) key answers it
    sql.sql(" AND (i.owner = ").param(query.viewer)
        .sql(" OR i.visibility IN ('public', 'community')")
        .sql(" OR (i.visibility = 'shared' AND EXISTS (SELECT 1 FROM image_members m")
        .sql(" WHERE m.image_id = i.id AND m.deleted = FALSE AND m.member = ").param(query.viewer);
    if (query.memberStatus != null) {
      sql.sql(" AND m.status = ").param(query.memberStatus.wire());
    }
    sql.sql(")))");
  }
}
