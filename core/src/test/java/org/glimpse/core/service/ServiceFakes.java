package org.glimpse.core.service;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.Policy;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.ProjectDirectory;
import org.glimpse.core.time.ImageClock;

/** In-memory ports with the domain services wired over them, as the server wires them. */
final class ServiceFakes {
  final InMemoryImages images = new InMemoryImages();
  final InMemoryMembers members = new InMemoryMembers(images);
  final InMemoryStore store = new InMemoryStore();
  static final Instant T0 = Instant.parse("2024-01-02T03:04:05.123456789Z");
  final ImageClock clock;
  final ImagePolicy policy;
  final Services services;
  final ImageLookup lookup;
  final ImageService service;
  final ImageUploader uploader;
  final ImageDataService data;
  final V1ImageService v1Images;
  final V1MemberService v1Members;
  /** What the services told the notifier, in order. */
  final RecordingNotifier notifier = new RecordingNotifier();

  ServiceFakes(DataLimits limits, boolean delayedDelete, int memberQuota) {
    this(limits, delayedDelete, memberQuota, new ImagePolicy(Policy.glanceDefaults()));
  }

  ServiceFakes(DataLimits limits, boolean delayedDelete, int memberQuota, ImagePolicy policy) {
    this(new ImageClock(Clock.fixed(T0, ZoneOffset.UTC)),
        new Services.Settings(ImageRules.glanceDefaults(), limits, memberQuota, delayedDelete), policy);
  }

  ServiceFakes(ImageClock clock, Services.Settings settings) {
    this(clock, settings, new ImagePolicy(Policy.glanceDefaults()));
  }

  ServiceFakes(ImageClock clock, Services.Settings settings, ImagePolicy policy) {
    this.clock = clock;
    this.policy = policy;
    services = Services.wire(images, members, new NoSharing(), ProjectDirectory.UNCHECKED, store, policy,
        notifier, clock, settings);
    lookup = services.lookup();
    service = services.images();
    uploader = services.uploader();
    data = services.data();
    v1Images = services.v1Images();
    v1Members = services.v1Members();
  }

  ServiceFakes(DataLimits limits, boolean delayedDelete) {
    this(limits, delayedDelete, 128);
  }

  ServiceFakes(DataLimits limits) {
    this(limits, false);
  }

  ServiceFakes() {
    this(DataLimits.glanceDefaults());
  }

  /** For the v1 tests: the member quota and the image size cap. */
  static ServiceFakes v1(int memberQuota, long sizeCap) {
    return new ServiceFakes(new DataLimits(sizeCap, 0), false, memberQuota);
  }

  static ServiceFakes v1() {
    return v1(128, 1 << 20);
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

  /** An active private image owned by {@code owner} with data "abc", made through v1. */
  String img(String owner) {
    V1ImageMeta meta = new V1ImageMeta().put("disk_format", "raw").put("container_format", "bare");
    return v1Images.create(project(owner), meta, upload("abc")).getId();
  }
}
