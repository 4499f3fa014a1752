package org.glimpse.core.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.imports.ImportRequest;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.glimpse.core.port.TaskRepository;
import org.glimpse.core.port.WebSource;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskStatus;
import org.glimpse.core.time.ImageClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deprecated {@code POST /v2/tasks} of type {@code import}, as Glance still runs it: the URL
 * ({@code import_from}) must pass the import filtering when the task is asked for (400), then the
 * task (201, pending) creates a new image from {@code image_properties} and fills it from the URL
 * through the very path of a web-download import ({@link ImportRunner}: size cap, quota, format
 * checks, hashes), its result naming the image. A task that fails — properties Glance's image
 * creation refuses, a URL that cannot be read, data refused — leaves no image behind: the one it
 * created is deleted, as Glance's flow reverts.
 */
public final class LegacyImportService {
  private static final Logger LOG = LoggerFactory.getLogger(LegacyImportService.class);
  public static final String TASK_TYPE = "import";

  private final ImageService images;
  private final ImageUpdater updater;
  private final TaskRepository tasks;
  private final WebSource web;
  private final ImportRunner runner;
  private final Notifier notifier;
  private final ImageClock clock;
  private final ExecutorService pool;

  public LegacyImportService(ImageService images, ImageUpdater updater, TaskRepository tasks, WebSource web,
      ImportRunner runner, Notifier notifier, ImageClock clock, ExecutorService pool) {
    this.images = images;
    this.updater = updater;
    this.tasks = tasks;
    this.web = web;
    this.runner = runner;
    this.notifier = notifier;
    this.clock = clock;
    this.pool = pool;
  }

  /**
   * Starts an import task. {@code input} is the task's input as JSON text (kept as it came);
   * {@code image} gives the new image's fields from {@code image_properties}, or throws the
   * refusal Glance's image creation would give (the task then fails with it).
   */
  public Task start(RequestContext ctx, String input, String importFrom, Supplier<NewImage> image) {
    String why = importFrom == null ? "no import_from given" : web.refusal(importFrom);
    if (why != null) {
      throw new BadRequestException("URI for legacy import task does not pass filtering: " + importFrom
          + " (" + why + ")");
    }
    Instant now = clock.now();
    Task task = new Task(UUID.randomUUID().toString(), TASK_TYPE, TaskStatus.PENDING, ctx.owner(), input, null,
        "", null, now, now, null, ctx.requestId(), ctx.userId());
    tasks.add(task);
    notifier.task(Event.TASK_CREATE, ctx, task);
    try {
      pool.execute(() -> run(ctx, task, importFrom, image));
    } catch (RejectedExecutionException e) {
      failBeforeImport(ctx, task, "the server is stopping; create the task again");
      throw new UnavailableException("The server is stopping; create the task again.", e);
    }
    return task;
  }

  private void run(RequestContext ctx, Task task, String importFrom, Supplier<NewImage> spec) {
    Image created;
    try {
      created = images.create(ctx, spec.get());
    } catch (RuntimeException e) {
      LOG.info("import task {}: no image created: {}", task.id(), e.getMessage());
      failBeforeImport(ctx, task, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return;
    }
    String id = created.getId();
    Image importing;
    try {
      importing = updater.updateRecord(id, current -> {
        current.getProperties().put(ImportService.LOCK, task.id());
        current.getProperties().put(ImportService.IMPORTING_TO, "");
        current.getProperties().put(ImportService.FAILED, "");
        current.setStatus(ImageStatus.IMPORTING);
      });
    } catch (RuntimeException e) {
      failBeforeImport(ctx, task, e.getMessage());
      remove(ctx, id, task);
      return;
    }
    runner.run(ctx, task, importing, new ImportRequest(ImportRequest.WEB_DOWNLOAD, importFrom, List.of(), false,
        true, null, null, task.input(), null));
    boolean failed = tasks.find(task.id()).map(t -> t.status() == TaskStatus.FAILURE).orElse(true);
    if (failed) {
      remove(ctx, id, task);
    }
  }

  private void failBeforeImport(RequestContext ctx, Task task, String reason) {
    Instant now = clock.now();
    Task failed = task.finish(TaskStatus.FAILURE, null, reason, now, runner.expiry(now));
    tasks.save(failed);
    notifier.task(Event.TASK_FAILURE, ctx, failed);
  }

  private void remove(RequestContext ctx, String imageId, Task task) {
    try {
      images.delete(ctx, imageId);
    } catch (RuntimeException e) {
      LOG.warn("import task {} failed and its image {} was not deleted: {}", task.id(), imageId, e.toString());
    }
  }
}
