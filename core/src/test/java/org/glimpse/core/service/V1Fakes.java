package org.glimpse.core.service;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.Policy;

/** In-memory ports and the v1 services wired over them, for unit tests of the v1 domain rules. */
final class V1Fakes {
  final InMemoryImages images = new InMemoryImages();
  final InMemoryMembers members = new InMemoryMembers(images);
  final InMemoryStore store = new InMemoryStore();
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

}
