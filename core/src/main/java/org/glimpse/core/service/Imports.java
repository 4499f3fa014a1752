package org.glimpse.core.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.TaskRepository;
import org.glimpse.core.port.WebSource;
import org.glimpse.core.time.ImageClock;

/** The image import services, wired once over {@link Services} (see {@link #wire}). */
public record Imports(ImageStager stager, ImportService imports, ImportRunner runner, TaskService tasks) {

  public static Imports wire(Services services, org.glimpse.core.port.ImageRepository images, TaskRepository tasks, ImageStore store,
      ImagePolicy policy, WebSource web, Notifier notifier, ImageClock clock, Duration leaseTime,
      Duration taskTimeToLive, List<String> enabledMethods, ExecutorService pool, ImportConversion conversion,
      GlanceDownload glanceDownload) {
    UploadLeases leases = new UploadLeases(images, clock, leaseTime, UploadLeases.thisProcess());
    ImageStager stager = new ImageStager(services.lookup(), policy, images, services.updater(), store,
        services.uploader(), leases, services.limits());
    ImportRunner runner = new ImportRunner(services.updater(), store, services.uploader(), tasks, web, notifier,
        clock, leaseTime, taskTimeToLive, pool, conversion, glanceDownload);
    ImportService imports = new ImportService(services.lookup(), policy, services.updater(), tasks, web, runner,
        notifier, clock, leaseTime, enabledMethods, services.limits());
    return new Imports(stager, imports, runner, new TaskService(tasks, policy, services.lookup(), clock));
  }
}
