package org.glimpse.core.service;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.glimpse.core.data.HashAlgorithm;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageCache;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.ProjectDirectory;
import org.glimpse.core.port.ProjectLimits;
import org.glimpse.core.port.SharingRepository;
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
    SharingService sharing,
    V1ImageService v1Images,
    V1MemberService v1Members,
    UploadRecovery uploadRecovery,
    StoreSweeper storeSweeper,
    MemberExpirySweeper memberExpiry,
    CacheService cache,
    CachePrefetcher prefetcher,
    CacheManageService cacheManage,
    LimitEnforcer limits) {

  /**
   * The settings the services take from configuration.
   *
   * @param uploadLeaseTime how long an upload lease lasts unrenewed ({@code upload_stall_time})
   * @param hashing the multihash of uploaded data ({@code hashing_algorithm})
   * @param projectLimits Keystone's limits on image counts, or null ({@code use_keystone_limits} off)
   */
  public record Settings(ImageRules rules, DataLimits limits, int memberQuota, boolean delayedDelete,
      Duration uploadLeaseTime, HashAlgorithm hashing, boolean showMultipleLocations, ProjectLimits projectLimits) {
    public static final Duration DEFAULT_UPLOAD_LEASE_TIME = Duration.ofSeconds(60);

    /** Without unified limits ({@code use_keystone_limits} off) and with locations hidden. */
    public Settings(ImageRules rules, DataLimits limits, int memberQuota, boolean delayedDelete,
        Duration uploadLeaseTime, HashAlgorithm hashing) {
      this(rules, limits, memberQuota, delayedDelete, uploadLeaseTime, hashing, false, null);
    }

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

  /**
   * This node's image cache and how it is used.
   *
   * @param cache the cache, or null when {@code image_cache_dir} is unset (the cache API then
   *     answers 404, as in Glance)
   * @param serveDownloads whether downloads fill and read the cache (Glance's cache middleware,
   *     the {@code caching} or {@code cachemanagement} paste flavors)
   * @param prefetch where queued images are fetched into the cache
   * @param fetchOnQueue whether an image queued through the API is fetched at once (Glance 25) or
   *     by the next periodic run ({@code cache_prefetcher_interval}, Glance 24)
   */
  public record Caching(ImageCache cache, boolean serveDownloads, Executor prefetch, boolean fetchOnQueue) {
    public static final Caching NONE = new Caching(null, false, Runnable::run, true);
  }

  public static Services wire(ImageRepository imageRepository, MemberRepository memberRepository,
      SharingRepository sharingRepository, ProjectDirectory directory, ImageStore store,
      ImagePolicy policy, Notifier notifier, ImageClock clock, Settings settings) {
    return wire(imageRepository, memberRepository, sharingRepository, directory, store, policy, notifier, clock,
        settings, Caching.NONE);
  }

  /**
   * As above, with this node's image cache.
   *
   * @param sharingRepository domain shares, trusted producers, batches, inbox, expiry
   * @param directory who checks that member projects exist ({@link ProjectDirectory#UNCHECKED}
   *     unless validate_member_project)
   */
  public static Services wire(ImageRepository imageRepository, MemberRepository memberRepository,
      SharingRepository sharingRepository, ProjectDirectory directory, ImageStore store,
      ImagePolicy policy, Notifier notifier, ImageClock clock, Settings settings, Caching caching) {
    return wire(imageRepository, memberRepository, sharingRepository, directory, store, policy, notifier, clock,
        settings, caching, Runnable::run);
  }

  /**
   * As above; {@code background} runs what a request starts and does not wait for (v1's
   * copy-from).
   */
  public static Services wire(ImageRepository imageRepository, MemberRepository memberRepository,
      SharingRepository sharingRepository, ProjectDirectory directory, ImageStore store,
      ImagePolicy policy, Notifier notifier, ImageClock clock, Settings settings, Caching caching,
      Executor background) {
    ImageLookup lookup = new ImageLookup(imageRepository, memberRepository, sharingRepository, policy);
    ImageUpdater updater = new ImageUpdater(imageRepository, settings.rules(), clock);
    UploadLeases leases = new UploadLeases(imageRepository, clock, settings.uploadLeaseTime(),
        UploadLeases.thisProcess());
    LimitEnforcer limits = new LimitEnforcer(imageRepository, settings.projectLimits());
    ImageUploader uploader = new ImageUploader(imageRepository, updater, store, settings.limits(),
        settings.hashing(), notifier, leases, limits);
    ImageDeleter deleter = new ImageDeleter(imageRepository, store, settings.delayedDelete(), caching.cache());
    DataReader reader = new DataReader(store, caching.serveDownloads() ? caching.cache() : null);
    ImageService images = new ImageService(imageRepository, lookup, policy, settings.rules(), updater,
        deleter, notifier, clock, new LocationPatcher(policy, store, settings.hashing(),
            settings.showMultipleLocations()), limits);
    ImageDataService data = new ImageDataService(lookup, policy, reader, updater, uploader, notifier, limits);
    MemberService members = new MemberService(memberRepository, sharingRepository, directory, lookup,
        policy, settings.memberQuota(), notifier, clock);
    SharingService sharing = new SharingService(memberRepository, sharingRepository, directory, lookup,
        policy, members, settings.memberQuota(), notifier, clock);
    V1ImageService v1Images = new V1ImageService(images, imageRepository, lookup, policy, updater, uploader, store,
        reader, notifier, new V1CopyFrom(updater, uploader, store, background, limits), limits);
    V1MemberService v1Members = new V1MemberService(memberRepository, members, imageRepository, v1Images, policy);
    UploadRecovery recovery = new UploadRecovery(imageRepository, updater, store, settings.uploadLeaseTime(), clock);
    StoreSweeper sweeper = new StoreSweeper(imageRepository, store, settings.storeSweepBound(), clock);
    MemberExpirySweeper memberExpiry = new MemberExpirySweeper(sharingRepository, notifier, clock);
    CachePrefetcher prefetcher = caching.cache() == null ? null
        : new CachePrefetcher(imageRepository, store, caching.cache(), caching.prefetch(),
            caching.fetchOnQueue());
    CacheService cache = new CacheService(lookup, policy, caching.cache(), prefetcher);
    return new Services(lookup, updater, uploader, images, data, members, sharing, v1Images, v1Members,
        recovery, sweeper, memberExpiry, cache, prefetcher,
        caching.cache() == null ? null : new CacheManageService(policy, caching.cache(), prefetcher), limits);
  }
}
