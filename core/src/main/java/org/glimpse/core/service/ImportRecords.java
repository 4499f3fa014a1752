package org.glimpse.core.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.glimpse.core.data.DigestingChunks;
import org.glimpse.core.data.format.ImageConverter;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an import changes in its image's record, each change through the {@link ImageUpdater} gate
 * and only while the import's task holds the lock ({@code os_glance_import_task}): a store's data
 * recorded as a location as soon as it is written (so the store sweep never takes it for
 * unreferenced), a store marked failed, and the revert of a failed import. The store lists are
 * kept as Glance's import flow keeps them: a store leaves {@code os_glance_importing_to_stores} when
 * its copy is done, and joins {@code os_glance_failed_import} when it failed.
 */
final class ImportRecords {
  private static final Logger LOG = LoggerFactory.getLogger(ImportRecords.class);

  /** The import's task no longer holds the image: it was taken over, or the image was deleted. */
  static final class LockLost extends RuntimeException {
    LockLost(String imageId, String taskId) {
      super("Image " + imageId + " is no longer imported by task " + taskId);
    }
  }

  /** The data of one store, as {@link #record} writes it. */
  record Data(DigestingChunks.Digests digests, Long virtualSize, ImageConverter.Converted converted) {}

  private final ImageUpdater updater;

  ImportRecords(ImageUpdater updater) {
    this.updater = updater;
  }

  static boolean holds(Image current, String taskId) {
    return taskId.equals(current.getProperties().get(ImportService.LOCK))
        && (current.getStatus() == ImageStatus.IMPORTING || current.getStatus() == ImageStatus.ACTIVE);
  }

  /**
   * Adds {@code location} (in store {@code storeId}; null with a single store) to the image. The
   * first data of an import ({@code data} not null) sets size and hashes and replaces the staged
   * object ({@code staged}); {@code activate} makes an importing image active, then applying
   * {@code onActive} (null: nothing more) to it; {@code last} drops the lock.
   */
  Image record(String imageId, String taskId, String storeId, String location, Data data, String staged,
      boolean activate, boolean last, java.util.function.Consumer<Image> onActive) {
    return updater.updateRecord(imageId, current -> {
      if (!holds(current, taskId)) {
        throw new LockLost(imageId, taskId);
      }
      List<ImageLocation> locations = new ArrayList<>(current.getLocations());
      if (staged != null) {
        locations.removeIf(l -> l.url().equals(staged));
      }
      locations.add(new ImageLocation(location, storeId == null ? ImageLocation.NO_METADATA
          : "{\"store\": \"" + storeId + "\"}"));
      current.setLocations(locations);
      if (data != null) {
        current.setSize(data.digests().size());
        current.setVirtualSize(data.virtualSize());
        current.setChecksum(data.digests().md5Hex());
        current.setOsHashAlgo(data.digests().algorithm().glanceName());
        current.setOsHashValue(data.digests().multihashHex());
        if (data.converted() != null && data.converted().converted()) {
          current.setDiskFormat(data.converted().diskFormat());
          current.setContainerFormat("bare");
        }
      }
      if (storeId == null) {
        current.getProperties().put(ImportService.IMPORTING_TO, "");
      } else {
        StoreList.remove(current, ImportService.IMPORTING_TO, List.of(storeId));
      }
      if (activate && current.getStatus() == ImageStatus.IMPORTING) {
        current.setStatus(ImageStatus.ACTIVE);
        if (onActive != null) {
          onActive.accept(current);
        }
      }
      if (last) {
        current.getProperties().remove(ImportService.LOCK);
      }
    });
  }

  /**
   * Marks {@code storeId} failed (when not all stores must succeed); the last store drops the lock
   * of an image that is active (an import that wrote no store at all is reverted instead).
   */
  void failed(String imageId, String taskId, String storeId, boolean last) {
    updater.updateRecord(imageId, current -> {
      if (!holds(current, taskId)) {
        throw new LockLost(imageId, taskId);
      }
      StoreList.remove(current, ImportService.IMPORTING_TO, List.of(storeId));
      StoreList.add(current, ImportService.FAILED, List.of(storeId));
      if (last && current.getStatus() == ImageStatus.ACTIVE) {
        current.getProperties().remove(ImportService.LOCK);
      }
    });
  }

  /**
   * Reverts a failed import if {@code taskId} still holds the image; returns the locations whose
   * data must go, or null if the task did not hold it. An image still importing goes back to
   * queued with no data (all its locations are the import's or its staged object); an active one
   * (copy-image) loses only the locations this import added ({@code added}), never its last one.
   * The import's stores leave the importing list ({@code targets} empty: the list is emptied) and
   * {@code failedStores} join the failed list.
   */
  List<String> revert(String imageId, String taskId, Collection<String> targets, Collection<String> failedStores,
      Collection<String> added) {
    List<String> doomed = new ArrayList<>();
    boolean[] held = {false};
    try {
      updater.updateRecord(imageId, current -> {
        if (!taskId.equals(current.getProperties().get(ImportService.LOCK))) {
          return;
        }
        held[0] = true;
        current.getProperties().remove(ImportService.LOCK);
        if (targets.isEmpty()) {
          current.getProperties().put(ImportService.IMPORTING_TO, "");
        } else {
          StoreList.remove(current, ImportService.IMPORTING_TO, targets);
        }
        if (!failedStores.isEmpty()) {
          StoreList.add(current, ImportService.FAILED, failedStores);
        }
        if (current.getStatus() == ImageStatus.IMPORTING || current.getStatus() == ImageStatus.UPLOADING) {
          current.getLocations().forEach(l -> doomed.add(l.url()));
          current.setStatus(ImageStatus.QUEUED);
          current.clearData();
        } else {
          List<ImageLocation> kept = current.getLocations().stream().filter(l -> !added.contains(l.url())).toList();
          if (!kept.isEmpty() && kept.size() < current.getLocations().size()) {
            current.getLocations().stream().filter(l -> added.contains(l.url())).forEach(l -> doomed.add(l.url()));
            current.setLocations(kept);
          }
        }
      });
    } catch (GlimpseException e) {
      LOG.info("image {} not put back after import task {}: {}", imageId, taskId, e.getMessage());
      return null;
    }
    return held[0] ? doomed : null;
  }
}
