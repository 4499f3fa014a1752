package org.glimpse.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskQuery;

/** Tasks in the database (Glance's tasks and task_info, as one table). Deleted tasks are never read. */
public interface TaskRepository {

  void add(Task task);

  Optional<Task> find(String id);

  List<Task> list(TaskQuery query);

  /** An image's tasks, newest first. */
  List<Task> listForImage(String imageId);

  /** Removes a task that never ran (its import did not get the lock). */
  void remove(String id);

  /** Writes the task's status, result, message, expiry and updated_at. */
  void save(Task task);

  /**
   * The heartbeat of a running task: sets updated_at if the task is still {@code processing};
   * false when it is not (it was failed by a takeover, or is gone).
   */
  boolean touch(String id, Instant now);

  /** Marks deleted the tasks whose expires_at is before {@code now}; how many. */
  int deleteExpired(Instant now);
}
