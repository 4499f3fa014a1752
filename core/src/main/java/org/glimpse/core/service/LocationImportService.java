package org.glimpse.core.service;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.glimpse.core.port.TaskRepository;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskStatus;
import org.glimpse.core.time.ImageClock;

/**
 * The location API of Images API v2.17. {@code POST /v2/images/{id}/locations} checks, in Glance's
 * order: the image is visible to the caller's project (404; as Glance, get_image is not asked, so
 * a caller with the service role alone may act on its project's images), queued (409), {@code add_image_location} allows it (403), a
 * caller without the service role names an http(s) URL and an http store is configured (403), the
 * validation data's hash is hex of its algorithm's size (400); then, unlike Glance, the URL must
 * be one a read-only store reads and the import filtering allows (400), so that no request leaves
 * for an address the operator has not allowed. It takes the image's import lock
 * ({@code os_glance_import_task}, a 409 while another task holds it) and hands the rest to a
 * {@code location_import} task ({@link LocationImportRunner}). {@code GET …/locations} lists the
 * image's locations for callers {@code fetch_image_location} allows (the service role by default).
 */
public final class LocationImportService {
  public static final String TASK_TYPE = "location_import";

  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageUpdater updater;
  private final ImageStore store;
  private final TaskRepository tasks;
  private final ImportService imports;
  private final LocationImportRunner runner;
  private final Notifier notifier;
  private final ImageClock clock;
  private final boolean httpStore;

  /** @param httpStore whether an http store is configured (callers without the service role need one) */
  public LocationImportService(ImageLookup lookup, ImagePolicy policy, ImageUpdater updater, ImageStore store,
      TaskRepository tasks, ImportService imports, LocationImportRunner runner, Notifier notifier, ImageClock clock,
      boolean httpStore) {
    this.lookup = lookup;
    this.policy = policy;
    this.updater = updater;
    this.store = store;
    this.tasks = tasks;
    this.imports = imports;
    this.runner = runner;
    this.notifier = notifier;
    this.clock = clock;
    this.httpStore = httpStore;
  }

  /** Starts adding the location; returns the task (pending). */
  public Task addLocation(RequestContext ctx, String id, AddLocationRequest req) {
    Image image = lookup.seen(ctx, id, false);
    requireQueued(image);
    policy.addImageLocation(ctx, image);
    boolean service = ctx.hasRole("service") || ctx.serviceRoles().contains("service");
    if (!service && !(httpStore && req.url().startsWith("http"))) {
      throw new ForbiddenException("http store must be enabled to use location API by normal user.");
    }
    if (req.validated()) {
      requireHashForm(req);
    }
    String refusal = store.externalRefusal(req.url());
    if (refusal != null) {
      throw new BadRequestException(refusal);
    }
    if (image.getProperties().containsKey(ImportService.LOCK)) {
      imports.releaseStaleLock(ctx, image);
    }
    Instant now = clock.now();
    Task task = new Task(UUID.randomUUID().toString(), TASK_TYPE, TaskStatus.PENDING, ctx.owner(),
        taskInput(id, req), null, "", null, now, now, id, ctx.requestId(), ctx.userId());
    // recorded before the lock is taken, so a lock always names a task that exists
    tasks.add(task);
    try {
      updater.updateRecord(id, current -> {
        if (current.getProperties().containsKey(ImportService.LOCK)) {
          throw new ConflictException("New operation on image '" + id
              + "' is not permitted as prior operation is still in progress");
        }
        requireQueued(current);
        current.getProperties().put(ImportService.LOCK, task.id());
      });
    } catch (RuntimeException e) {
      tasks.remove(task.id());
      throw e;
    }
    notifier.task(Event.TASK_CREATE, ctx, task);
    runner.submit(ctx, task, req);
    return task;
  }

  /** The image's locations (none while data is only staged), if fetch_image_location allows. */
  public List<ImageLocation> locations(RequestContext ctx, String id) {
    Image image = lookup.seen(ctx, id, false);
    policy.fetchImageLocation(ctx, image);
    ImageStatus s = image.getStatus();
    return s == ImageStatus.UPLOADING || s == ImageStatus.IMPORTING ? List.of() : image.getLocations();
  }

  private static void requireQueued(Image image) {
    if (image.getStatus() != ImageStatus.QUEUED) {
      throw new ConflictException("It's not allowed to add locations if image status is "
          + image.getStatus().wire() + ".");
    }
  }

  /** Glance's check of the hash before anything runs: hex, and as long as the algorithm's digest. */
  private static void requireHashForm(AddLocationRequest req) {
    byte[] value;
    try {
      value = HexFormat.of().parseHex(req.hashValue());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("os_hash_value (" + req.hashValue() + ") is not a valid hexadecimal value");
    }
    int want = HashAlgorithm.of(req.hashAlgo()).newDigest().getDigestLength();
    if (value.length != want) {
      throw new BadRequestException("os_hash_value: (" + req.hashValue() + ") is not the correct size for ("
          + req.hashAlgo() + ") (should be (" + want + ") bytes)");
    }
  }

  private static String taskInput(String id, AddLocationRequest req) {
    StringBuilder s = new StringBuilder("{\"image_id\": \"").append(id).append("\", \"loc_url\": ")
        .append(quote(req.url())).append(", \"validation_data\": {");
    if (req.validated()) {
      s.append("\"os_hash_algo\": ").append(quote(req.hashAlgo())).append(", \"os_hash_value\": ")
          .append(quote(req.hashValue()));
    }
    return s.append("}}").toString();
  }

  /** A JSON string literal. */
  private static String quote(String value) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        default -> {
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }
}
