package org.glimpse.core.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.DigestingChunks;
import org.glimpse.core.data.format.ImageConverter;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.imports.ImportRequest;
import org.glimpse.core.port.ImageStore;
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
 * Runs image imports in the background, one task each, on a bounded pool. An import reads its
 * source once — the staged object (glance-direct), the URL (web-download) or another region's
 * image ({@link GlanceDownload}, which also gives the image its formats and chosen properties) —
 * through the very checks of an upload ({@link ImageUploader#pass}: size cap, storage quota reservation, format
 * inspection and verdict, md5 + {@code hashing_algorithm}), beating its task's heartbeat as bytes
 * arrive; web-download writes into a new store object of its own. The image becomes active only if it is
 * still importing under this task's lock (a compare-and-swap in the gate), and the lock goes in
 * the same change. Any failure puts the image back to queued with no data, removes what this
 * import stored and the staged data (as Glance reverts a failed import), drops the lock and fails
 * the task with the reason. With the image_conversion plugin ({@link ImportConversion}) the source
 * is converted in a work file first and the converted data is what goes through those checks into
 * a new store object. The task's progress is announced as Glance's task notifier does.
 */
public final class ImportRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);

  private final ImageUpdater updater;
  private final ImageStore store;
  private final ImageUploader uploader;
  private final TaskRepository tasks;
  private final WebSource web;
  private final Notifier notifier;
  private final ImageClock clock;
  private final Duration leaseTime;
  private final Duration timeToLive;
  private final ExecutorService pool;
  /** Null unless the image_conversion plugin is enabled. */
  private final ImportConversion conversion;
  private final GlanceDownload glanceDownload;

  public ImportRunner(ImageUpdater updater, ImageStore store, ImageUploader uploader, TaskRepository tasks,
      WebSource web, Notifier notifier, ImageClock clock, Duration leaseTime, Duration timeToLive,
      ExecutorService pool, ImportConversion conversion, GlanceDownload glanceDownload) {
    this.conversion = conversion;
    this.glanceDownload = glanceDownload;
    this.updater = updater;
    this.store = store;
    this.uploader = uploader;
    this.tasks = tasks;
    this.web = web;
    this.notifier = notifier;
    this.clock = clock;
    this.leaseTime = leaseTime;
    this.timeToLive = timeToLive;
    this.pool = pool;
  }

  /** When a task finishing at {@code now} expires ({@code task_time_to_live}). */
  Instant expiry(Instant now) {
    return now.plus(timeToLive);
  }

  void submit(RequestContext ctx, Task task, Image image, ImportRequest req) {
    try {
      pool.execute(() -> run(ctx, task, image, req));
    } catch (RejectedExecutionException e) {
      fail(ctx, task, image.getId(), "the server is stopping; import again");
      throw new org.glimpse.core.error.UnavailableException("The server is stopping; import again.", e);
    }
  }

  /** Runs one import to its end (on a pool thread; public for tests that run it in line). */
  public void run(RequestContext ctx, Task pending, Image image, ImportRequest req) {
    String id = image.getId();
    Task task = pending.withStatus(TaskStatus.PROCESSING, clock.now());
    tasks.save(task);
    notifier.task(Event.TASK_PROCESSING, ctx, task);
    String uploadId = task.id().replace("-", "");
    String written = null;
    // multi-store: the request names the one backend the data goes to (the server checked it)
    ImageStore into = req.stores().size() == 1 ? store.backend(req.stores().get(0)).orElse(store) : store;
    try {
      ImageUploader.Written data;
      String location;
      ImageConverter.Converted converted = null;
      // the staged object, when the image will record other data (converted) and it must go
      String replaced = null;
      // glance-download: the remote image's formats and chosen properties, taken at activation
      GlanceDownload.Source remote = req.method().equals(ImportRequest.GLANCE_DOWNLOAD)
          ? glanceDownload.prepare(ctx, req.glance()) : null;
      Image source = remote == null ? image : remote.target(image);
      if (conversion != null) {
        try (InputStream input = open(req, image, remote);
            ImportConversion.Work work = converting(task.id(), () -> conversion.convert(task.id(),
                beating(input, task.id()), source.getDiskFormat()))) {
          converted = work.converted();
          Image target = source.copy();
          if (converted.converted()) {
            target.setDiskFormat(converted.diskFormat());
            target.setContainerFormat("bare");
          }
          try (InputStream in = Files.newInputStream(converted.file())) {
            data = uploader.pass(into, target, uploadId, in, -1, true, stream -> beating(stream, task.id()),
                digests -> verify(req, digests), UploadErrors.V2);
          }
        }
        location = data.location();
        written = location;
        replaced = req.method().equals(ImportRequest.GLANCE_DIRECT) ? image.getLocation() : null;
      } else if (req.method().equals(ImportRequest.GLANCE_DIRECT) && !into.handles(image.getLocation())) {
        // staged in the default backend, imported into another: copied there, the staged object goes
        try (InputStream staged = open(req, image, remote)) {
          data = uploader.pass(into, image, uploadId, staged, -1, true, in -> beating(in, task.id()),
              digests -> verify(req, digests), UploadErrors.V2);
        }
        location = data.location();
        written = location;
        replaced = image.getLocation();
      } else if (req.method().equals(ImportRequest.GLANCE_DIRECT)) {
        location = image.getLocation();
        try (InputStream staged = open(req, image, remote)) {
          data = uploader.pass(image, uploadId, staged, -1, false, in -> beating(in, task.id()),
              digests -> verify(req, digests), UploadErrors.V2);
        }
      } else {
        try (InputStream remoteData = open(req, image, remote)) {
          data = uploader.pass(into, source, uploadId, remoteData, -1, true, in -> beating(in, task.id()),
              digests -> verify(req, digests), UploadErrors.V2);
        }
        location = data.location();
        written = location;
      }
      long size = data.size();
      Long virtualSize = data.virtualSize() == null && converted != null ? Long.valueOf(converted.virtualSize())
          : data.virtualSize();
      ImageConverter.Converted conversionDone = converted;
      String md5 = data.digests().md5Hex();
      String hashAlgo = data.digests().algorithm().glanceName();
      String hashValue = data.digests().multihashHex();
      String finalLocation = location;
      Image active = updater.updateRecord(id, current -> {
        if (!holds(current, task.id())) {
          throw new ConflictException("Image " + id + " is no longer imported by task " + task.id());
        }
        current.setSize(size);
        current.setVirtualSize(virtualSize);
        current.setChecksum(md5);
        current.setOsHashAlgo(hashAlgo);
        current.setOsHashValue(hashValue);
        current.setLocation(finalLocation);
        if (remote != null) {
          remote.applyTo(current);
        }
        if (conversionDone != null && conversionDone.converted()) {
          current.setDiskFormat(conversionDone.diskFormat());
          current.setContainerFormat("bare");
        }
        current.getProperties().remove(ImportService.LOCK);
        current.getProperties().put(ImportService.IMPORTING_TO, "");
        current.setStatus(ImageStatus.ACTIVE);
      });
      if (replaced != null) {
        delete(replaced);
      }
      Instant now = clock.now();
      Task succeeded = task.finish(TaskStatus.SUCCESS, "{\"image_id\": \"" + id + "\"}", "", now, expiry(now));
      tasks.save(succeeded);
      notifier.image(Event.IMAGE_UPLOAD, ctx, active);
      notifier.image(Event.IMAGE_ACTIVATE, ctx, active);
      notifier.task(Event.TASK_SUCCESS, ctx, succeeded);
    } catch (IOException | RuntimeException e) {
      // a source failing mid-stream reaches here wrapped by the upload path: its own words are the reason
      Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      LOG.info("import task {} of image {} ({}) failed: {}", task.id(), id, req.method(), reason);
      if (written != null) {
        delete(written);
      }
      fail(ctx, task, id, reason);
    } finally {
      uploader.release(uploadId);
      // Glance announces the run on the task object the request created, which still says pending
      notifier.task(Event.TASK_RUN, ctx, pending);
    }
  }

  /** The import's source: the staged object (glance-direct), the remote image or the URL (web-download). */
  private InputStream open(ImportRequest req, Image image, GlanceDownload.Source remote) throws IOException {
    if (remote != null) {
      return remote.open();
    }
    if (req.method().equals(ImportRequest.GLANCE_DIRECT)) {
      if (image.getLocation() == null) {
        throw new IOException("Image " + image.getId() + " has no staged data");
      }
      return store.open(image.getLocation(), 0, -1);
    }
    return web.open(req.uri());
  }

  @FunctionalInterface
  private interface Conversion {
    ImportConversion.Work run() throws IOException;
  }

  /**
   * Runs the conversion while a helper keeps the task's heartbeat going: qemu-img reads and writes
   * no bytes through the import's streams, and a silent task would look dead to the next import.
   */
  private ImportConversion.Work converting(String taskId, Conversion conversion) throws IOException {
    Duration every = leaseTime.dividedBy(3);
    Thread beat = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(Math.max(1, every.toMillis()));
          if (!tasks.touch(taskId, clock.now())) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("heartbeat of import task {} failed: {}", taskId, e.toString());
      }
    }, "import-heartbeat-" + taskId);
    beat.setDaemon(true);
    beat.start();
    try {
      return conversion.run();
    } finally {
      beat.interrupt();
    }
  }

  /**
   * Checks {@code validation_data}: its os_hash_algo must be the configured {@code hashing_algorithm}
   * (or md5), and its value that digest of the data.
   */
  private static void verify(ImportRequest req, DigestingChunks.Digests digests) throws IOException {
    if (req.hashValue() == null) {
      return;
    }
    String configured = digests.algorithm().glanceName();
    String algo = req.hashAlgo() == null ? configured : req.hashAlgo().toLowerCase(Locale.ROOT);
    String actual;
    if (algo.equals(configured)) {
      actual = digests.multihashHex();
    } else if (algo.equals("md5")) {
      actual = digests.md5Hex();
    } else {
      throw new IOException("validation_data os_hash_algo '" + req.hashAlgo() + "' is not supported;"
          + " this deployment computes " + configured);
    }
    if (!actual.equalsIgnoreCase(req.hashValue())) {
      throw new IOException("os_hash_value: " + req.hashValue() + " not valid: the data's " + algo + " is " + actual);
    }
  }

  private static boolean holds(Image current, String taskId) {
    return current.getStatus() == ImageStatus.IMPORTING
        && taskId.equals(current.getProperties().get(ImportService.LOCK));
  }

  /**
   * Fails the task and, if it still holds the image, puts the image back to queued without data,
   * removes its staged data and drops the lock.
   */
  private void fail(RequestContext ctx, Task task, String imageId, String reason) {
    revert(imageId, task.id());
    Instant now = clock.now();
    Task failed = task.finish(TaskStatus.FAILURE, null, reason, now, expiry(now));
    tasks.save(failed);
    notifier.task(Event.TASK_FAILURE, ctx, failed);
  }

  /** Puts the image back if {@code taskId} holds it; whether it did. */
  private boolean revert(String imageId, String taskId) {
    String[] staged = {null};
    boolean[] reverted = {false};
    try {
      updater.updateRecord(imageId, current -> {
        if (!taskId.equals(current.getProperties().get(ImportService.LOCK))) {
          return;
        }
        current.getProperties().remove(ImportService.LOCK);
        current.getProperties().put(ImportService.IMPORTING_TO, "");
        if (current.getStatus() == ImageStatus.IMPORTING || current.getStatus() == ImageStatus.UPLOADING) {
          staged[0] = current.getLocation();
          current.setStatus(ImageStatus.QUEUED);
          current.clearData();
        }
        reverted[0] = true;
      });
    } catch (GlimpseException e) {
      LOG.info("image {} not put back after import task {}: {}", imageId, taskId, e.getMessage());
      return false;
    }
    if (staged[0] != null) {
      delete(staged[0]);
    }
    return reverted[0];
  }

  /**
   * Takes the lock of a dead import task: fails it with {@code reason} and puts its image back;
   * false if another process took it first.
   */
  boolean takeOver(RequestContext ctx, String imageId, String taskId, String reason) {
    boolean reverted = revert(imageId, taskId);
    tasks.find(taskId).filter(t -> !t.status().finished()).ifPresent(t -> {
      Instant now = clock.now();
      Task failed = t.finish(TaskStatus.FAILURE, null, reason, now, expiry(now));
      tasks.save(failed);
      notifier.task(Event.TASK_FAILURE, ctx, failed);
    });
    return reverted;
  }

  private void delete(String location) {
    try {
      store.delete(location);
    } catch (IOException | RuntimeException e) {
      LOG.warn("data {} of a failed import not removed; the store sweep will: {}", location, e.toString());
    }
  }

  /** The import's heartbeat: its task's updated_at, a third of the lease time apart while bytes arrive. */
  private InputStream beating(InputStream in, String taskId) {
    Duration every = leaseTime.dividedBy(3);
    return new FilterInputStream(in) {
      private Instant next = clock.now().plus(every);

      @Override
      public int read() throws IOException {
        beat();
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        beat();
        return super.read(b, off, len);
      }

      private void beat() throws IOException {
        Instant now = clock.now();
        if (now.isBefore(next)) {
          return;
        }
        next = now.plus(every);
        if (!tasks.touch(taskId, now)) {
          throw new IOException("import task " + taskId + " lost its lock (taken over after it stopped making progress)");
        }
      }
    };
  }
}
