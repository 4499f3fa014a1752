package org.glimpse.db;

import java.util.ArrayList;
import java.util.List;
import org.glimpse.core.metadef.NamespaceQuery;

/**
 * One page of a namespace listing as one statement: the caller's visibility (admin: all; others:
 * public and owner-less namespaces and their own), the filters, the sort key with created_at and
 * id as tie-breakers, and a keyset bound after the marker row (joined by name, so its id is the
 * database's own).
 */
record NamespaceListSql(String text, List<Object> args) {
  static final String NS_COLUMNS = "n.namespace, n.display_name, n.description, n.visibility,"
      + " n.protected, n.owner, n.created_at, n.updated_at";

  static NamespaceListSql of(NamespaceQuery q) {
    StringBuilder sql = new StringBuilder("SELECT " + NS_COLUMNS + " FROM metadef_namespaces n");
    List<Object> args = new ArrayList<>();
    if (q.marker() != null) {
      sql.append(" CROSS JOIN (SELECT * FROM metadef_namespaces WHERE namespace = ?) m");
      args.add(q.marker().name());
    }
    sql.append(" WHERE 1 = 1");
    if (!q.admin()) {
      if (q.viewer() == null) {
        sql.append(" AND (n.visibility = 'public' OR n.owner IS NULL)");
      } else {
        sql.append(" AND (n.visibility = 'public' OR n.owner IS NULL OR n.owner = ?)");
        args.add(q.viewer());
      }
    }
    if (q.visibility() != null) {
      sql.append(" AND n.visibility = ?");
      args.add(q.visibility());
    }
    if (!q.resourceTypes().isEmpty()) {
      sql.append(" AND n.id IN (SELECT a.namespace_id FROM metadef_namespace_resource_types a"
          + " JOIN metadef_resource_types r ON r.id = a.resource_type_id WHERE r.name IN (");
      for (int i = 0; i < q.resourceTypes().size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        args.add(q.resourceTypes().get(i));
      }
      sql.append("))");
    }
    String key = sortColumn(q.sortKey());
    String op = q.ascending() ? ">" : "<";
    if (q.marker() != null) {
      String n = key.replace("%", "n");
      String m = key.replace("%", "m");
      sql.append(" AND (").append(n).append(' ').append(op).append(' ').append(m)
          .append(" OR (").append(n).append(" = ").append(m).append(" AND (n.created_at ").append(op)
          .append(" m.created_at OR (n.created_at = m.created_at AND n.id ").append(op).append(" m.id))))");
    }
    String dir = q.ascending() ? " ASC" : " DESC";
    sql.append(" ORDER BY ").append(key.replace("%", "n")).append(dir)
        .append(", n.created_at").append(dir).append(", n.id").append(dir)
        .append(" LIMIT ").append(Math.max(0, q.limit()));
    return new NamespaceListSql(sql.toString(), args);
  }

  /** The sort column with % for the table alias; nullable text sorts as empty. */
  private static String sortColumn(String key) {
    return switch (key) {
      case "namespace" -> "%.namespace";
      case "display_name" -> "COALESCE(%.display_name, '')";
      case "owner" -> "COALESCE(%.owner, '')";
      case "visibility" -> "%.visibility";
      case "protected" -> "%.protected";
      case "updated_at" -> "%.updated_at";
      default -> "%.created_at";
    };
  }
}
