package org.glimpse.db;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery.Sort;
import org.glimpse.core.image.SortKey;

/**
 * Sort order and "rows after the marker" for keyset pagination. The requested keys are followed by
 * created_at and id (in the direction of the first key, descending by default, as Glance does), so
 * the order is total. Nullable columns sort as their lowest value: NULL names and formats as '',
 * NULL sizes as -1, identically in ORDER BY and in the marker predicate and on every database.
 */
final class KeysetSql {
  private final List<Sort> order;
  /** Columns read instead of the image's own for some keys (equal to them, row by row). */
  private final Map<SortKey, String> columns;

  private KeysetSql(List<Sort> order, Map<SortKey, String> columns) {
    this.order = order;
    this.columns = columns;
  }

  static KeysetSql of(List<Sort> requested) {
    boolean tieBreakAscending = !requested.isEmpty() && requested.get(0).ascending();
    List<Sort> order = new ArrayList<>();
    Set<SortKey> seen = EnumSet.noneOf(SortKey.class);
    for (Sort sort : requested) {
      if (seen.add(sort.key())) {
        order.add(sort);
      }
    }
    for (SortKey tieBreaker : List.of(SortKey.CREATED_AT, SortKey.ID)) {
      if (seen.add(tieBreaker)) {
        order.add(new Sort(tieBreaker, tieBreakAscending));
      }
    }
    return new KeysetSql(order, Map.of());
  }

  /**
   * The same order and bound, with {@code key} read from {@code column} — a column of a joined
   * table that holds the image's value of that key on every row — so that an index of that table
   * can give the branch its order and bound, and the database stop after a page.
   */
  KeysetSql reading(SortKey key, String column) {
    Map<SortKey, String> with = new EnumMap<>(SortKey.class);
    with.putAll(columns);
    with.put(key, column);
    return new KeysetSql(order, with);
  }

  /** The sort keys as select-list items named {@code sk0}, {@code sk1}, … in the order's order. */
  String keyColumns() {
    StringBuilder list = new StringBuilder();
    for (int k = 0; k < order.size(); k++) {
      list.append(k == 0 ? "" : ", ").append(expression(order.get(k).key())).append(" AS sk").append(k);
    }
    return list.toString();
  }

  /** The same order, read from the {@link #keyColumns} of the derived table {@code alias}. */
  KeysetSql readingKeysOf(String alias) {
    KeysetSql derived = this;
    for (int k = 0; k < order.size(); k++) {
      derived = derived.reading(order.get(k).key(), alias + ".sk" + k);
    }
    return derived;
  }

  /** The effective order, tie-breakers included. */
  List<Sort> order() {
    return order;
  }

  void appendOrderBy(SqlBuilder sql) {
    String separator = " ORDER BY ";
    for (Sort sort : order) {
      sql.sql(separator).sql(expression(sort.key())).sql(sort.ascending() ? " ASC" : " DESC");
      separator = ", ";
    }
  }

  /**
   * Keeps rows that come after the marker: (k1 beyond m1) OR (k1 = m1 AND k2 beyond m2) OR …,
   * "beyond" meaning greater when ascending and less when descending.
   */
  void appendAfter(SqlBuilder sql, Image marker) {
    // Implied by the OR below, but only this form lets the database range-scan an index on k1.
    Sort first = order.get(0);
    sql.sql(" AND ").sql(expression(first.key())).sql(first.ascending() ? " >= " : " <= ")
        .param(value(first.key(), marker));
    sql.sql(" AND (");
    for (int i = 0; i < order.size(); i++) {
      sql.sql(i == 0 ? "(" : " OR (");
      for (int j = 0; j < i; j++) {
        SortKey key = order.get(j).key();
        sql.sql(expression(key)).sql(" = ").param(value(key, marker)).sql(" AND ");
      }
      Sort sort = order.get(i);
      sql.sql(expression(sort.key())).sql(sort.ascending() ? " > " : " < ")
          .param(value(sort.key(), marker)).sql(")");
    }
    sql.sql(")");
  }

  private String expression(SortKey key) {
    String column = columns.get(key);
    if (column != null) {
      return column;
    }
    return switch (key) {
      case NAME -> "COALESCE(i.name, '')";
      case STATUS -> "i.status";
      case CONTAINER_FORMAT -> "COALESCE(i.container_format, '')";
      case DISK_FORMAT -> "COALESCE(i.disk_format, '')";
      case SIZE -> "COALESCE(i.size, -1)";
      case ID -> "i.id";
      case CREATED_AT -> "i.created_at";
      case UPDATED_AT -> "i.updated_at";
    };
  }

  private static Object value(SortKey key, Image marker) {
    Object value = switch (key) {
      case NAME -> orEmpty(marker.getName());
      case STATUS -> marker.getStatus().wire();
      case CONTAINER_FORMAT -> orEmpty(marker.getContainerFormat());
      case DISK_FORMAT -> orEmpty(marker.getDiskFormat());
      case SIZE -> marker.getSize() == null ? -1L : marker.getSize();
      case ID -> marker.getId();
      case CREATED_AT -> Timestamps.toDb(marker.getCreatedAt());
      case UPDATED_AT -> Timestamps.toDb(marker.getUpdatedAt());
    };
    if (value == null) {
      throw new IllegalArgumentException("marker image lacks its " + key.wire());
    }
    return value;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
