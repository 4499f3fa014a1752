package org.glimpse.core.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.imports.ImportRequest;
import org.glimpse.core.policy.ImagePolicy;
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
 * {@code POST /v2/images/{id}/import}: checks the request as Glance does, takes the image's import
 * lock and hands the work to the {@link ImportRunner} as an {@code api_image_import} task.
 *
 * <p>The lock is Glance's: the reserved property {@code os_glance_import_task} naming the task,
 * set in the same change (under the image's row lock) that moves the image to {@code importing},
 * so of two concurrent imports exactly one gets it and the other is a 409. A running import keeps
 * its task's updated_at fresh (a heartbeat); a lock whose task is finished, gone, or silent for
 * the lease time ({@code upload_stall_time}) is stale, and the next import takes it over: the old
 * task fails ("Expired lock preempted"), the image is put back to queued without data, and the
 * new import proceeds.
 *
 * <p>In multi-store mode the request names its target backends (resolved by the API face); the
 * lock's change adds them to {@code os_glance_importing_to_stores} and takes them off
 * {@code os_glance_failed_import}. copy-image copies an active image into more stores: Glance's
 * {@code copy_image} rule decides who may (admins by default, whoever owns the image), the image
 * stays active, and stores that already hold it are a 400 when named, or left out with
 * {@code all_stores}. With a single store, copy-image is a 409.
 */
public final class ImportService {
  private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
  public static final String LOCK = "os_glance_import_task";
  public static final String IMPORTING_TO = "os_glance_importing_to_stores";
  public static final String FAILED = "os_glance_failed_import";
  public static final String STAGE_HOST = "os_glance_stage_host";
  public static final String TASK_TYPE = "api_image_import";

  private final ImageLookup lookup;
  private final ImagePolicy policy;
  private final ImageUpdater updater;
  private final TaskRepository tasks;
  private final WebSource web;
  private final ImportRunner runner;
  private final Notifier notifier;
  private final ImageClock clock;
  private final Duration leaseTime;
  private final List<String> enabledMethods;
  private final LimitEnforcer limits;

  public ImportService(ImageLookup lookup, ImagePolicy policy, ImageUpdater updater, TaskRepository tasks,
      WebSource web, ImportRunner runner, Notifier notifier, ImageClock clock, Duration leaseTime,
      List<String> enabledMethods, LimitEnforcer limits) {
    this.limits = limits;
    this.lookup = lookup;
    this.notifier = notifier;
    this.policy = policy;
    this.updater = updater;
    this.tasks = tasks;
    this.web = web;
    this.runner = runner;
    this.clock = clock;
    this.leaseTime = leaseTime;
    this.enabledMethods = List.copyOf(enabledMethods);
  }

  public List<String> enabledMethods() {
    return enabledMethods;
  }

  public boolean enabled(String method) {
    return enabledMethods.contains(method);
  }

  /**
   * Starts an import; returns its task (pending), or empty when there is nothing to do: a
   * copy-image to all stores of an image every store already holds (Glance answers 202 with no
   * task).
   */
  public Optional<Task> importImage(RequestContext ctx, String id, ImportRequest req) {
    if (!enabled(req.method())) {
      throw new BadRequestException("Unknown import method name '" + req.method() + "'.");
    }
    Image image = lookup.visible(ctx, id);
    String method = req.method();
    boolean copy = method.equals(ImportRequest.COPY_IMAGE);
    boolean multiStore = !req.stores().isEmpty();
    if (image.getProperties().containsKey(LOCK)) {
      releaseStaleLock(ctx, image);
      image = lookup.visible(ctx, id);
    }
    requireStatus(image, method);
    if (image.getContainerFormat() == null) {
      throw new ConflictException("'container_format' needs to be set before import");
    }
    if (image.getDiskFormat() == null) {
      throw new ConflictException("'disk_format' needs to be set before import");
    }
    if (method.equals(ImportRequest.GLANCE_DOWNLOAD)) {
      requireRemote(req.glance());
    }
    if (copy && multiStore) {
      policy.copyImage(ctx, image);
    } else {
      policy.modifyImage(ctx, image);
    }
    if (copy && !multiStore) {
      throw new ConflictException("Image " + id + " cannot be copied: copy-image copies an image to other"
          + " stores, and this deployment has a single store (no [DEFAULT] enabled_backends).");
    }
    if (method.equals(ImportRequest.GLANCE_DOWNLOAD) && ctx.authToken() == null) {
      throw new BadRequestException(GlanceDownload.noToken() + ".");
    }
    List<String> targets = req.stores();
    if (copy) {
      targets = copyTargets(image, req);
      if (targets.isEmpty()) {
        LOG.info("image {} is in every store already; copy-image has nothing to do", id);
        return Optional.empty();
      }
    }
    if (!req.allStoresMustSucceed() && !multiStore) {
      throw new BadRequestException("All_stores_must_succeed can only be set with enabled_backends "
          + (req.uri() == null ? "None" : req.uri()));
    }
    if (method.equals(ImportRequest.WEB_DOWNLOAD)) {
      if (req.uri() == null) {
        // None: how Glance, in Python, shows the uri it was not given
        throw new BadRequestException("URI for web-download does not pass filtering: None");
      }
      String why = web.refusal(req.uri());
      if (why != null) {
        throw new BadRequestException("URI for web-download does not pass filtering: " + req.uri() + " (" + why + ")");
      }
    }
    ImportRequest request = req.withStores(targets);
    Instant now = clock.now();
    Task task = new Task(UUID.randomUUID().toString(), TASK_TYPE, TaskStatus.PENDING, ctx.owner(),
        taskInput(id, request), null, "", null, now, now, id, ctx.requestId(), ctx.userId());
    // the task is recorded before the lock is taken, so that a lock always names a task that exists
    // (a lock naming no task is stale); a request that does not get the lock removes its task
    tasks.add(task);
    List<String> stores = targets;
    Supplier<Image> lock = () -> updater.updateRecord(id, current -> {
      if (current.getProperties().containsKey(LOCK)) {
        throw new ConflictException("New operation on image '" + id
            + "' is not permitted as prior operation is still in progress");
      }
      requireStatus(current, method);
      if (copy) {
        // a copy that finished since this request read the image has put it there already
        for (String storeId : stores) {
          if (runner.inStore(current, storeId)) {
            throw new BadRequestException("Image is already present at store '" + storeId + "'");
          }
        }
      }
      current.getProperties().put(LOCK, task.id());
      if (stores.isEmpty()) {
        current.getProperties().put(IMPORTING_TO, "");
        current.getProperties().put(FAILED, "");
      } else {
        StoreList.add(current, IMPORTING_TO, stores);
        StoreList.remove(current, FAILED, stores);
      }
      current.getProperties().remove(STAGE_HOST);
      if (!copy) {
        current.setStatus(ImageStatus.IMPORTING);
      }
    });
    Image importing;
    try {
      // copy-image leaves the image active: it starts no upload to count
      importing = copy ? lock.get() : limits.startingUpload(image.getOwner(), id, lock);
    } catch (RuntimeException e) {
      tasks.remove(task.id());
      throw e;
    }
    notifier.task(Event.TASK_CREATE, ctx, task);
    runner.submit(ctx, task, importing, request);
    return Optional.of(task);
  }

  /**
   * As Glance: with all_stores, the stores that do not hold the image yet (possibly none); with
   * named stores, a 400 if any of them holds it already.
   */
  private List<String> copyTargets(Image image, ImportRequest req) {
    List<String> targets = new ArrayList<>();
    for (String storeId : req.stores()) {
      if (!runner.inStore(image, storeId)) {
        targets.add(storeId);
      } else if (!req.allStores()) {
        throw new BadRequestException("Image is already present at store '" + storeId + "'");
      }
    }
    return targets;
  }

  /** glance-download's own fields, in Glance's order and words. */
  private static void requireRemote(ImportRequest.GlanceImage remote) {
    if (remote == null || remote.region() == null) {
      throw new BadRequestException("'glance_region' needs to be set for glance-download import method");
    }
    if (remote.imageId() == null) {
      throw new BadRequestException("'glance_image_id' needs to be set for glance-download import method");
    }
    if (!uuidLike(remote.imageId())) {
      throw new BadRequestException("Remote image id does not look like a UUID: " + remote.imageId());
    }
  }

  /** What Python's uuid.UUID accepts: 32 hex digits, hyphens anywhere, in braces or after urn:uuid:. */
  static boolean uuidLike(String id) {
    String hex = id.replace("urn:", "").replace("uuid:", "");
    if (hex.startsWith("{")) {
      hex = hex.substring(1);
    }
    if (hex.endsWith("}")) {
      hex = hex.substring(0, hex.length() - 1);
    }
    hex = hex.replace("-", "");
    return hex.length() == 32 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
  }

  private static void requireStatus(Image image, String method) {
    ImageStatus s = image.getStatus();
    if (s == ImageStatus.ACTIVE && !method.equals(ImportRequest.COPY_IMAGE)) {
      throw new ConflictException("Image with status active cannot be target for import");
    }
    if (s != ImageStatus.ACTIVE && method.equals(ImportRequest.COPY_IMAGE)) {
      throw new ConflictException("Only images with status active can be targeted for copying");
    }
    if (s != ImageStatus.QUEUED
        && (method.equals(ImportRequest.WEB_DOWNLOAD) || method.equals(ImportRequest.GLANCE_DOWNLOAD))) {
      throw new ConflictException("Image needs to be in 'queued' state to use '" + method + "' method");
    }
    if (s != ImageStatus.UPLOADING && method.equals(ImportRequest.GLANCE_DIRECT)) {
      throw new ConflictException("Image needs to be staged before 'glance-direct' method can be used");
    }
  }

  /**
   * Takes over the lock of a dead task (an import or a location import): its task is gone,
   * finished, or has not beaten for the lease time. Otherwise the lock stands: 409.
   */
  void releaseStaleLock(RequestContext ctx, Image image) {
    String holder = image.getProperties().get(LOCK);
    Optional<Task> task = tasks.find(holder);
    Instant now = clock.now();
    boolean stale = task.isEmpty() || task.get().status().finished()
        || !task.get().updatedAt().plus(task.get().status() == TaskStatus.PENDING ? leaseTime.multipliedBy(2) : leaseTime)
            .isAfter(now);
    if (!stale) {
      throw new ConflictException("Image has active task");
    }
    if (!runner.takeOver(ctx, image.getId(), holder, "Expired lock preempted")) {
      throw new ConflictException("Image has active task");
    }
    LOG.warn("image {} had a stale import task {} ({}); its lock was taken over", image.getId(), holder,
        task.map(t -> t.status().wire()).orElse("missing"));
  }

  private static String taskInput(String id, ImportRequest req) {
    String backends = req.stores().isEmpty() ? "null"
        : String.join(", ", req.stores().stream().map(s -> "\"" + s + "\"").toList());
    return "{\"image_id\": \"" + id + "\", \"import_req\": " + req.body() + ", \"backend\": [" + backends + "]}";
  }
}
