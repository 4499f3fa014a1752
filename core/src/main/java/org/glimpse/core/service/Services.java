package org.glimpse.core.service;

import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.time.ImageClock;

/**
 * The domain services, wired once over the ports: one lookup, one update gate, one uploader, one
 * deleter, shared by the v2 services and the v1 face. The server's composition root builds the
 * ports and calls {@link #wire}; tests wire in-memory ports the same way.
 */
public record Services(
    ImageLookup lookup,
    ImageUpdater updater,
    ImageUploader uploader,
    ImageService images,
    ImageDataService data,
    MemberService members,
    V1ImageService v1Images,
    V1MemberService v1Members) {

  /** The settings the services take from configuration. */
  public record Settings(ImageRules rules, DataLimits limits, int memberQuota, boolean delayedDelete) {
    public static Settings glanceDefaults() {
      return new Settings(ImageRules.glanceDefaults(), DataLimits.glanceDefaults(), 128, false);
    }
  }

  public static Services wire(ImageRepository imageRepository, MemberRepository memberRepository,
      ImageStore store, ImagePolicy policy, Notifier notifier, ImageClock clock, Settings settings) {
    ImageLookup lookup = new ImageLookup(imageRepository, memberRepository, policy);
    ImageUpdater updater = new ImageUpdater(imageRepository, settings.rules(), clock);
    ImageUploader uploader = new ImageUploader(imageRepository, updater, store, settings.limits(), notifier);
    ImageDeleter deleter = new ImageDeleter(imageRepository, store, settings.delayedDelete());
    ImageService images = new ImageService(imageRepository, lookup, policy, settings.rules(), updater,
        deleter, notifier, clock);
    ImageDataService data = new ImageDataService(lookup, policy, store, updater, uploader);
    MemberService members = new MemberService(memberRepository, lookup, policy, settings.memberQuota(),
        notifier, clock);
    V1ImageService v1Images = new V1ImageService(images, imageRepository, lookup, policy, updater, uploader, store);
    V1MemberService v1Members = new V1MemberService(memberRepository, members, imageRepository, v1Images, policy);
    return new Services(lookup, updater, uploader, images, data, members, v1Images, v1Members);
  }
}
