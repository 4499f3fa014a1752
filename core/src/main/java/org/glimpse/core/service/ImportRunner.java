package org.glimpse.core.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * source once — the staged object (glance-direct), the URL (web-download), another region's image
 * ({@link GlanceDownload}, which also gives the image its formats and chosen properties when it
 * becomes active) or, for copy-image, the image's stored data — into the first of its target stores through the very checks of an upload
 * ({@link ImageUploader#pass}: size cap, storage quota reservation, format inspection and verdict,
 * md5 + {@code hashing_algorithm}; copy-image only checks the size), beating its task's heartbeat
 * as bytes arrive; every later store copies what the first one holds. With a single store there
 * is one target. Each store's data is recorded as a location the moment it is written
 * ({@link ImportRecords}), under the task's lock (a compare-and-swap in the gate).
 *
 * <p>As Glance's import flow: with {@code all_stores_must_succeed} (the default) the image becomes
 * active with the last store, and a store that fails reverts the import — what it wrote in every
 * store goes, the image goes back to queued with no data (copy-image: keeps its old locations and
 * stays active), the store joins {@code os_glance_failed_import} and the task fails. Without it the
 * image becomes active with the first store that succeeds, a failing store is only listed as
 * failed, and the task fails only if no store got the data ("None of the uploads finished!");
 * copy-image never changes the image's status. The lock goes with the last store's change. With
 * the image_conversion plugin ({@link ImportConversion}) the source is converted in a work file
 * first, once, and the converted data is what the stores get. The task's progress is announced
 * as Glance's task notifier does.
 */
public final class ImportRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);

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
  private final ImportRecords records;
  private final GlanceDownload glanceDownload;

  public ImportRunner(ImageUpdater updater, ImageStore store, ImageUploader uploader, TaskRepository tasks,
      WebSource web, Notifier notifier, ImageClock clock, Duration leaseTime, Duration timeToLive,
      ExecutorService pool, ImportConversion conversion, GlanceDownload glanceDownload) {
    this.conversion = conversion;
    this.glanceDownload = glanceDownload;
    this.records = new ImportRecords(updater);
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
      fail(ctx, task, image.getId(), "the server is stopping; import again", req.stores(), List.of(), List.of());
      throw new org.glimpse.core.error.UnavailableException("The server is stopping; import again.", e);
    }
  }

  /** Whether a location of the image is in backend {@code storeId} (multi-store mode). */
  boolean inStore(Image image, String storeId) {
    return store.backend(storeId)
        .map(b -> image.getLocations().stream().anyMatch(l -> b.handles(l.url())))
        .orElse(false);
  }

  /** A store that failed an import whose stores must all succeed. */
  private static final class StoreFailure extends IOException {
    final String storeId;

    StoreFailure(String storeId, Exception cause) {
      super(reason(cause), cause);
      this.storeId = storeId;
    }
  }

  /**
   * The import's source (the URL, another region's image) could not be read: no store can get the
   * data, so every target fails, whatever all_stores_must_succeed says (as Glance, whose download to
   * its staging area fails before any store is written).
   */
  private static final class SourceFailure extends IOException {
    SourceFailure(Exception cause) {
      super(reason(cause), cause);
    }
  }

  /** Why an import failed, in the failure's own words (a source failing mid-stream arrives wrapped). */
  private static String reason(Throwable e) {
    Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** What one run has written so far. */
  private static final class Progress {
    /** glance-direct: the staged object, until the first store's data replaces it. */
    String staged;
    /** The first location this run recorded: later stores copy from it. */
    String first;
    long size;
    final List<String> recorded = new ArrayList<>();
    /** Committed in a store and not yet recorded: removed if the run fails before recording it. */
    String unrecorded;
    /** The location the store just written holds the data at. */
    String location;
    /** glance-download: the remote image (its record read before its data). */
    GlanceDownload.Source remote;
    /** Whether opening or reading the remote source failed. */
    boolean sourceFailed;
  }

  /**
   * A successful task's message, as Glance leaves it: its progress report of the last store
   * write, whole MiB copied ("Copied 0 MiB" for a small image); none when no byte was written.
   */
  static String copiedMessage(long bytes) {
    return bytes > 0 ? "Copied " + (bytes >> 20) + " MiB" : "";
  }

  /** Runs one import to its end (on a pool thread; public for tests that run it in line). */
  public void run(RequestContext ctx, Task pending, Image image, ImportRequest req) {
    String id = image.getId();
    Task task = pending.withStatus(TaskStatus.PROCESSING, clock.now());
    tasks.save(task);
    notifier.task(Event.TASK_PROCESSING, ctx, task);
    String uploadId = task.id().replace("-", "");
    boolean copy = req.method().equals(ImportRequest.COPY_IMAGE);
    Progress progress = new Progress();
    progress.staged = req.method().equals(ImportRequest.GLANCE_DIRECT) ? image.getLocation() : null;
    List<String> targets = order(req, progress.staged);
    try (ImportConversion.Work work = conversion == null || copy ? null : converting(task.id(), () -> {
      try (InputStream source = open(ctx, req, image, progress)) {
        return conversion.convert(task.id(), beating(source, task.id()), source(image, progress).getDiskFormat());
      }
    })) {
      boolean active = false;
      for (int i = 0; i < targets.size(); i++) {
        String storeId = targets.get(i);
        boolean last = i == targets.size() - 1;
        boolean activate = !copy && (!req.allStoresMustSucceed() || last);
        try {
          ImportRecords.Data data = write(ctx, storeId, image, req, task.id(), uploadId, progress, work);
          String location = progress.location;
          GlanceDownload.Source remote = progress.remote;
          Image after = records.record(id, task.id(), storeId, location, data, progress.first == null
              ? progress.staged : null, activate, last, remote == null ? null : remote::applyTo);
          progress.unrecorded = null;
          progress.recorded.add(location);
          if (progress.first == null) {
            progress.first = location;
            if (progress.staged != null && !progress.staged.equals(location)) {
              delete(progress.staged);
            }
          }
          if (!active && !copy && after.getStatus() == ImageStatus.ACTIVE) {
            active = true;
            notifier.image(Event.IMAGE_UPLOAD, ctx, after);
            notifier.image(Event.IMAGE_ACTIVATE, ctx, after);
          }
        } catch (IOException | RuntimeException e) {
          discardUnrecorded(progress);
          if (progress.sourceFailed) {
            throw new SourceFailure(e);
          }
          if (e instanceof ImportRecords.LockLost || storeId == null) {
            throw e;
          }
          if (req.allStoresMustSucceed()) {
            throw new StoreFailure(storeId, e);
          }
          LOG.warn("import task {} of image {}: store {} failed ({}); all_stores_must_succeed is false, going on",
              task.id(), id, storeId, e.toString());
          if (progress.first == null) {
            uploader.release(uploadId);
          }
          records.failed(id, task.id(), storeId, last);
        }
      }
      if (!copy && !active) {
        throw new IOException("None of the uploads finished!");
      }
      Instant now = clock.now();
      Task succeeded = task.finish(TaskStatus.SUCCESS, "{\"image_id\": \"" + id + "\"}", copiedMessage(progress.size),
          now, expiry(now));
      tasks.save(succeeded);
      notifier.task(Event.TASK_SUCCESS, ctx, succeeded);
    } catch (IOException | RuntimeException e) {
      String reason = reason(e);
      List<String> failedStores = e instanceof StoreFailure f ? List.of(f.storeId)
          : e instanceof SourceFailure ? req.stores() : List.of();
      LOG.info("import task {} of image {} ({}) failed{}: {}", task.id(), id, req.method(),
          failedStores.isEmpty() ? "" : " in " + String.join(", ", failedStores), reason);
      discardUnrecorded(progress);
      fail(ctx, task, id, reason, req.stores(), failedStores, progress.recorded);
    } finally {
      uploader.release(uploadId);
      // Glance announces the run on the task object the request created, which still says pending
      notifier.task(Event.TASK_RUN, ctx, pending);
    }
  }

  /**
   * The stores in the order they are written: as asked, except that the backend holding a
   * glance-direct's staged object goes first, so that its data is read in place and the others
   * copy from it. A single store is the one null entry.
   */
  private List<String> order(ImportRequest req, String staged) {
    if (req.stores().isEmpty()) {
      return Collections.singletonList(null);
    }
    List<String> ordered = new ArrayList<>(req.stores());
    if (staged != null) {
      ordered.stream().filter(s -> store.backend(s).map(b -> b.handles(staged)).orElse(false)).findFirst()
          .ifPresent(s -> {
            ordered.remove(s);
            ordered.add(0, s);
          });
    }
    return ordered;
  }

  /**
   * Writes the import's data into one store and leaves its location in {@code progress.unrecorded};
   * returns the data's digests when this is the first store written (null for a copy of data
   * already checked). The first store gets the source through the upload's checks; each later one
   * copies what the first holds, so that the source is read once.
   */
  private ImportRecords.Data write(RequestContext ctx, String storeId, Image image, ImportRequest req,
      String taskId, String uploadId, Progress progress, ImportConversion.Work work) throws IOException {
    ImageStore into = storeId == null ? store : store.backend(storeId)
        .orElseThrow(() -> new IOException("store '" + storeId + "' is not configured"));
    if (progress.first != null) {
      progress.unrecorded = copy(into, image.getId(), uploadId, progress.first, progress.size, taskId);
      progress.location = progress.unrecorded;
      return null;
    }
    if (req.method().equals(ImportRequest.COPY_IMAGE)) {
      progress.size = image.getSize() == null ? -1 : image.getSize();
      progress.unrecorded = copy(into, image.getId(), uploadId, image.getLocation(), progress.size, taskId);
      progress.location = progress.unrecorded;
      return null;
    }
    ImageUploader.Written data;
    ImageConverter.Converted converted = work == null ? null : work.converted();
    if (converted != null) {
      Image target = source(image, progress).copy();
      if (converted.converted()) {
        target.setDiskFormat(converted.diskFormat());
        target.setContainerFormat("bare");
      }
      try (InputStream in = Files.newInputStream(converted.file())) {
        data = pass(into, target, uploadId, in, true, req, taskId);
      }
    } else if (progress.staged != null && into.handles(progress.staged)) {
      // the staged object is already in this store: read in place, it becomes the data
      try (InputStream staged = open(ctx, req, image, progress)) {
        data = uploader.pass(image, uploadId, staged, -1, false, in -> beating(in, taskId),
            digests -> verify(req, digests), UploadErrors.V2);
      }
      progress.size = data.digests().size();
      // recorded under its staged location: nothing new to discard if recording fails
      progress.location = progress.staged;
      return new ImportRecords.Data(data.digests(), data.virtualSize(), null);
    } else {
      try (InputStream source = watched(() -> open(ctx, req, image, progress), progress)) {
        data = pass(into, source(image, progress), uploadId, source, true, req, taskId);
      }
    }
    progress.unrecorded = data.location();
    progress.location = data.location();
    progress.size = data.digests().size();
    Long virtualSize = data.virtualSize() == null && converted != null ? Long.valueOf(converted.virtualSize())
        : data.virtualSize();
    return new ImportRecords.Data(data.digests(), virtualSize, converted);
  }

  private ImageUploader.Written pass(ImageStore into, Image image, String uploadId, InputStream in, boolean keep,
      ImportRequest req, String taskId) throws IOException {
    return uploader.pass(into, image, uploadId, in, -1, keep, stream -> beating(stream, taskId),
        digests -> verify(req, digests), UploadErrors.V2);
  }

  /** Copies stored data into another store as a new object of this import; its location. */
  private String copy(ImageStore into, String imageId, String uploadId, String from, long size, String taskId)
      throws IOException {
    if (from == null) {
      throw new IOException("Image " + imageId + " has no data to copy");
    }
    try (InputStream in = beating(store.open(from, 0, -1), taskId);
        ImageStore.StagedData staged = into.stage(imageId, uploadId, in)) {
      if (size >= 0 && staged.size() != size) {
        throw new IOException("copied " + staged.size() + " bytes of " + size + " from " + from);
      }
      return staged.commit();
    }
  }

  private void discardUnrecorded(Progress progress) {
    if (progress.unrecorded != null) {
      delete(progress.unrecorded);
      progress.unrecorded = null;
    }
  }

  /**
   * The import's source: the staged object (glance-direct), the remote image (glance-download: its
   * record is read first, into {@code progress.remote}) or the URL (web-download).
   */
  private InputStream open(RequestContext ctx, ImportRequest req, Image image, Progress progress)
      throws IOException {
    if (req.method().equals(ImportRequest.GLANCE_DOWNLOAD)) {
      progress.remote = glanceDownload.prepare(ctx, req.glance());
      return progress.remote.open();
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
  private interface Opening {
    InputStream open() throws IOException;
  }

  /** The remote source, noting in {@code progress} when opening or reading it fails. */
  private static InputStream watched(Opening opening, Progress progress) throws IOException {
    InputStream in;
    try {
      in = opening.open();
    } catch (IOException | RuntimeException e) {
      progress.sourceFailed = true;
      throw e;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (IOException e) {
          progress.sourceFailed = true;
          throw e;
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (IOException e) {
          progress.sourceFailed = true;
          throw e;
        }
      }
    };
  }

  /** The image as its data is checked: with the remote image's formats for glance-download. */
  private static Image source(Image image, Progress progress) {
    return progress.remote == null ? image : progress.remote.target(image);
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


  /**
   * Fails the task and, if it still holds the image, reverts what it did (see
   * {@link ImportRecords#revert}) and removes the data that goes with it.
   */
  private void fail(RequestContext ctx, Task task, String imageId, String reason, List<String> targets,
      List<String> failedStores, List<String> added) {
    revert(imageId, task.id(), targets, failedStores, added);
    Instant now = clock.now();
    Task failed = task.finish(TaskStatus.FAILURE, null, reason, now, expiry(now));
    tasks.save(failed);
    notifier.task(Event.TASK_FAILURE, ctx, failed);
  }

  /** Reverts the import if {@code taskId} holds the image; whether it did. */
  private boolean revert(String imageId, String taskId, List<String> targets, List<String> failedStores,
      List<String> added) {
    List<String> doomed = records.revert(imageId, taskId, targets, failedStores, added);
    if (doomed == null) {
      return false;
    }
    doomed.forEach(this::delete);
    return true;
  }

  /**
   * Takes the lock of a dead import task: fails it with {@code reason} and puts its image back;
   * false if another process took it first.
   */
  boolean takeOver(RequestContext ctx, String imageId, String taskId, String reason) {
    boolean reverted = revert(imageId, taskId, List.of(), List.of(), List.of());
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
