package org.glimpse.db;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.VisibilityFilter;
import org.glimpse.core.image.SortKey;
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
 *
 * <p>Glimpse adds two rules: a membership past its expiry is no membership, and a project also
 * holds a membership of every image shared with its Keystone domain — a fourth path, through
 * the domain's shares ({@code image_domain_shares}, indexed by domain and image creation time, so
 * a page of it is read in order and stops early), that leaves out images
 * the project holds a current membership of itself, so it stays disjoint from the third. Its
 * status is the project's own answer if it gave one, else accepted when the project trusts the
 * image's owner, else pending.
 */
final class VisibilitySql {
  private VisibilitySql() {}

  /** One branch of the listing: how images reach the viewer by it. */
  interface Path {
    /** Joins needed after {@code FROM images i}, if any. */
    default void appendJoin(SqlBuilder sql) {}

    /** Conditions appended to the branch's WHERE, each starting with " AND". */
    void appendWhere(SqlBuilder sql);

    /** The branch's order and keyset bound; the listing's own unless the path reads it elsewhere. */
    default KeysetSql keyset(KeysetSql listing) {
      return listing;
    }

    /**
     * The index of images the branch reads in order, where one is the only sensible plan (see
     * {@link Dialect#takesIndexHints}); null to leave the choice to the planner.
     */
    default String index() {
      return null;
    }
  }

  /** The images of one owner, live ones in the default order (migration V12). */
  static final String OWNER_INDEX = "images_owner_deleted_created_at_id_idx";
  /** The images of one visibility, live ones in the default order (migration V12). */
  static final String VISIBILITY_INDEX = "images_visibility_deleted_created_at_id_idx";

  /** A path that reads one range of an index of images. */
  private record IndexedPath(String index, Consumer<SqlBuilder> where)
      implements Path {
    @Override
    public void appendWhere(SqlBuilder sql) {
      where.accept(sql);
    }
  }

  /** The paths for this query; never empty (a query that can list nothing gets one that says so). */
  static List<Path> paths(ImageQuery query, LocalDateTime now) {
    VisibilityFilter filter =
        query.visibility == null ? VisibilityFilter.DEFAULT : query.visibility;
    String viewer = query.viewer;
    if (query.viewerIsAdmin) {
      return List.of(sql -> appendAdminFilter(sql, filter, viewer));
    }
    List<Path> paths = new ArrayList<>();
    if (viewer != null) {
      paths.add(new IndexedPath(OWNER_INDEX, sql -> {
        sql.sql(" AND i.owner = ").param(viewer);
        appendNamed(sql, filter);
      }));
    }
    Set<Visibility> published = EnumSet.of(Visibility.PUBLIC);
    if (filter != VisibilityFilter.DEFAULT) {
      published.add(Visibility.COMMUNITY);
      published.retainAll(named(filter));
    }
    // one path per visibility: each reads its own range of the (visibility, deleted, created_at, id)
    // index in order, where an IN list would make the planner pick an unordered or an unfiltered scan
    for (Visibility one : published) {
      paths.add(new IndexedPath(VISIBILITY_INDEX, sql -> {
        appendNotOwnedBy(sql, viewer);
        sql.sql(" AND i.visibility = " + quoted(EnumSet.of(one)));
      }));
    }
    if (viewer != null && named(filter).contains(Visibility.SHARED)) {
      paths.add(new SharedWith(viewer, query, now));
      if (query.viewerDomain != null) {
        paths.add(new SharedWithDomain(viewer, query.viewerDomain, query, now));
      }
    }
    if (paths.isEmpty()) {
      paths.add(sql -> sql.sql(" AND 1 = 0"));
    }
    return paths;
  }

  /** Shared images on which the viewer holds a membership (of the requested status, if any). */
  private record SharedWith(String viewer, ImageQuery query, LocalDateTime now) implements Path {
    @Override
    public void appendJoin(SqlBuilder sql) {
      // (image_id, member) is unique, so the join adds at most one row per image
      sql.sql(" JOIN image_members m ON m.image_id = i.id AND m.member = ").param(viewer)
          .sql(" AND m.deleted = FALSE AND (m.expires_at IS NULL OR m.expires_at > ").param(now)
          .sql(")");
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

  /**
   * Shared images reaching the viewer through a share with its domain, unless it holds a current
   * membership of its own. (image_id, domain_id), (image_id, member, domain_id) and (consumer,
   * producer) are unique, so the joins add at most one row per image.
   */
  private record SharedWithDomain(String viewer, String domain, ImageQuery query, LocalDateTime now)
      implements Path {
    @Override
    public void appendJoin(SqlBuilder sql) {
      sql.sql(" JOIN image_domain_shares d ON d.image_id = i.id AND d.domain_id = ").param(domain)
          .sql(" AND (d.expires_at IS NULL OR d.expires_at > ").param(now).sql(")")
          .sql(" LEFT JOIN image_domain_answers a ON a.image_id = d.image_id AND a.member = ")
          .param(viewer).sql(" AND a.domain_id = d.domain_id")
          .sql(" LEFT JOIN trusted_producers t ON t.consumer = ").param(viewer)
          .sql(" AND t.producer = i.owner");
    }

    @Override
    public void appendWhere(SqlBuilder sql) {
      appendNotOwnedBy(sql, viewer);
      sql.sql(" AND i.visibility = 'shared'")
          .sql(" AND NOT EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = i.id AND m.member = ")
          .param(viewer)
          .sql(" AND m.deleted = FALSE AND (m.expires_at IS NULL OR m.expires_at > ").param(now)
          .sql("))");
      if (query.memberStatus != null) {
        sql.sql(" AND ").sql(STATUS).sql(" = ").param(query.memberStatus.wire());
      }
    }

    /**
     * The share row holds the image's created_at and id, and its index (domain_id,
     * image_created_at, image_id) is in the default order: ordered and bounded by those columns,
     * the branch walks the domain's shares from the marker on and stops after a page, instead of
     * joining and sorting all of them. Other sorts keep them as tie-breakers.
     */
    @Override
    public KeysetSql keyset(KeysetSql listing) {
      return listing.reading(SortKey.CREATED_AT, "d.image_created_at")
          .reading(SortKey.ID, "d.image_id");
    }
  }

  /** A domain member's status: its answer, else accepted from a trusted producer, else pending. */
  static final String STATUS =
      "COALESCE(a.status, CASE WHEN t.producer IS NULL THEN 'pending' ELSE 'accepted' END)";

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
