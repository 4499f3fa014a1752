package org.glimpse.db;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.VisibilityFilter;
import org.glimpse.core.image.Visibility;

/**
 * Glance's visibility rules as the ways ("paths") by which an image reaches a listing. A regular
 * viewer sees their own images, others' public (and, when asked, community) images, and shared
 * images on which they hold a membership of the requested status; an anonymous viewer only
 * public and community images; an admin everything. Then the visibility filter narrows it: by
 * default others' community images are left out, a named visibility keeps only that one, ALL
 * keeps everything.
 *
 * <p>Why paths rather than one WHERE with ORDER: {@code owner = ? OR visibility = 'public' OR
 * EXISTS (membership)} cannot be answered from one index, so the database walks the sort index
 * and throws away every image the viewer may not see — its cost grows with the images of other
 * projects. Each path alone is an index lookup (owner; visibility; the viewer's memberships), so
 * {@link ImageListSql} runs them as UNION ALL branches, each already ordered and limited. The
 * paths are disjoint (others' images only in the second and third, and no image is both public
 * and shared), so no row is listed twice.
 */
final class VisibilitySql {
  private VisibilitySql() {}

  /** One branch of the listing: how images reach the viewer by it. */
  interface Path {
    /** Joins needed after {@code FROM images i}, if any. */
    default void appendJoin(SqlBuilder sql) {}

    /** Conditions appended to the branch's WHERE, each starting with " AND". */
    void appendWhere(SqlBuilder sql);
  }

  /** The paths for this query; never empty (a query that can list nothing gets one that says so). */
  static List<Path> paths(ImageQuery query) {
    VisibilityFilter filter =
        query.visibility == null ? VisibilityFilter.DEFAULT : query.visibility;
    String viewer = query.viewer;
    if (query.viewerIsAdmin) {
      return List.of(sql -> appendAdminFilter(sql, filter, viewer));
    }
    List<Path> paths = new ArrayList<>();
    if (viewer != null) {
      paths.add(sql -> {
        sql.sql(" AND i.owner = ").param(viewer);
        appendNamed(sql, filter);
      });
    }
    Set<Visibility> published = EnumSet.of(Visibility.PUBLIC);
    if (filter != VisibilityFilter.DEFAULT) {
      published.add(Visibility.COMMUNITY);
      published.retainAll(named(filter));
    }
    if (!published.isEmpty()) {
      paths.add(sql -> {
        appendNotOwnedBy(sql, viewer);
        sql.sql(published.size() == 1 ? " AND i.visibility = " + quoted(published)
            : " AND i.visibility IN (" + quoted(published) + ")");
      });
    }
    if (viewer != null && named(filter).contains(Visibility.SHARED)) {
      paths.add(new SharedWith(viewer, query));
    }
    if (paths.isEmpty()) {
      paths.add(sql -> sql.sql(" AND 1 = 0"));
    }
    return paths;
  }

  /** Shared images on which the viewer holds a membership (of the requested status, if any). */
  private record SharedWith(String viewer, ImageQuery query) implements Path {
    @Override
    public void appendJoin(SqlBuilder sql) {
      // (image_id, member) is unique, so the join adds at most one row per image
      sql.sql(" JOIN image_members m ON m.image_id = i.id AND m.member = ").param(viewer)
          .sql(" AND m.deleted = FALSE");
      if (query.memberStatus != null) {
        sql.sql(" AND m.status = ").param(query.memberStatus.wire());
      }
    }

    @Override
    public void appendWhere(SqlBuilder sql) {
      appendNotOwnedBy(sql, viewer);
      sql.sql(" AND i.visibility = 'shared'");
    }
  }

  /** The visibilities a filter admits; DEFAULT and ALL admit every one. */
  private static Set<Visibility> named(VisibilityFilter filter) {
    return switch (filter) {
      case DEFAULT, ALL -> EnumSet.allOf(Visibility.class);
      case PUBLIC -> EnumSet.of(Visibility.PUBLIC);
      case PRIVATE -> EnumSet.of(Visibility.PRIVATE);
      case SHARED -> EnumSet.of(Visibility.SHARED);
      case COMMUNITY -> EnumSet.of(Visibility.COMMUNITY);
    };
  }

  private static void appendNamed(SqlBuilder sql, VisibilityFilter filter) {
    if (filter != VisibilityFilter.DEFAULT && filter != VisibilityFilter.ALL) {
      sql.sql(" AND i.visibility = ").param(filter.name().toLowerCase(Locale.ROOT));
    }
  }

  private static void appendAdminFilter(SqlBuilder sql, VisibilityFilter filter, String viewer) {
    if (filter != VisibilityFilter.DEFAULT) {
      appendNamed(sql, filter);
    } else if (viewer == null) {
      sql.sql(" AND i.visibility <> 'community'");
    } else {
      sql.sql(" AND (i.visibility <> 'community' OR i.owner = ").param(viewer).sql(")");
    }
  }

  /** Images of other projects (ownerless ones included); everything for an anonymous viewer. */
  private static void appendNotOwnedBy(SqlBuilder sql, String viewer) {
    if (viewer != null) {
      sql.sql(" AND (i.owner IS NULL OR i.owner <> ").param(viewer).sql(")");
    }
  }

  private static String quoted(Set<Visibility> visibilities) {
    return visibilities.stream().map(v -> "'" + v.wire() + "'").collect(Collectors.joining(", "));
  }
}
