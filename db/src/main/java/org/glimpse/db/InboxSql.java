package org.glimpse.db;

import java.time.LocalDateTime;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SharedWithMe;

/**
 * The inbox as one statement: the project's own current memberships and the shares with its
 * domain that it holds no membership of itself (so no image is listed twice), both limited to
 * shared, live images of other owners, as one UNION ALL that the page is cut from. Each branch
 * reads one index: the membership index by member, the domain shares' index by domain.
 */
final class InboxSql {
  private InboxSql() {}

  static final String COLUMNS =
      "x.image_id, x.image_name, x.producer, x.status, x.domain_id, x.shared_at, x.updated_at, x.expires_at";

  /** {@code SELECT <COLUMNS> FROM (union) x WHERE 1 = 1}; the caller appends conditions. */
  static SqlBuilder select(String selectList, String project, String domain, LocalDateTime now) {
    SqlBuilder sql = new SqlBuilder().sql("SELECT ").sql(selectList).sql(" FROM (");
    sql.sql("SELECT i.id AS image_id, i.name AS image_name, i.owner AS producer, m.status AS status,"
            + " NULL AS domain_id, m.created_at AS shared_at, m.updated_at AS updated_at,"
            + " m.expires_at AS expires_at"
            + " FROM image_members m JOIN images i ON i.id = m.image_id WHERE m.member = ")
        .param(project)
        .sql(" AND m.deleted = FALSE AND (m.expires_at IS NULL OR m.expires_at > ").param(now).sql(")");
    appendImage(sql, project);
    if (domain != null) {
      sql.sql(" UNION ALL SELECT i.id, i.name, i.owner, ").sql(VisibilitySql.STATUS)
          .sql(", d.domain_id, d.created_at, COALESCE(a.updated_at, d.created_at), d.expires_at"
              + " FROM image_domain_shares d JOIN images i ON i.id = d.image_id"
              + " LEFT JOIN image_domain_answers a ON a.image_id = d.image_id AND a.member = ")
          .param(project)
          .sql(" AND a.domain_id = d.domain_id LEFT JOIN trusted_producers t ON t.consumer = ")
          .param(project)
          .sql(" AND t.producer = i.owner WHERE d.domain_id = ").param(domain)
          .sql(" AND (d.expires_at IS NULL OR d.expires_at > ").param(now).sql(")")
          .sql(" AND NOT EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = i.id AND m.member = ")
          .param(project)
          .sql(" AND m.deleted = FALSE AND (m.expires_at IS NULL OR m.expires_at > ").param(now).sql("))");
      appendImage(sql, project);
    }
    return sql.sql(") x WHERE 1 = 1");
  }

  private static void appendImage(SqlBuilder sql, String project) {
    sql.sql(" AND i.deleted = FALSE AND i.visibility = 'shared' AND (i.owner IS NULL OR i.owner <> ")
        .param(project).sql(")");
  }

  static SqlBuilder page(String project, String domain, LocalDateTime now, MemberStatus status,
      SharedWithMe after, int limit) {
    SqlBuilder sql = select(COLUMNS, project, domain, now);
    if (status != null) {
      sql.sql(" AND x.status = ").param(status.wire());
    }
    if (after != null) {
      LocalDateTime at = Timestamps.toDb(after.sharedAt());
      sql.sql(" AND (x.shared_at > ").param(at).sql(" OR (x.shared_at = ").param(at)
          .sql(" AND x.image_id > ").param(after.imageId()).sql("))");
    }
    return sql.sql(" ORDER BY x.shared_at, x.image_id LIMIT " + limit);
  }
}
