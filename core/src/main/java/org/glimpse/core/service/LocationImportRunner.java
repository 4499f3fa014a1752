package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.Optional;
import org.glimpse.core.RequestContext;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.glimpse.core.port.TaskRepository;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskStatus;
import org.glimpse.core.time.ImageClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code location_import} task in the background, in Glance's order (its location_import
 * flow). The URL's size is asked of its store first; a location no store can size fails the task
 * and leaves the image queued as it was. Then, by {@code do_secure_hash} and whether the request
 * gave {@code validation_data}:
 *
 * <ul>
 *   <li>secure hash with validation data: the location is added and the image is importing while
 *       the data is read and hashed (md5 and the given algorithm); a match makes it active with
 *       both hashes, a mismatch or unreadable data puts it back to queued without hashes;
 *   <li>secure hash without: the image is active at once with the location and {@code
 *       hashing_algorithm} as its os_hash_algo, and the hashes are filled in when computed (data
 *       that cannot be read leaves them empty and the image active);
 *   <li>no secure hash: the image is active at once, with the given os_hash_algo and os_hash_value
 *       if any, and no checksum.
 * </ul>
 *
 * Reading is tried {@code http_retries} times. An http(s) location put back to queued stays on the
 * image, as Glance keeps it (the http store cannot delete); any other is removed. Every change is
 * made only while the task holds the image's import lock, which goes when the task ends.
 */
public final class LocationImportRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LocationImportRunner.class);

  /** What the runner takes from configuration. */
  public record Settings(boolean doSecureHash, int httpRetries, HashAlgorithm hashing, Duration leaseTime,
      Duration taskTimeToLive) {}

  private final ImageUpdater updater;
  private final ImageStore store;
  private final TaskRepository tasks;
  private final Notifier notifier;
  private final ImageClock clock;
  private final Settings settings;
  private final Function<String, Optional<String>> backendOf;
  private final ExecutorService pool;

  /**
   * @param backendOf in multi-store mode the backend holding a location (recorded in its metadata as
   *     {@code store}); empty otherwise
   */
  public LocationImportRunner(ImageUpdater updater, ImageStore store, TaskRepository tasks, Notifier notifier,
      ImageClock clock, Settings settings, Function<String, Optional<String>> backendOf,
      ExecutorService pool) {
    this.updater = updater;
    this.store = store;
    this.tasks = tasks;
    this.notifier = notifier;
    this.clock = clock;
    this.settings = settings;
    this.backendOf = backendOf;
    this.pool = pool;
  }

  void submit(RequestContext ctx, Task task, AddLocationRequest req) {
    try {
      pool.execute(() -> run(ctx, task, req));
    } catch (RejectedExecutionException e) {
      finish(ctx, task, TaskStatus.FAILURE, "the server is stopping; add the location again");
      release(task.imageId(), task.id());
      throw new UnavailableException("The server is stopping; add the location again.", e);
    }
  }

  /** Runs one task to its end (on a pool thread; public for tests that run it in line). */
  public void run(RequestContext ctx, Task pending, AddLocationRequest req) {
    String id = pending.imageId();
    Task task = pending.withStatus(TaskStatus.PROCESSING, clock.now());
    tasks.save(task);
    notifier.task(Event.TASK_PROCESSING, ctx, task);
    try {
      long size = sizeOf(req.url());
      ImageLocation location = new ImageLocation(req.url(),
          backendOf.apply(req.url()).map(b -> "{\"store\": \"" + b + "\"}").orElse(ImageLocation.NO_METADATA));
      String algo = req.validated() ? req.hashAlgo() : settings.hashing().glanceName();
      if (settings.doSecureHash() && req.validated()) {
        verified(task, location, size, req, algo);
      } else if (settings.doSecureHash()) {
        change(task, image -> {
          addLocation(image, location, size);
          image.setOsHashAlgo(algo);
          image.setStatus(ImageStatus.ACTIVE);
        });
        hashAfterwards(task, location.url(), algo);
      } else {
        change(task, image -> {
          addLocation(image, location, size);
          if (req.validated()) {
            image.setOsHashAlgo(req.hashAlgo());
            image.setOsHashValue(req.hashValue());
          }
          image.setStatus(ImageStatus.ACTIVE);
        });
      }
      release(id, task.id());
      finish(ctx, task, TaskStatus.SUCCESS, "");
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.info("location_import task {} of image {} failed: {}", task.id(), id, reason);
      release(id, task.id());
      finish(ctx, task, TaskStatus.FAILURE, reason);
    }
  }

  /** Importing while the data is hashed, then active if it matches, else queued again. */
  private void verified(Task task, ImageLocation location, long size, AddLocationRequest req, String algo)
      throws IOException {
    change(task, image -> {
      addLocation(image, location, size);
      image.setOsHashAlgo(algo);
      image.setStatus(ImageStatus.IMPORTING);
    });
    String[] hashes;
    try {
      hashes = hash(task.id(), location.url(), algo);
    } catch (IOException e) {
      putBack(task, location.url());
      throw new IOException("Hash calculation failed for image " + task.imageId() + " data: " + e.getMessage(), e);
    }
    if (!hashes[1].equalsIgnoreCase(req.hashValue())) {
      putBack(task, location.url());
      throw new IOException("os_hash_value: (" + req.hashValue() + ") not matched with actual os_hash_value: ("
          + hashes[1] + ")");
    }
    change(task, image -> {
      image.setChecksum(hashes[0]);
      image.setOsHashValue(hashes[1]);
      image.setStatus(ImageStatus.ACTIVE);
    });
  }

  /** The hashes of an image already active; data that cannot be read leaves them unset. */
  private void hashAfterwards(Task task, String url, String algo) {
    String[] hashes;
    try {
      hashes = hash(task.id(), url, algo);
    } catch (IOException e) {
      LOG.warn("hash calculation of image {} data at {} failed; it stays active without hashes: {}",
          task.imageId(), url, e.getMessage());
      return;
    }
    change(task, image -> {
      if (image.getOsHashValue() == null) {
        image.setChecksum(hashes[0]);
        image.setOsHashValue(hashes[1]);
      }
    });
  }

  /** The task's first change: the image must still be queued (nothing gave it data meanwhile). */
  private static void addLocation(Image image, ImageLocation location, long size) {
    if (image.getStatus() != ImageStatus.QUEUED) {
      throw new ConflictException("Image " + image.getId() + " is " + image.getStatus().wire()
          + ", no longer queued; the location was not added");
    }
    List<ImageLocation> locations = new ArrayList<>(image.getLocations());
    locations.add(location);
    image.setLocations(locations);
    if (image.getSize() == null || image.getSize() == 0) {
      image.setSize(size);
    }
  }

  /** Back to queued without hashes; a location the http store reads stays (Glance cannot delete it). */
  private void putBack(Task task, String url) {
    change(task, image -> {
      if (!url.startsWith("http")) {
        List<ImageLocation> locations = new ArrayList<>(image.getLocations());
        locations.removeIf(l -> l.url().equals(url));
        image.setLocations(locations);
      }
      if (image.getStatus() == ImageStatus.IMPORTING) {
        image.setStatus(ImageStatus.QUEUED);
      }
      image.setOsHashAlgo(null);
      image.setOsHashValue(null);
      image.setChecksum(null);
    });
  }

  /** A change of the image made only while this task holds its lock. */
  private void change(Task task, Consumer<Image> change) {
    updater.updateRecord(task.imageId(), image -> {
      if (!task.id().equals(image.getProperties().get(ImportService.LOCK))) {
        throw new ConflictException("Image " + task.imageId() + " is no longer locked by task " + task.id());
      }
      change.accept(image);
    });
  }

  private long sizeOf(String url) throws IOException {
    long size;
    try {
      size = store.size(url);
    } catch (IOException | GlimpseException e) {
      throw new IOException("Invalid location " + url + ": " + e.getMessage(), e);
    }
    if (size <= 0) {
      throw new IOException("Invalid location " + url + ": no data there");
    }
    return size;
  }

  /** md5 and {@code algo} of the data at {@code url}, as hex; reading is tried http_retries times. */
  private String[] hash(String taskId, String url, String algo) throws IOException {
    int attempts = Math.max(1, settings.httpRetries());
    IOException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        return digest(taskId, url, algo);
      } catch (LockLost e) {
        throw e;
      } catch (IOException | GlimpseException e) {
        last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        LOG.debug("[{}/{}] hash calculation of {} failed: {}", attempt, attempts, url, e.toString());
      }
    }
    throw last;
  }

  private String[] digest(String taskId, String url, String algo) throws IOException {
    MessageDigest md5 = HashAlgorithm.of("md5").newDigest();
    MessageDigest multihash = HashAlgorithm.of(algo).newDigest();
    Duration every = settings.leaseTime().dividedBy(3);
    Instant beat = clock.now().plus(every);
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = store.open(url, 0, -1)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md5.update(buffer, 0, n);
        multihash.update(buffer, 0, n);
        Instant now = clock.now();
        if (!now.isBefore(beat)) {
          // the heartbeat that keeps the image's lock from looking stale to the next request
          beat = now.plus(every);
          if (!tasks.touch(taskId, now)) {
            throw new LockLost("task " + taskId + " lost its lock while hashing");
          }
        }
      }
    }
    return new String[] {HexFormat.of().formatHex(md5.digest()), HexFormat.of().formatHex(multihash.digest())};
  }

  /** Drops the import lock if the task still holds it; an image gone meanwhile is no error. */
  private void release(String imageId, String taskId) {
    try {
      updater.updateRecord(imageId, image -> {
        if (taskId.equals(image.getProperties().get(ImportService.LOCK))) {
          image.getProperties().remove(ImportService.LOCK);
        }
      });
    } catch (GlimpseException e) {
      LOG.info("lock of task {} on image {} not released: {}", taskId, imageId, e.getMessage());
    }
  }

  private void finish(RequestContext ctx, Task task, TaskStatus status, String message) {
    Instant now = clock.now();
    Task done = task.finish(status, status == TaskStatus.SUCCESS ? "{\"image_id\": \"" + task.imageId() + "\"}" : null,
        message, now, now.plus(settings.taskTimeToLive()));
    tasks.save(done);
    notifier.task(status == TaskStatus.SUCCESS ? Event.TASK_SUCCESS : Event.TASK_FAILURE, ctx, done);
  }

  private static final class LockLost extends IOException {
    LockLost(String message) {
      super(message);
    }
  }
}
