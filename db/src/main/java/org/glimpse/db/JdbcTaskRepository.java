package org.glimpse.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.port.TaskRepository;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskQuery;
import org.glimpse.core.task.TaskStatus;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Tasks in the tasks table. A listing is one statement: filters, a keyset bound after the marker, order, limit. */
final class JdbcTaskRepository implements TaskRepository {
  private static final String COLUMNS = "id, type, status, owner, input, result, message, expires_at,"
      + " created_at, updated_at, image_id, request_id, user_id";
  /** Sort keys a listing may use: the columns that are never null. */
  static final Set<String> SORT_KEYS = Set.of("id", "type", "status", "created_at", "updated_at");

  private final Jdbi jdbi;

  JdbcTaskRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void add(Task t) {
    jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO tasks (" + COLUMNS + ", deleted)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)")
        .bind(0, t.id()).bind(1, t.type()).bind(2, t.status().wire()).bind(3, t.owner())
        .bind(4, t.input()).bind(5, t.result()).bind(6, t.message())
        .bindByType(7, expires(t), LocalDateTime.class)
        .bind(8, Timestamps.toDb(t.createdAt())).bind(9, Timestamps.toDb(t.updatedAt()))
        .bind(10, t.imageId()).bind(11, t.requestId()).bind(12, t.userId())
        .execute());
  }

  @Override
  public Optional<Task> find(String id) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM tasks WHERE id = ? AND deleted = FALSE")
        .bind(0, id)
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  @Override
  public List<Task> list(TaskQuery q) {
    if (!SORT_KEYS.contains(q.sortKey())) {
      throw new BadRequestException("Sort key supplied was not valid."); // Glance's words
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM tasks WHERE deleted = FALSE");
    List<Object> args = new ArrayList<>();
    if (q.owner() != null) {
      sql.append(" AND owner = ?");
      args.add(q.owner());
    }
    if (q.type() != null) {
      sql.append(" AND type = ?");
      args.add(q.type());
    }
    if (q.status() != null) {
      sql.append(" AND status = ?");
      args.add(q.status().wire());
    }
    String key = q.sortKey();
    String cmp = q.ascending() ? ">" : "<";
    String dir = q.ascending() ? "ASC" : "DESC";
    if (q.marker() != null) {
      Object value = keyValue(q.marker(), key);
      if (key.equals("id")) {
        sql.append(" AND id ").append(cmp).append(" ?");
        args.add(value);
      } else {
        sql.append(" AND (").append(key).append(' ').append(cmp).append(" ? OR (").append(key)
            .append(" = ? AND id ").append(cmp).append(" ?))");
        args.add(value);
        args.add(value);
        args.add(q.marker().id());
      }
    }
    sql.append(" ORDER BY ").append(key).append(' ').append(dir);
    if (!key.equals("id")) {
      sql.append(", id ").append(dir);
    }
    sql.append(" LIMIT ").append(Math.max(0, q.limit()));
    return jdbi.withHandle(handle -> {
      Query query = handle.createQuery(sql.toString());
      for (int i = 0; i < args.size(); i++) {
        query.bind(i, args.get(i));
      }
      return query.map((rs, ctx) -> map(rs)).list();
    });
  }

  private static Object keyValue(Task t, String key) {
    return switch (key) {
      case "id" -> t.id();
      case "type" -> t.type();
      case "status" -> t.status().wire();
      case "created_at" -> Timestamps.toDb(t.createdAt());
      case "updated_at" -> Timestamps.toDb(t.updatedAt());
      default -> throw new IllegalArgumentException(key);
    };
  }

  @Override
  public List<Task> listForImage(String imageId) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM tasks WHERE image_id = ? AND deleted = FALSE"
            + " ORDER BY created_at DESC, id DESC")
        .bind(0, imageId)
        .map((rs, ctx) -> map(rs))
        .list());
  }

  @Override
  public void save(Task t) {
    jdbi.useHandle(handle -> handle.createUpdate("UPDATE tasks SET status = ?, result = ?, message = ?,"
            + " expires_at = ?, updated_at = ? WHERE id = ?")
        .bind(0, t.status().wire()).bind(1, t.result()).bind(2, t.message())
        .bindByType(3, expires(t), LocalDateTime.class)
        .bind(4, Timestamps.toDb(t.updatedAt())).bind(5, t.id())
        .execute());
  }

  @Override
  public void remove(String id) {
    jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM tasks WHERE id = ?").bind(0, id).execute());
  }

  @Override
  public boolean touch(String id, Instant now) {
    return jdbi.withHandle(handle -> handle.createUpdate("UPDATE tasks SET updated_at = ?"
            + " WHERE id = ? AND status = 'processing' AND deleted = FALSE")
        .bind(0, Timestamps.toDb(now)).bind(1, id)
        .execute()) > 0;
  }

  @Override
  public int deleteExpired(Instant now) {
    return jdbi.withHandle(handle -> handle.createUpdate("UPDATE tasks SET deleted = TRUE, deleted_at = ?"
            + " WHERE deleted = FALSE AND expires_at IS NOT NULL AND expires_at < ?")
        .bind(0, Timestamps.toDb(now)).bind(1, Timestamps.toDb(now))
        .execute());
  }

  private static LocalDateTime expires(Task t) {
    return t.expiresAt() == null ? null : Timestamps.toDb(t.expiresAt());
  }

  private static Task map(ResultSet rs) throws SQLException {
    return new Task(rs.getString("id"), rs.getString("type"),
        TaskStatus.parse(rs.getString("status")).orElseThrow(), rs.getString("owner"),
        rs.getString("input"), rs.getString("result"), rs.getString("message"),
        Timestamps.read(rs, "expires_at"), Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"),
        rs.getString("image_id"), rs.getString("request_id"), rs.getString("user_id"));
  }
}
