package org.glimpse.core.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.Policy;

/** In-memory ports with the v2 image services wired over them, as the server wires them. */
final class ServiceFakes {
  final InMemoryImages images = new InMemoryImages();
  final InMemoryMembers members = new InMemoryMembers(images);
  final InMemoryStore store = new InMemoryStore();
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

}
