package org.glimpse.core.service;

import java.io.ByteArrayInputStream;
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

/** In-memory ports and the v1 services wired over them, for unit tests of the v1 domain rules. */
final class V1Fakes {
  final Images images = new Images();
  final Members members = new Members(images);
  final Store store = new Store();
  final Clock clock = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
  final ImagePolicy policy = new ImagePolicy(Policy.glanceDefaults());
  final ImageLookup lookup = new ImageLookup(images, members, policy);
  final V1ImageService v1Images;
  final V1MemberService v1Members;

  V1Fakes(int memberQuota, long sizeCap) {
    ImageUploader uploader = new ImageUploader(images, store, new DataLimits(sizeCap, 0), clock);
    v1Images = new V1ImageService(images, lookup, policy, ImageRules.glanceDefaults(), uploader, store,
        new ImageDeleter(images, store, false), sizeCap, clock);
    v1Members = new V1MemberService(members, images, v1Images, policy, memberQuota, clock);
  }

  V1Fakes() {
    this(128, 1 << 20);
  }

  static RequestContext project(String project) {
    return new RequestContext(project, "u-" + project, Set.of("member", "reader"), true, "req-test");
  }

  static RequestContext admin() {
    return new RequestContext("adm", "u-adm", Set.of("admin"), true, "req-test");
  }

  static V1Upload upload(String data) {
    return new V1Upload(new ByteArrayInputStream(data.getBytes()), data.length(), true);
  }

  /** An active private image owned by {@code owner} with data "abc". */
  String img(String owner) {
    V1ImageMeta meta = new V1ImageMeta().put("disk_format", "raw").put("container_format", "bare");
    return v1Images.create(project(owner), meta, upload("abc")).getId();
  }

  static final class Images implements ImageRepository {
    final Map<String, Image> rows = new LinkedHashMap<>();

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
      throw new UnsupportedOperationException("the scrubber is tested with ServiceFakes");
    }

    @Override
    public boolean completeDelete(String id, Instant when) {
      throw new UnsupportedOperationException("the scrubber is tested with ServiceFakes");
    }

    @Override
    public List<Image> list(ImageQuery query) {
      throw new UnsupportedOperationException("listing is the database's job");
    }

    @Override
    public long storageUsedBy(String owner, String excludingImageId) {
      return 0;
    }
  }

  static final class Members implements MemberRepository {
    private final Images images;
    final Map<String, Member> rows = new LinkedHashMap<>();

    Members(Images images) {
      this.images = images;
    }

    private static String key(String imageId, String memberId) {
      return imageId + "/" + memberId;
    }

    @Override
    public List<Member> listForImage(String imageId) {
      return rows.values().stream().filter(m -> m.imageId().equals(imageId)).toList();
    }

    @Override
    public List<Member> listForMember(String memberId) {
      return rows.values().stream()
          .filter(m -> m.memberId().equals(memberId) && images.find(m.imageId()).isPresent()).toList();
    }

    @Override
    public Optional<Member> find(String imageId, String memberId) {
      return Optional.ofNullable(rows.get(key(imageId, memberId)));
    }

    @Override
    public void add(Member member) {
      if (rows.putIfAbsent(key(member.imageId(), member.memberId()), member) != null) {
        throw new ConflictException("duplicate member");
      }
    }

    @Override
    public void update(Member member) {
      if (rows.replace(key(member.imageId(), member.memberId()), member) == null) {
        throw new NotFoundException("no member");
      }
    }

    @Override
    public boolean remove(String imageId, String memberId) {
      return rows.remove(key(imageId, memberId)) != null;
    }

    @Override
    public int count(String imageId) {
      return listForImage(imageId).size();
    }
  }

  /** Keeps committed objects in memory and counts staged objects still open. */
  static final class Store implements ImageStore {
    final Map<String, byte[]> objects = new HashMap<>();
    final List<String> open = new ArrayList<>();

    @Override
    public String scheme() {
      return "file";
    }

    @Override
    public boolean handles(String location) {
      return location.startsWith("file://");
    }

    @Override
    public StagedData stage(String imageId, InputStream data) throws IOException {
      byte[] bytes = data.readAllBytes();
      open.add(imageId);
      return new StagedData() {
        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public String commit() {
          objects.put("file:///" + imageId, bytes);
          return "file:///" + imageId;
        }

        @Override
        public void close() {
          open.remove(imageId);
        }
      };
    }

    @Override
    public InputStream open(String location, long offset, long length) {
      return new ByteArrayInputStream(objects.get(location));
    }

    @Override
    public void delete(String location) {
      objects.remove(location);
    }
  }
}
