package org.glimpse.core.service;

import java.util.List;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.TaskRepository;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskQuery;
import org.glimpse.core.time.ImageClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading tasks, as Glance: {@code /v2/tasks} needs {@code tasks_api_access} (admin by default) and
 * then get_tasks/get_task; an admin sees every project's tasks, anyone else their project's. An
 * image's tasks ({@code /v2/images/{id}/tasks}) need only get_image on the image. Tasks past their
 * {@code expires_at} ({@code task_time_to_live} after they finished) are removed by {@link #reap},
 * run on a timer.
 */
public final class TaskService {
  private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);

  private final TaskRepository tasks;
  private final ImagePolicy policy;
  private final ImageLookup lookup;
  private final ImageClock clock;

  public TaskService(TaskRepository tasks, ImagePolicy policy, ImageLookup lookup, ImageClock clock) {
    this.tasks = tasks;
    this.policy = policy;
    this.lookup = lookup;
    this.clock = clock;
  }

  /** The tasks API's access rule, checked before anything else (Glance checks it while parsing). */
  public void requireAccess(RequestContext ctx) {
    try {
      policy.tasksApiAccess(ctx);
    } catch (ForbiddenException e) {
      throw new ForbiddenException("You are not authorized to complete tasks_api_access action.", e);
    }
  }

  /** A page of tasks; {@code markerId} must name a task the caller may see. */
  public List<Task> list(RequestContext ctx, String type, org.glimpse.core.task.TaskStatus status, String sortKey,
      boolean ascending, String markerId, int limit) {
    requireAccess(ctx);
    policy.getTasks(ctx);
    String owner = ctx.isAdmin() ? null : ctx.owner();
    Task marker = null;
    if (markerId != null) {
      marker = tasks.find(markerId).filter(t -> owner == null || owner.equals(t.owner()))
          .orElseThrow(() -> new org.glimpse.core.error.BadRequestException("Invalid marker. Task " + markerId
              + " could not be found."));
    }
    return tasks.list(new TaskQuery(owner, type, status, sortKey, ascending, marker, limit));
  }

  public Task get(RequestContext ctx, String id) {
    requireAccess(ctx);
    policy.getTask(ctx);
    return tasks.find(id).filter(t -> ctx.isAdmin() || (t.owner() != null && t.owner().equals(ctx.owner())))
        .orElseThrow(() -> new NotFoundException("Could not find task " + id));
  }

  /** The tasks of an image the caller may see (404 otherwise), newest first. */
  public List<Task> forImage(RequestContext ctx, String imageId) {
    Image image;
    try {
      image = lookup.visible(ctx, imageId);
    } catch (NotFoundException e) {
      throw new NotFoundException("The resource could not be found.", e);
    }
    return tasks.listForImage(image.getId()).stream()
        .filter(t -> ctx.isAdmin() || (t.owner() != null && t.owner().equals(ctx.owner())))
        .toList();
  }

  /** Removes expired tasks; never throws (a timer runs it). */
  public void reap() {
    try {
      int n = tasks.deleteExpired(clock.now());
      if (n > 0) {
        LOG.info("removed {} expired task(s)", n);
      }
    } catch (RuntimeException e) {
      LOG.warn("expired tasks not removed; trying again at the next run: {}", e.toString());
    }
  }
}
