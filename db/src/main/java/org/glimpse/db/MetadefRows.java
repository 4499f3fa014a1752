package org.glimpse.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.Namespace;

/** Catalog records from their rows. */
final class MetadefRows {
  private MetadefRows() {}

  static Namespace namespace(ResultSet rs) throws SQLException {
    return new Namespace(rs.getString("namespace"), rs.getString("display_name"),
        rs.getString("description"), rs.getString("visibility"), rs.getBoolean("protected"),
        rs.getString("owner"), Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"));
  }

  static MetadefObject object(ResultSet rs) throws SQLException {
    return new MetadefObject(rs.getString("name"), rs.getString("description"),
        StringListJson.read(rs.getString("required")), rs.getString("json_schema"),
        Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"));
  }

  static MetadefTag tag(ResultSet rs) throws SQLException {
    return new MetadefTag(rs.getString("name"), Timestamps.read(rs, "created_at"),
        Timestamps.read(rs, "updated_at"));
  }
}
