package org.glimpse.core.service;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageRepository.DataState;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.ImageStore.StoredObject;
import org.glimpse.core.time.ImageClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store sweep, run by every server process on a timer: removes what no image needs from the
 * store — temporary objects no upload holds, and data no image references (left by a crash between
 * a commit and its record change, a delete that died before removing its data, an upload that was
 * taken back). Only objects unchanged for {@code bound} (twice the upload lease time) are looked
 * at, so an upload in flight is never touched; each is then judged against its image's record as
 * one statement reads it:
 *
 * <ul>
 *   <li>an object of the upload still holding its image ({@code saving} under that upload id) stays;
 *   <li>a temporary object otherwise goes (no later step can commit it: that needs the lease);
 *   <li>data stays while the image references it (its location) and is not {@code deleted} —
 *       {@code pending_delete} data is the scrubber's;
 *   <li>data of no image in the database stays: it is not Glimpse's to judge (another deployment
 *       sharing the directory, say), and so does data of an image whose location this store does
 *       not recognize (a moved store directory), since the sweep cannot tell it is unreferenced.
 * </ul>
 *
 * Removal is idempotent, and what makes an object referenced again needs the lease of the upload
 * that wrote it, which never comes back once gone; so several processes may sweep at once, beside
 * uploads, deletes and the scrubber.
 */
public final class StoreSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(StoreSweeper.class);
  static final int BATCH = 200;

  private final ImageRepository images;
  private final ImageStore store;
  private final Duration bound;
  private final ImageClock clock;

  /** What one sweep did. */
  public record Result(int temporaryRemoved, int dataRemoved, int foreignKept) {
    public int removed() {
      return temporaryRemoved + dataRemoved;
    }
  }

  public StoreSweeper(ImageRepository images, ImageStore store, Duration bound, ImageClock clock) {
    this.images = images;
    this.store = store;
    this.bound = bound;
    this.clock = clock;
  }

  /** One scheduled run: never throws, so that a failed run does not cancel the next ones. */
  public void run() {
    try {
      Result result = runOnce(clock.now());
      if (result.removed() > 0) {
        LOG.info("store sweep: removed {} temporary and {} unreferenced data object(s)",
            result.temporaryRemoved(), result.dataRemoved());
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("store sweep failed; trying again at the next run", e);
    }
  }

  /** Sweeps objects last written before {@code now - bound}. */
  public Result runOnce(Instant now) throws IOException {
    Instant before = now.minus(bound);
    int[] counts = new int[3];
    try (Stream<StoredObject> objects = store.list()) {
      Iterator<StoredObject> old = objects.filter(o -> o.lastModified().isBefore(before)).iterator();
      List<StoredObject> batch = new ArrayList<>(BATCH);
      while (old.hasNext()) {
        batch.add(old.next());
        if (batch.size() == BATCH || !old.hasNext()) {
          sweep(batch, counts);
          batch.clear();
        }
      }
    }
    if (counts[2] > 0) {
      LOG.debug("store sweep: {} data object(s) of images this database does not have were left alone", counts[2]);
    }
    return new Result(counts[0], counts[1], counts[2]);
  }

  private void sweep(List<StoredObject> batch, int[] counts) {
    Set<String> ids = new LinkedHashSet<>();
    batch.stream().map(StoredObject::imageId).filter(Objects::nonNull).forEach(ids::add);
    Map<String, DataState> states = new HashMap<>();
    if (!ids.isEmpty()) {
      images.dataStates(ids).forEach(s -> states.put(s.id(), s));
    }
    for (StoredObject object : batch) {
      DataState state = object.imageId() == null ? null : states.get(object.imageId());
      if (!object.temporary() && state == null) {
        counts[2]++;
        continue;
      }
      if (needed(object, state)) {
        continue;
      }
      try {
        store.remove(object);
      } catch (IOException | RuntimeException e) {
        LOG.warn("store sweep: {} not removed, trying again at the next run: {}", object.name(), e.toString());
        continue;
      }
      counts[object.temporary() ? 0 : 1]++;
      LOG.info("store sweep: removed {} {} of image {}{}", object.temporary() ? "temporary object" : "data",
          object.name(), object.imageId(), state == null ? "" : " (" + state.status().wire() + ")");
    }
  }

  /** Whether an object some image may still need; {@code state} null: no such image. */
  private boolean needed(StoredObject object, DataState state) {
    if (state == null) {
      return !object.temporary();
    }
    boolean holding = state.status() == ImageStatus.SAVING || state.status() == ImageStatus.UPLOADING;
    if (holding && state.uploadId() != null && Objects.equals(state.uploadId(), object.uploadId())) {
      return true;
    }
    if (object.temporary() || state.status() == ImageStatus.DELETED) {
      return false;
    }
    // a location this store cannot read might still name the object in a form it does not know
    return state.locations().stream()
        .anyMatch(location -> !store.handles(location) || location.equals(object.location()));
  }
}
