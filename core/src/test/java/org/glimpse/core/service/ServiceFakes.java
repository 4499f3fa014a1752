package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Member;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.Policy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.MemberRepository;

/** In-memory ports with the v2 image services wired over them, as the server wires them. */
final class ServiceFakes {
  final Images images = new Images();
  final NoMembers members = new NoMembers();
  final Store store = new Store();
  final Clock clock = Clock.fixed(Instant.parse("2024-01-02T03:04:05.123456789Z"), ZoneOffset.UTC);
  final ImagePolicy policy = new ImagePolicy(Policy.glanceDefaults());
  final ImageLookup lookup = new ImageLookup(images, members, policy);
  final ImageService service;
  final ImageUploader uploader;
  final ImageDataService data;

  ServiceFakes(DataLimits limits, boolean delayedDelete) {
    service = new ImageService(images, lookup, policy, ImageRules.glanceDefaults(),
        new ImageDeleter(images, store, delayedDelete), clock);
    uploader = new ImageUploader(images, store, limits, clock);
    data = new ImageDataService(images, lookup, policy, store, uploader, clock);
  }

  ServiceFakes(DataLimits limits) {
    this(limits, false);
  }

  ServiceFakes() {
    this(DataLimits.glanceDefaults());
  }

  static RequestContext project(String project) {
    return new RequestContext(project, "u-" + project, Set.of("member", "reader"), true, "req-test");
  }

  static RequestContext admin() {
    return new RequestContext("adm", "u-adm", Set.of("admin"), true, "req-test");
  }

  static final class Images implements ImageRepository {
    final Map<String, Image> rows = new LinkedHashMap<>();
    /** Runs before each update: a test's way to change the world in the middle of an operation. */
    Runnable beforeUpdate = () -> { };

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
    public void update(Image image, ImageStatus expectedStatus) {
      beforeUpdate.run();
      Image stored = find(image.getId()).orElseThrow(() -> new NotFoundException("gone"));
      if (stored.getStatus() != expectedStatus) {
        throw new ConflictException("status changed");
      }
      rows.put(image.getId(), image.copy());
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
    public void markPendingDelete(String id, Instant when) {
      delete(id, when);
      rows.get(id).setStatus(ImageStatus.PENDING_DELETE);
    }

    @Override
    public List<Image> findPendingDelete(Instant deletedBy, String afterId, int limit) {
      return rows.values().stream()
          .filter(i -> i.getStatus() == ImageStatus.PENDING_DELETE && !i.getDeletedAt().isAfter(deletedBy))
          .filter(i -> afterId == null || i.getId().compareTo(afterId) > 0)
          .sorted(java.util.Comparator.comparing(Image::getId))
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
  }

  static final class NoMembers implements MemberRepository {
    @Override
    public List<Member> listForImage(String imageId) {
      return List.of();
    }

    @Override
    public List<Member> listForMember(String memberId) {
      return List.of();
    }

    @Override
    public Optional<Member> find(String imageId, String memberId) {
      return Optional.empty();
    }

    @Override
    public void add(Member member) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void update(Member member) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean remove(String imageId, String memberId) {
      return false;
    }

    @Override
    public int count(String imageId) {
      return 0;
    }
  }

  /** Committed objects in memory; staged objects still open are listed in {@code staged}. */
  static final class Store implements ImageStore {
    final Map<String, byte[]> objects = new HashMap<>();
    final List<String> staged = new ArrayList<>();

    @Override
    public String scheme() {
      return "mem";
    }

    @Override
    public boolean handles(String location) {
      return location.startsWith("mem://");
    }

    @Override
    public StagedData stage(String imageId, InputStream data) throws IOException {
      byte[] bytes = data.readAllBytes();
      staged.add(imageId);
      return new StagedData() {
        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public String commit() {
          objects.put("mem://" + imageId, bytes);
          return "mem://" + imageId;
        }

        @Override
        public void close() {
          staged.remove(imageId);
        }
      };
    }

    @Override
    public InputStream open(String location, long offset, long length) {
      byte[] all = objects.get(location);
      if (all == null) {
        throw new NotFoundException("no object " + location);
      }
      int end = length < 0 ? all.length : (int) Math.min(all.length, offset + length);
      return new java.io.ByteArrayInputStream(all, (int) offset, end - (int) offset);
    }

    @Override
    public void delete(String location) {
      objects.remove(location);
    }
  }
}
