package org.glimpse.core.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.glimpse.core.data.HashAlgorithm;
import java.util.concurrent.ExecutorService;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.TaskRepository;
import org.glimpse.core.port.WebSource;
import org.glimpse.core.time.ImageClock;

/** The image import services, wired once over {@link Services} (see {@link #wire}). */
public record Imports(ImageStager stager, ImportService imports, ImportRunner runner, TaskService tasks,
    LocationImportService locations, LegacyImportService legacy) {

  /**
   * The location API's settings.
   *
   * @param doSecureHash {@code [DEFAULT] do_secure_hash}
   * @param httpRetries {@code [DEFAULT] http_retries}: how often reading a location's data is tried
   * @param hashing {@code hashing_algorithm}, the multihash when the request names none
   * @param httpStore whether an http store is configured
   * @param backendOf in multi-store mode the backend holding a location, else always empty
   */
  public record LocationSettings(boolean doSecureHash, int httpRetries, HashAlgorithm hashing, boolean httpStore,
      Function<String, Optional<String>> backendOf) {}

  public static Imports wire(Services services, org.glimpse.core.port.ImageRepository images, TaskRepository tasks, ImageStore store,
      ImagePolicy policy, WebSource web, Notifier notifier, ImageClock clock, Duration leaseTime,
      Duration taskTimeToLive, List<String> enabledMethods, ExecutorService pool, ImportConversion conversion,
      GlanceDownload glanceDownload, LocationSettings locationSettings) {
    UploadLeases leases = new UploadLeases(images, clock, leaseTime, UploadLeases.thisProcess());
    ImageStager stager = new ImageStager(services.lookup(), policy, images, services.updater(), store,
        services.uploader(), leases, services.limits());
    ImportRunner runner = new ImportRunner(services.updater(), store, services.uploader(), tasks, web, notifier,
        clock, leaseTime, taskTimeToLive, pool, conversion, glanceDownload);
    ImportService imports = new ImportService(services.lookup(), policy, services.updater(), tasks, web, runner,
        notifier, clock, leaseTime, enabledMethods, services.limits());
    LocationImportRunner locationRunner = new LocationImportRunner(services.updater(), store, tasks, notifier, clock,
        new LocationImportRunner.Settings(locationSettings.doSecureHash(), locationSettings.httpRetries(),
            locationSettings.hashing(), leaseTime, taskTimeToLive), locationSettings.backendOf(), pool);
    LocationImportService locations = new LocationImportService(services.lookup(), policy, services.updater(), store,
        tasks, imports, locationRunner, notifier, clock, locationSettings.httpStore());
    LegacyImportService legacy = new LegacyImportService(services.images(), services.updater(), tasks, web, runner,
        notifier, clock, pool);
    return new Imports(stager, imports, runner, new TaskService(tasks, policy, services.lookup(), clock), locations,
        legacy);
  }
}
