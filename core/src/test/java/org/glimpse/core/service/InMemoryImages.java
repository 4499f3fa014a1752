package org.glimpse.core.service;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.ProjectUsage;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.port.ImageRepository;

/** Image records in a map, for service tests; listing is left to the database tests. */
final class InMemoryImages implements ImageRepository {
  final Map<String, Image> rows = new LinkedHashMap<>();
  /** Runs before each update: a test's way to change the world in the middle of an operation. */
  Runnable beforeUpdate = () -> { };
  /** When set, lease renewals fail as a database that does not answer would. */
  volatile boolean renewalsFail;

  @Override
  public void create(Image image) {
    if (rows.containsKey(image.getId())) {
      throw new ConflictException("duplicate " + image.getId());
    }
    rows.put(image.getId(), image.copy());
  }

  @Override
  public Optional<Image> find(String id) {
    return findIncludingDeleted(id).filter(i -> !i.isDeleted());
  }

  @Override
  public Optional<Image> findIncludingDeleted(String id) {
    return Optional.ofNullable(rows.get(id)).map(Image::copy);
  }

  @Override
  public synchronized Image update(String id, ImageMutation change) {
    beforeUpdate.run();
    Image image = find(id).orElseThrow(() -> new NotFoundException("No image found with ID " + id));
    change.apply(image);
    rows.put(id, image.copy());
    return image;
  }

  @Override
  public void delete(String id, Instant when) {
    Image image = find(id).orElseThrow(() -> new NotFoundException("gone"));
    image.setDeleted(true);
    image.setDeletedAt(when);
    image.setStatus(ImageStatus.DELETED);
    rows.put(id, image);
  }

  @Override
  public boolean deleteWithoutData(String id, Instant when) {
    if (find(id).orElseThrow(() -> new NotFoundException("gone")).getLocation() != null) {
      return false;
    }
    delete(id, when);
    return true;
  }

  @Override
  public void markPendingDelete(String id, Instant when) {
    ImageStatus status = find(id).orElseThrow(() -> new NotFoundException("gone")).getStatus();
    if (!status.holdsData()) {
      throw new ConflictException("not active: " + status.wire());
    }
    delete(id, when);
    rows.get(id).setStatus(ImageStatus.PENDING_DELETE);
  }

  @Override
  public List<Image> findPendingDelete(Instant deletedBy, String afterId, int limit) {
    return rows.values().stream()
        .filter(i -> i.getStatus() == ImageStatus.PENDING_DELETE && !i.getDeletedAt().isAfter(deletedBy))
        .filter(i -> afterId == null || i.getId().compareTo(afterId) > 0)
        .sorted(Comparator.comparing(Image::getId))
        .limit(limit).map(Image::copy).toList();
  }

  @Override
  public boolean completeDelete(String id, Instant when) {
    Image image = rows.get(id);
    if (image == null || image.getStatus() != ImageStatus.PENDING_DELETE) {
      return false;
    }
    image.setStatus(ImageStatus.DELETED);
    image.setUpdatedAt(when);
    return true;
  }

  @Override
  public List<Image> list(ImageQuery query) {
    throw new UnsupportedOperationException("listing is the database's job");
  }

  @Override
  public long storageUsedBy(String owner, String excludingImageId) {
    return rows.values().stream()
        .filter(i -> owner.equals(i.getOwner()) && !i.getId().equals(excludingImageId) && !i.isDeleted())
        .mapToLong(i -> i.getSize() == null ? 0 : i.getSize()).sum();
  }

  @Override
  public ProjectUsage usageOf(String owner) {
    List<Image> live = rows.values().stream()
        .filter(i -> owner != null && owner.equals(i.getOwner()) && !i.isDeleted())
        .filter(i -> !Set.of(ImageStatus.KILLED, ImageStatus.DELETED, ImageStatus.PENDING_DELETE).contains(i.getStatus()))
        .toList();
    Set<ImageStatus> staging = Set.of(ImageStatus.UPLOADING, ImageStatus.IMPORTING);
    long stored = live.stream().filter(i -> !staging.contains(i.getStatus()) && i.getLocation() != null)
        .mapToLong(i -> i.getSize() == null ? 0 : i.getSize()).sum();
    long staged = live.stream().filter(i -> staging.contains(i.getStatus()) && i.getLocation() != null)
        .mapToLong(i -> i.getSize() == null ? 0 : i.getSize()).sum();
    long uploading = live.stream().filter(i -> i.getStatus() == ImageStatus.SAVING || staging.contains(i.getStatus())).count();
    return new ProjectUsage(stored, staged, live.size(), uploading);
  }

  @Override
  public synchronized boolean renewUpload(String id, String uploadId, Instant expiresAt) {
    if (renewalsFail) {
      throw new IllegalStateException("database down");
    }
    Image image = rows.get(id);
    if (image == null || image.isDeleted() || image.getStatus() != ImageStatus.SAVING
        || image.getUpload() == null || !image.getUpload().id().equals(uploadId)) {
      return false;
    }
    image.setUpload(image.getUpload().renewedUntil(expiresAt));
    return true;
  }

  @Override
  public List<Image> findExpiredUploads(Instant now, Instant unleasedBefore, String afterId, int limit) {
    return rows.values().stream()
        .filter(i -> !i.isDeleted() && i.getStatus() == ImageStatus.SAVING)
        .filter(i -> {
          UploadLease lease = i.getUpload();
          return lease == null ? i.getUpdatedAt().isBefore(unleasedBefore) : lease.expiredAt(now);
        })
        .filter(i -> afterId == null || i.getId().compareTo(afterId) > 0)
        .sorted(Comparator.comparing(Image::getId))
        .limit(limit).map(Image::copy).toList();
  }

  @Override
  public List<DataState> dataStates(Collection<String> ids) {
    return ids.stream().map(rows::get).filter(java.util.Objects::nonNull)
        .map(i -> new DataState(i.getId(), i.getStatus(),
            i.getLocations().stream().map(org.glimpse.core.image.ImageLocation::url).toList(),
            i.getUpload() == null ? null : i.getUpload().id()))
        .toList();
  }
}
