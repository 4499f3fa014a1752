package org.glimpse.db;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.TimeFilter;

/** The listing's filters as WHERE conditions, each value a bind parameter. */
final class FilterSql {
  private FilterSql() {}

  /** Attribute filters name a column; only these may be named. */
  private static final Set<String> ATTRIBUTES =
      Set.of("name", "id", "status", "container_format", "disk_format", "owner");

  private static final Set<String> TIME_COLUMNS = Set.of("created_at", "updated_at");

  static void append(SqlBuilder sql, ImageQuery query) {
    if (query.matchesNothing) {
      sql.sql(" AND 1 = 0");
    }
    if (query.isPublic != null) {
      sql.sql(query.isPublic ? " AND i.visibility = 'public'" : " AND i.visibility <> 'public'");
    }
    for (Map.Entry<String, List<String>> filter : query.attributes.entrySet()) {
      appendAttribute(sql, filter.getKey(), filter.getValue());
    }
    if (query.isProtected != null) {
      sql.sql(" AND i.protected = ").param(query.isProtected);
    }
    if (query.osHidden != null) {
      sql.sql(" AND i.os_hidden = ").param(query.osHidden);
    }
    if (query.sizeMin != null) {
      sql.sql(" AND i.size >= ").param(query.sizeMin);
    }
    if (query.sizeMax != null) {
      sql.sql(" AND i.size <= ").param(query.sizeMax);
    }
    if (query.minRam != null) {
      sql.sql(" AND i.min_ram = ").param(query.minRam);
    }
    if (query.minDisk != null) {
      sql.sql(" AND i.min_disk = ").param(query.minDisk);
    }
    if (query.size != null) {
      sql.sql(" AND i.size = ").param(query.size);
    }
    if (query.virtualSize != null) {
      sql.sql(" AND i.virtual_size = ").param(query.virtualSize);
    }
    if (query.osHashAlgo != null) {
      sql.sql(" AND i.os_hash_algo = ").param(query.osHashAlgo);
    }
    if (query.checksum != null) {
      sql.sql(" AND i.checksum = ").param(query.checksum);
    }
    if (query.osHashValue != null) {
      sql.sql(" AND i.os_hash_value = ").param(query.osHashValue);
    }
    for (TimeFilter time : query.times) {
      appendTime(sql, time);
    }
    appendTags(sql, query.tags);
    appendProperties(sql, query.properties);
  }

  /**
   * All the tags, as one condition: the image has as many of them as were asked for (an image
   * has each tag once). One EXISTS per tag would give the planner one join per tag to order,
   * which PostgreSQL spends seconds on with a few dozen; one counted subquery costs the same to
   * plan whatever the number of tags.
   */
  private static void appendTags(SqlBuilder sql, List<String> tags) {
    Set<String> distinct = new LinkedHashSet<>(tags);
    if (distinct.isEmpty()) {
      return;
    }
    sql.sql(" AND (SELECT COUNT(*) FROM image_tags t WHERE t.image_id = i.id AND t.value IN ")
        .paramList(distinct).sql(") = " + distinct.size());
  }

  /** All the properties, as one condition, as the tags (an image has each name once). */
  private static void appendProperties(SqlBuilder sql, Map<String, String> properties) {
    if (properties.isEmpty()) {
      return;
    }
    sql.sql(" AND (SELECT COUNT(*) FROM image_properties p WHERE p.image_id = i.id AND (");
    String separator = "";
    for (Map.Entry<String, String> property : properties.entrySet()) {
      sql.sql(separator).sql("(p.name = ").param(property.getKey())
          .sql(" AND p.value = ").param(property.getValue()).sql(")");
      separator = " OR ";
    }
    sql.sql(")) = " + properties.size());
  }

  private static void appendAttribute(SqlBuilder sql, String column, List<String> values) {
    if (!ATTRIBUTES.contains(column)) {
      throw new IllegalArgumentException("cannot filter images on attribute: " + column);
    }
    if (values.isEmpty()) {
      sql.sql(" AND 1 = 0");
    } else if (values.size() == 1) {
      sql.sql(" AND i." + column + " = ").param(values.get(0));
    } else {
      sql.sql(" AND i." + column + " IN ").paramList(values);
    }
  }

  private static void appendTime(SqlBuilder sql, TimeFilter time) {
    if (!TIME_COLUMNS.contains(time.column())) {
      throw new IllegalArgumentException("cannot filter images on time: " + time.column());
    }
    String operator = switch (time.op()) {
      case EQ -> " = ";
      case NEQ -> " <> ";
      case GT -> " > ";
      case GTE -> " >= ";
      case LT -> " < ";
      case LTE -> " <= ";
    };
    sql.sql(" AND i." + time.column() + operator).param(Timestamps.toDb(time.value()));
  }
}
