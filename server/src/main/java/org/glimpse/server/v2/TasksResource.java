package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.service.LegacyImportService;
import org.glimpse.core.service.TaskService;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskStatus;
import org.glimpse.server.http.ErrorMapper;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.NoAuthContext;

/**
 * The tasks API as Glance 25.1 serves it: {@code GET /v2/tasks} (filters type and status, sort_key,
 * sort_dir, marker, limit), {@code GET /v2/tasks/{id}}, {@code GET /v2/images/{id}/tasks} and the
 * task schemas; and the deprecated {@code POST /v2/tasks} of type {@code import} (Glance's legacy
 * import: a new image from {@code input.image_properties}, read in the same checks as a v2 create,
 * filled from {@code input.import_from}; see {@link LegacyImportService}). Other task types are
 * refused (400): the supported way in is the image import API.
 */
public final class TasksResource {
  private static final DateTimeFormatter ROW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** In their order in the task schema, as Glance lists them. */
  private static final List<String> STATUSES = List.of("pending", "processing", "success", "failure");

  private final TaskService tasks;
  private final int defaultLimit;
  private final int maxLimit;

  private final LegacyImportService legacy;
  private final ImageCreateParser imageParser;

  public TasksResource(TaskService tasks, int defaultLimit, int maxLimit, LegacyImportService legacy,
      ImageCreateParser imageParser) {
    this.legacy = legacy;
    this.imageParser = imageParser;
    this.tasks = tasks;
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
  }

  public void list(Context ctx) {
    tasks.requireAccess(NoAuthContext.of(ctx));
    String sortDir = ctx.queryParam("sort_dir") == null ? "desc" : ctx.queryParam("sort_dir");
    if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
      throw new BadRequestException("Invalid sort direction: " + sortDir);
    }
    String sortKey = ctx.queryParam("sort_key") == null ? "created_at" : ctx.queryParam("sort_key");
    String status = ctx.queryParam("status");
    if (status != null && !STATUSES.contains(status)) {
      throw new BadRequestException("Invalid status value: " + status);
    }
    String type = ctx.queryParam("type");
    if (type != null && !type.equals("import") && !type.equals("api_image_import")) {
      throw new BadRequestException("Invalid type value: " + type);
    }
    String marker = ctx.queryParam("marker");
    if (marker != null) {
      try {
        UUID.fromString(marker);
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("Invalid marker format");
      }
    }
    int limit = defaultLimit;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        throw new BadRequestException("limit param must be an integer");
      }
      if (limit < 0) {
        throw new BadRequestException("limit param must be positive");
      }
    }
    limit = Math.min(limit, maxLimit);
    List<Task> page = tasks.list(NoAuthContext.of(ctx), type, status == null ? null : TaskStatus.parse(status).orElseThrow(),
        sortKey, sortDir.equals("asc"), marker, limit);
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode array = root.putArray("tasks");
    page.forEach(t -> array.add(stub(t)));
    root.put("first", "/v2/tasks");
    root.put("schema", "/v2/schemas/tasks");
    if (!page.isEmpty() && page.size() == limit) {
      root.put("next", "/v2/tasks?marker=" + page.get(page.size() - 1).id());
    }
    Json.write(ctx, 200, root);
  }

  public void show(Context ctx) {
    Json.write(ctx, 200, full(tasks.get(NoAuthContext.of(ctx), ctx.pathParam("task_id"))));
  }

  /** Tasks are never deleted by a caller (Glance: 405 to those who may use the API, in its words). */
  public void delete(Context ctx) {
    tasks.requireAccess(NoAuthContext.of(ctx));
    ctx.header("Allow", "GET");
    ErrorMapper.render(ctx, 405, "This operation is currently not permitted on Glance Tasks. They are auto"
        + " deleted after reaching the time based on their expires_at property.");
  }

  public void create(Context ctx) {
    tasks.requireAccess(NoAuthContext.of(ctx));
    JsonNode body = Json.body(ctx);
    for (String required : List.of("type", "input")) {
      if (body == null || !body.has(required)) {
        throw new BadRequestException("Task '" + required + "' is required");
      }
    }
    JsonNode type = body.get("type");
    if (!type.isTextual() || !type.asText().equals(LegacyImportService.TASK_TYPE)) {
      throw new BadRequestException("Task type '" + type.asText() + "' is not supported: the tasks API"
          + " is deprecated; import images with POST /v2/images/{image_id}/import.");
    }
    JsonNode input = body.get("input");
    if (!input.isObject()) {
      throw new BadRequestException("Task 'input' must be an object");
    }
    JsonNode from = input.get("import_from");
    String importFrom = from != null && from.isTextual() ? from.asText() : null;
    JsonNode properties = input.path("image_properties");
    Task task = legacy.start(NoAuthContext.of(ctx), input.toString(), importFrom,
        () -> imageParser.parse(properties.isObject() ? properties : Json.MAPPER.createObjectNode()));
    Json.write(ctx, 201, full(task));
  }

  public void forImage(Context ctx) {
    List<Task> list = tasks.forImage(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode array = root.putArray("tasks");
    list.forEach(t -> array.add(row(t)));
    Json.write(ctx, 200, root);
  }

  /**
   * A task as an image's task list shows it: Glance hands out its database rows there, so every
   * column is present (null when unset, {@code deleted} false), times are naive ISO with
   * microseconds, and there are no links.
   */
  private static ObjectNode row(Task t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", t.id());
    o.put("type", t.type());
    o.put("status", t.status().wire());
    o.put("owner", t.owner());
    o.put("expires_at", rowTime(t.expiresAt()));
    o.put("created_at", rowTime(t.createdAt()));
    o.put("updated_at", rowTime(t.updatedAt()));
    o.putNull("deleted_at");
    o.put("deleted", false);
    o.put("image_id", t.imageId());
    o.put("request_id", t.requestId());
    o.put("user_id", t.userId());
    o.set("input", parse(t.input()));
    o.set("result", parse(t.result()));
    o.put("message", t.message());
    return o;
  }

  private static String rowTime(Instant time) {
    return time == null ? null : ROW_TIME.format(time);
  }

  private static ObjectNode stub(Task t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", t.id());
    o.put("type", t.type());
    o.put("status", t.status().wire());
    o.put("owner", t.owner());
    if (t.expiresAt() != null) {
      o.put("expires_at", ImageView.timestamp(t.expiresAt()));
    }
    o.put("created_at", ImageView.timestamp(t.createdAt()));
    o.put("updated_at", ImageView.timestamp(t.updatedAt()));
    o.put("self", "/v2/tasks/" + t.id());
    o.put("schema", "/v2/schemas/task");
    return o;
  }

  static ObjectNode full(Task t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", t.id());
    o.set("input", parse(t.input()));
    o.put("type", t.type());
    o.put("status", t.status().wire());
    o.put("owner", t.owner());
    o.put("message", t.message());
    o.set("result", parse(t.result()));
    o.put("created_at", ImageView.timestamp(t.createdAt()));
    o.put("updated_at", ImageView.timestamp(t.updatedAt()));
    o.put("self", "/v2/tasks/" + t.id());
    o.put("schema", "/v2/schemas/task");
    if (t.imageId() != null) {
      o.put("image_id", t.imageId());
    }
    if (t.requestId() != null) {
      o.put("request_id", t.requestId());
    }
    if (t.userId() != null) {
      o.put("user_id", t.userId());
    }
    if (t.expiresAt() != null) {
      o.put("expires_at", ImageView.timestamp(t.expiresAt()));
    }
    return o;
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return Json.MAPPER.nullNode();
    }
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      return Json.MAPPER.nullNode();
    }
  }

  /** {@code /v2/schemas/task}: Glance's task schema, by its property names and types. */
  public static ObjectNode taskSchema() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("name", "task");
    ObjectNode p = s.putObject("properties");
    prop(p, "id", "string", "An identifier for the task").put("pattern",
        "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$");
    ObjectNode type = prop(p, "type", "string", "The type of task represented by this content");
    type.putArray("enum").add("import").add("api_image_import");
    ObjectNode status = prop(p, "status", "string", "The current status of this task");
    ArrayNode e = status.putArray("enum");
    STATUSES.forEach(e::add);
    p.putObject("input").put("type", "object").put("description",
        "The parameters required by task, JSON blob").putArray("type").add("null").add("object");
    p.putObject("result").put("description", "The result of current task, JSON blob")
        .putArray("type").add("null").add("object");
    p.putObject("owner").put("description", "An identifier for the owner of this task").put("type", "string");
    p.putObject("message").put("description", "Human-readable informative message only included when"
        + " appropriate (usually on failure)").put("type", "string");
    p.putObject("image_id").put("description", "Image associated with the task").put("type", "string");
    p.putObject("request_id").put("description", "Human-readable informative request-id").put("type", "string");
    p.putObject("user_id").put("description", "User associated with the task").put("type", "string");
    prop(p, "expires_at", "string", "Datetime when this resource would be subject to removal")
        .putArray("type").add("null").add("string");
    prop(p, "created_at", "string", "Datetime when this resource was created");
    prop(p, "updated_at", "string", "Datetime when this resource was updated");
    p.putObject("self").put("readOnly", true).put("type", "string");
    p.putObject("schema").put("readOnly", true).put("type", "string");
    return s;
  }

  public static ObjectNode tasksSchema() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("name", "tasks");
    ObjectNode p = s.putObject("properties");
    ObjectNode items = p.putObject("tasks").put("type", "array").putObject("items");
    items.put("name", "task");
    // a listed task is a stub: no input, result or message (as Glance's list schema says)
    ObjectNode listed = ((ObjectNode) taskSchema().get("properties")).deepCopy();
    listed.remove(List.of("input", "result", "message"));
    items.set("properties", listed);
    p.putObject("schema").put("type", "string");
    s.putArray("links").addObject().put("rel", "describedby").put("href", "{schema}");
    return s;
  }

  private static ObjectNode prop(ObjectNode props, String name, String type, String description) {
    ObjectNode o = props.putObject(name);
    o.put("type", type);
    o.put("description", description);
    return o;
  }
}
