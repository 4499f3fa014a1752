package org.glimpse.core.service;

import java.time.Duration;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.time.ImageClock;

/**
 * The domain services, wired once over the ports: one lookup, one update gate, one uploader, one
 * deleter, shared by the v2 services and the v1 face; and the background work the server runs on
 * timers (upload recovery, store sweep). The server's composition root builds the ports and calls
 * {@link #wire}; tests wire in-memory ports the same way.
 */
public record Services(
    ImageLookup lookup,
    ImageUpdater updater,
    ImageUploader uploader,
    ImageService images,
    ImageDataService data,
    MemberService members,
    V1ImageService v1Images,
    V1MemberService v1Members,
    UploadRecovery uploadRecovery,
    StoreSweeper storeSweeper) {

  /**
   * The settings the services take from configuration.
   *
   * @param uploadLeaseTime how long an upload lease lasts unrenewed ({@code upload_stall_time})
   * @param hashing the multihash of uploaded data ({@code hashing_algorithm})
   */
  public record Settings(ImageRules rules, DataLimits limits, int memberQuota, boolean delayedDelete,
      Duration uploadLeaseTime, HashAlgorithm hashing) {
    public static final Duration DEFAULT_UPLOAD_LEASE_TIME = Duration.ofSeconds(60);

    public Settings(ImageRules rules, DataLimits limits, int memberQuota, boolean delayedDelete,
        Duration uploadLeaseTime) {
      this(rules, limits, memberQuota, delayedDelete, uploadLeaseTime, HashAlgorithm.SHA512);
    }

    public Settings(ImageRules rules, DataLimits limits, int memberQuota, boolean delayedDelete) {
      this(rules, limits, memberQuota, delayedDelete, DEFAULT_UPLOAD_LEASE_TIME);
    }

    public static Settings glanceDefaults() {
      return new Settings(ImageRules.glanceDefaults(), DataLimits.glanceDefaults(), 128, false);
    }

    /** Objects in the store unchanged for this long may be swept: twice the lease time. */
    public Duration storeSweepBound() {
      return uploadLeaseTime.multipliedBy(2);
    }
  }

  public static Services wire(ImageRepository imageRepository, MemberRepository memberRepository,
      ImageStore store, ImagePolicy policy, Notifier notifier, ImageClock clock, Settings settings) {
    ImageLookup lookup = new ImageLookup(imageRepository, memberRepository, policy);
    ImageUpdater updater = new ImageUpdater(imageRepository, settings.rules(), clock);
    UploadLeases leases = new UploadLeases(imageRepository, clock, settings.uploadLeaseTime(),
        UploadLeases.thisProcess());
    ImageUploader uploader = new ImageUploader(imageRepository, updater, store, settings.limits(),
        settings.hashing(), notifier, leases);
    ImageDeleter deleter = new ImageDeleter(imageRepository, store, settings.delayedDelete());
    ImageService images = new ImageService(imageRepository, lookup, policy, settings.rules(), updater,
        deleter, notifier, clock);
    ImageDataService data = new ImageDataService(lookup, policy, store, updater, uploader);
    MemberService members = new MemberService(memberRepository, lookup, policy, settings.memberQuota(),
        notifier, clock);
    V1ImageService v1Images = new V1ImageService(images, imageRepository, lookup, policy, updater, uploader, store);
    V1MemberService v1Members = new V1MemberService(memberRepository, members, imageRepository, v1Images, policy);
    UploadRecovery recovery = new UploadRecovery(imageRepository, updater, store, settings.uploadLeaseTime(), clock);
    StoreSweeper sweeper = new StoreSweeper(imageRepository, store, settings.storeSweepBound(), clock);
    return new Services(lookup, updater, uploader, images, data, members, v1Images, v1Members, recovery,
        sweeper);
  }
}
