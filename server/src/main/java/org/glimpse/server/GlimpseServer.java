package org.glimpse.server;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.MetadefPolicy;
import org.glimpse.core.policy.Policy;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.port.ProjectLimits;
import org.glimpse.core.data.format.FormatRules;
import org.glimpse.core.service.DataLimits;
import org.glimpse.core.service.ImageRules;
import org.glimpse.core.service.Scrubber;
import org.glimpse.core.service.MetadefContentService;
import org.glimpse.core.service.MetadefService;
import org.glimpse.core.service.Imports;
import org.glimpse.core.service.ImportConversion;
import org.glimpse.core.service.GlanceDownload;
import org.glimpse.core.imports.ImportRequest;
import org.glimpse.server.imports.RemoteGlanceClient;
import org.glimpse.server.auth.keystone.KeystoneCatalog;
import org.glimpse.core.data.format.ImageConverter;
import org.glimpse.core.service.UsageService;
import org.glimpse.server.imports.ImportFilter;
import org.glimpse.server.imports.SafeWebSource;
import java.util.concurrent.ExecutorService;
import org.glimpse.core.service.Services;
import org.glimpse.core.port.ProjectDirectory;
import org.glimpse.core.time.ImageClock;
import org.glimpse.db.Database;
import org.glimpse.db.PoolSettings;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.auth.Authenticators;
import org.glimpse.server.auth.keystone.KeystoneLimits;
import org.glimpse.server.auth.keystone.KeystoneProjects;
import org.glimpse.server.auth.keystone.KeystoneSettings;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.Options;
import org.glimpse.server.config.PolicyConfig;
import org.glimpse.server.config.PropertyProtectionFile;
import org.glimpse.server.http.AccessLog;
import org.glimpse.server.http.ClientLimits;
import org.glimpse.server.http.ErrorMapper;
import org.glimpse.server.http.GracefulShutdown;
import org.glimpse.server.http.Healthcheck;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.RequestIds;
import org.glimpse.server.http.RequestInput;
import org.glimpse.server.http.RequestScope;
import org.glimpse.server.http.Routes;
import org.glimpse.server.metrics.GlimpseMetrics;
import org.glimpse.server.metrics.HttpMetrics;
import org.glimpse.server.metrics.MeteredImageStore;
import org.glimpse.server.metrics.MetricsServer;
import org.glimpse.server.notify.Notifications;
import org.glimpse.server.notify.NotifyMetrics;
import org.glimpse.server.sharing.SharingApi;
import org.glimpse.server.v1.V1Api;
import org.glimpse.server.v2.CacheManageResource;
import org.glimpse.stores.cache.FileImageCache;
import org.glimpse.server.v2.V2Api;
import org.glimpse.server.v2.metadefs.MetadefApi;
import org.glimpse.server.v2.metadefs.MetadefJson;
import org.glimpse.server.versions.VersionNegotiation;
import org.glimpse.server.versions.VersionsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the configuration, by hand and in one place, and
 * runs the HTTP server. {@link #start} returns once the server listens; {@link #stop} releases
 * everything.
 */
public final class GlimpseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GlimpseServer.class);
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
  /** How long one qemu-img run of the image_conversion plugin may take. */
  private static final Duration QEMU_IMG_TIMEOUT = Duration.ofHours(1);
  private static final Set<String> DISCOVERY = Set.of("/", "/versions", "/versions/");
  private static final HandlerType[] ANY_METHOD = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
      HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD};

  private final Database database;
  private final Javalin app;
  private final GracefulShutdown shutdown;
  private final AtomicBoolean stopped = new AtomicBoolean();
  /** Runs the scrubber while delayed_delete is on; null otherwise. */
  private final ScheduledExecutorService scrubber;
  /** Runs upload recovery and the store sweep. */
  private final ScheduledExecutorService housekeeping;
  /** Fetches queued images into the image cache and cleans it; null without a cache. */
  private final ScheduledExecutorService imageCache;
  /** Publishes notifications (its relay runs with a messaging driver). */
  private final Notifications notifications;
  /** The [metrics] listener; null while metrics are off. */
  private final MetricsServer metricsServer;

  private GlimpseServer(Database database, Javalin app, GracefulShutdown shutdown,
      ScheduledExecutorService scrubber, ScheduledExecutorService housekeeping, ScheduledExecutorService imageCache,
      Notifications notifications, MetricsServer metricsServer) {
    this.database = database;
    this.app = app;
    this.shutdown = shutdown;
    this.scrubber = scrubber;
    this.housekeeping = housekeeping;
    this.imageCache = imageCache;
    this.notifications = notifications;
    this.metricsServer = metricsServer;
  }

  public static GlimpseServer start(GlimpseConfig config) {
    return start(config, UnaryOperator.identity());
  }

  /**
   * Starts the server with the configured store wrapped by {@code storeWrapper}: tests count or
   * break what the store is asked through it.
   */
  public static GlimpseServer start(GlimpseConfig config, UnaryOperator<ImageStore> storeWrapper) {
    GlimpseConfig.DefaultSection d = config.defaultSection();
    Authenticator authenticator = Authenticators.fromConfig(config);
    FileImageCache cache = openImageCache(config);
    Database database = openDatabase(config.database());
    ScheduledExecutorService cacheWorker = cache == null ? null : daemonExecutor("glimpse-image-cache");
    Notifications notifications = null;
    MetricsServer metricsServer = null;
    try {
      GracefulShutdown shutdown = new GracefulShutdown(
          Duration.ofSeconds(d.clients().gracefulShutdownTimeout()));
      GlimpseMetrics metrics = config.metrics().enabled() ? new GlimpseMetrics(shutdown::uploadsInFlight) : null;
      GlimpseConfig.Imports ic = config.imports();
      SafeWebSource web = new SafeWebSource(new ImportFilter(ic.allowedSchemes(), ic.disallowedSchemes(),
          ic.allowedHosts(), ic.disallowedHosts(), ic.allowedPorts(), ic.disallowedPorts()));
      StoreRegistry stores = StoreRegistry.open(config, web);
      ImageStore store = storeWrapper.apply(stores.store());
      if (metrics != null) {
        store = new MeteredImageStore(store, metrics.registry());
        database.reportPoolMetrics(metrics.registry());
      }
      ImageClock clock = ImageClock.system();
      notifications = Notifications.start(config.notifications(), database.outbox(),
          metrics != null ? metrics : NotifyMetrics.NONE, clock::now);
      PolicyConfig policyConfig = PolicyConfig.from(config.osloPolicy(), Authenticators.isKeystone(config));
      Policy policyRules = policyConfig.rules();
      ImagePolicy policy = new ImagePolicy(policyRules, PropertyProtectionFile.load(
          d.propertyProtectionFile(), d.propertyProtectionRuleFormat(), policyRules), policyConfig.ownerChecks());
      ImageRules rules = new ImageRules(config.imageFormat().diskFormats(),
          config.imageFormat().containerFormats(), d.imagePropertyQuota(), d.imageTagQuota());
      GlimpseConfig.Sharing sharing = config.sharing();
      ExecutorService importPool = importPool();
      ProjectLimits projectLimits = projectLimits(config);
      Services services = Services.wire(database.images(), database.members(), database.sharing(),
          projectDirectory(config), store, policy, notifications.notifier(), clock, new Services.Settings(rules,
              new DataLimits(d.imageSizeCap(), d.userStorageQuota(), new FormatRules(
                  config.imageFormat().requireImageFormatMatch(),
                  Set.copyOf(config.imageFormat().gptSafetyChecksNonfatal()))), d.imageMemberQuota(), d.delayedDelete(),
              Duration.ofSeconds(d.uploadStallTime()), d.hashingAlgorithm(), d.showMultipleLocations(), projectLimits),
          cache == null ? Services.Caching.NONE
              : new Services.Caching(cache, Authenticators.cachesDownloads(config), cacheWorker,
                  config.imageCache().prefetcherInterval().isEmpty()), importPool);

      Imports imports = Imports.wire(services, database.images(), database.tasks(), store, policy, web,
          notifications.notifier(), clock, Duration.ofSeconds(d.uploadStallTime()), Duration.ofHours(ic.taskTimeToLive()),
          ic.enabledImportMethods(), importPool, conversion(ic, d.imageSizeCap(), config),
          glanceDownload(config, web),
          new Imports.LocationSettings(ic.doSecureHash(), ic.httpRetries(), d.hashingAlgorithm(),
              stores.httpStore(config), stores.describe().backendOf()));

      VersionsResource versions = new VersionsResource(d.enableV1Api(), d.enableV2Api(), d.publicEndpoint().orElse(null),
          cache != null, stores.multiStore());
      Javalin app = Javalin.create(c -> {
        c.showJavalinBanner = false;
        c.http.maxRequestSize = Json.MAX_BODY;
        c.jetty.modifyHttpConfiguration(h -> {
          h.setRequestHeaderSize(16 * 1024);
          h.setSendServerVersion(false);
        });
        RequestScope.install(c.jetty);
        if (d.enableV2Api()) {
          VersionNegotiation.install(c.jetty, cache != null, stores.multiStore());
        }
        // operability and bounds on clients (see docs/architecture.md)
        AccessLog.install(c.jetty);
        if (metrics != null) {
          HttpMetrics.install(c, metrics.registry());
        }
        Healthcheck.install(c.jetty, config.healthcheck().disableByFilePath().map(Path::of).orElse(null));
        shutdown.install(c.jetty);
        clientLimits(d.clients()).install(c.jetty, d.bindHost(), d.bindPort());
      });
      Routes routes = new Routes(app);
      routes.before("", RequestInput::check);
      routes.before("", ctx -> {
        // version discovery answers before authentication, as Glance's version negotiation does
        RequestContext rc = DISCOVERY.contains(ctx.path())
            ? RequestContext.anonymous(RequestIds.of(ctx)) : authenticator.authenticate(ctx, RequestIds.of(ctx));
        Authenticator.remember(ctx, rc);
        // a caller with no identity gets 401 unless allow_anonymous_access, and then only reads (v1: its own routes)
        if (ctx.path().startsWith("/v2")) {
          policy.requireAuthenticated(rc, d.allowAnonymousAccess(), MUTATING.contains(ctx.method().name()));
        }
      });
      app.exception(GlimpseException.class, ErrorMapper::handle);
      app.exception(Exception.class, ErrorMapper::handleUnexpected);

      if (d.enableV2Api()) {
        new V2Api(services.images(), services.data(), services.members(), services.cache(), imports,
            new UsageService(database.images(), d.userStorageQuota(), projectLimits), config, stores.describe(), policy)
            .register(routes);
        MetadefPolicy metadefPolicy = new MetadefPolicy(policyRules);
        new MetadefApi(new MetadefService(database.metadefs(), metadefPolicy, clock, MetadefJson::readObject),
            new MetadefContentService(database.metadefs(), metadefPolicy, clock, MetadefJson::readObject),
            d.limitParamDefault(), d.apiLimitMax()).register(routes);
        if (services.cacheManage() != null && Authenticators.managesCache(config)) {
          new CacheManageResource(services.cacheManage()).register(routes);
        }
        new SharingApi(services.sharing(), policy, sharing.validateMemberProject(), d.imageMemberQuota())
            .register(routes);
      }
      if (d.enableV1Api()) {
        new V1Api(services.v1Images(), services.v1Members(), policy, versions, config).register(routes);
      }
      // Glance answers version discovery whatever the method. Added after the API's routes,
      // which Javalin tries first, in the order they were added, so a call tries no more
      // patterns than it must.
      for (HandlerType method : ANY_METHOD) {
        routes.add(method, "/", versions::multipleChoices);
        routes.add(method, "/versions", versions::list);
      }
      for (HandlerType method : ANY_METHOD) {
        routes.add(method, "/<path>", ctx -> {
          String first = ctx.path().replaceFirst("^/+", "").split("/", 2)[0];
          if (versions.isServedVersion(first)) {
            ErrorMapper.render(ctx, 404, "The resource could not be found.");
          } else {
            versions.multipleChoices(ctx);
          }
        });
      }
      app.start();
      LOG.info("Glimpse listening on http://{}:{}", d.bindHost(), port(app));
      if (cache != null) {
        cacheWorker.scheduleWithFixedDelay(cache::clean, 0, 1, TimeUnit.HOURS);
        Integer interval = config.imageCache().prefetcherInterval().orElse(null);
        if (interval == null) {
          services.prefetcher().submitQueued();
        } else {
          cacheWorker.scheduleWithFixedDelay(services.prefetcher()::runQueue, interval, interval, TimeUnit.SECONDS);
        }
      }
      if (metrics != null) {
        metricsServer = MetricsServer.start(config.metrics().bindHost(), config.metrics().bindPort(),
            metrics.registry());
      }
      return new GlimpseServer(database, app, shutdown, startScrubber(d, database, store, clock),
          startHousekeeping(d.uploadStallTime(), sharing.memberExpirySweepInterval(), services, database, imports), cacheWorker,
          notifications, metricsServer);
    } catch (RuntimeException e) {
      if (cacheWorker != null) {
        cacheWorker.shutdownNow();
      }
      if (metricsServer != null) {
        metricsServer.close();
      }
      if (notifications != null) {
        notifications.close();
      }
      database.close();
      throw e;
    }
  }

  /**
   * This node's image cache when {@code image_cache_dir} is set. Glance's cache middleware (a
   * caching flavor) needs one: without the directory the server does not start.
   */
  private static FileImageCache openImageCache(GlimpseConfig config) {
    GlimpseConfig.ImageCache c = config.imageCache();
    if (c.dir().isEmpty()) {
      if (Authenticators.cachesDownloads(config)) {
        throw new ConfigException("[paste_deploy] flavor = " + config.pasteDeploy().flavor().orElse("")
            + " has Glance's image cache middleware, which needs [DEFAULT] image_cache_dir");
      }
      return null;
    }
    FileImageCache cache = new FileImageCache(Path.of(c.dir().get()), c.maxSize(),
        Duration.ofSeconds(c.stallTime()), Clock.systemUTC());
    LOG.info("image cache in {} (at most {} bytes){}", cache.directory(), c.maxSize(),
        Authenticators.cachesDownloads(config) ? "; downloads fill and are served from it" : "; API only");
    return cache;
  }

  private static ScheduledExecutorService daemonExecutor(String name) {
    return Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * With delayed_delete, every process runs the scrubber every wakeup_time seconds, from start;
   * the scrubber is safe when several processes share the database.
   */
  private static ScheduledExecutorService startScrubber(GlimpseConfig.DefaultSection d, Database database,
      ImageStore store, ImageClock clock) {
    if (!d.delayedDelete()) {
      return null;
    }
    Scrubber scrubber = new Scrubber(database.images(), store, Duration.ofSeconds(d.scrubTime()), clock);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "glimpse-scrubber");
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleWithFixedDelay(scrubber::run, 0, d.wakeupTime(), TimeUnit.SECONDS);
    LOG.info("delayed delete on: scrubbing every {} s images pending deletion for {} s", d.wakeupTime(),
        d.scrubTime());
    return executor;
  }

  /**
   * Every process takes back images of dead uploads (a quarter of upload_stall_time apart), sweeps
   * the store (upload_stall_time apart), refreshes stale planner statistics (every minute) and
   * writes the children copies older images lack (until none is left); all are safe when several
   * processes share the database and the store.
   */
  private static ScheduledExecutorService startHousekeeping(int stallSeconds, int expirySweepSeconds,
      Services services, Database database, Imports imports) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "glimpse-housekeeping");
      thread.setDaemon(true);
      return thread;
    });
    long stall = TimeUnit.SECONDS.toMillis(stallSeconds);
    executor.scheduleWithFixedDelay(services.uploadRecovery()::run, 0, Math.max(250, stall / 4), TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(services.storeSweeper()::run, stall, stall, TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(services.memberExpiry()::run, expirySweepSeconds, expirySweepSeconds,
        TimeUnit.SECONDS);
    executor.scheduleWithFixedDelay(() -> {
      try {
        database.refreshStatistics();
      } catch (RuntimeException e) {
        LOG.warn("refreshing the planner statistics failed: {}", e.toString());
      }
    }, 60, 60, TimeUnit.SECONDS);
    executor.scheduleWithFixedDelay(imports.tasks()::reap, 0, 1, TimeUnit.HOURS);
    // images stored before their rows carried a copy of their children get one, half a second of
    // work a second, so that the other chores keep their pace
    executor.scheduleWithFixedDelay(() -> {
      try {
        database.fillMissingChildrenCopies(Duration.ofMillis(500));
      } catch (RuntimeException e) {
        LOG.warn("writing the children copies of older images failed (tried again): {}", e.toString());
      }
    }, 0, 500, TimeUnit.MILLISECONDS);
    return executor;
  }

  /**
   * Who tells whether a member project exists: Keystone, with the service user of
   * [keystone_authtoken], when validate_member_project is on (which needs Keystone); else nobody.
   */
  private static ProjectDirectory projectDirectory(GlimpseConfig config) {
    GlimpseConfig.Sharing sharing = config.sharing();
    if (!sharing.validateMemberProject()) {
      return ProjectDirectory.UNCHECKED;
    }
    if (!Authenticators.isKeystone(config)) {
      throw new ConfigException(Options.VALIDATE_MEMBER_PROJECT + " = true needs Keystone:"
          + " set [paste_deploy] flavor = keystone and [keystone_authtoken]");
    }
    return new KeystoneProjects(KeystoneSettings.from(config),
        Duration.ofSeconds(sharing.memberCheckCacheTime()));
  }

  /**
   * Keystone's unified limits on the image service's endpoint when use_keystone_limits is on
   * (which needs Keystone and [oslo_limit] endpoint_id); else null.
   */
  private static ProjectLimits projectLimits(GlimpseConfig config) {
    GlimpseConfig.Limits limits = config.limits();
    if (!limits.useKeystoneLimits()) {
      return null;
    }
    if (!Authenticators.isKeystone(config)) {
      throw new ConfigException(Options.USE_KEYSTONE_LIMITS + " = true needs Keystone:"
          + " set [paste_deploy] flavor = keystone and [keystone_authtoken]");
    }
    String endpointId = limits.endpointId().filter(id -> !id.isBlank()).orElseThrow(() -> new ConfigException(
        Options.USE_KEYSTONE_LIMITS + " = true needs " + Options.OL_ENDPOINT_ID
            + ": the image service's endpoint in Keystone"));
    return new KeystoneLimits(KeystoneSettings.from(config, limits.credentials(config.keystoneAuthtoken())),
        endpointId, Duration.ofSeconds(limits.cacheTime()));
  }

  /**
   * glance-download's reach into other regions: the caller's catalog (Keystone) and the import
   * filter's client. Without Keystone there is no token to reach them with, and the import is
   * refused (the method stays listed when enabled, as enabled_import_methods says).
   */
  private static GlanceDownload glanceDownload(GlimpseConfig config, SafeWebSource web) {
    List<String> prefixes = config.imports().glanceDownloadProperties();
    if (!Authenticators.isKeystone(config)) {
      if (config.imports().enabledImportMethods().contains(ImportRequest.GLANCE_DOWNLOAD)) {
        LOG.warn("glance-download is enabled but [paste_deploy] flavor is not keystone: every glance-download"
            + " import will be refused, as it needs the caller's Keystone token");
      }
      return new GlanceDownload(null, prefixes);
    }
    return new GlanceDownload(new RemoteGlanceClient(new KeystoneCatalog(KeystoneSettings.from(config)), web),
        prefixes);
  }

  /** The image_conversion import plugin when {@code image_import_plugins} names it, else null. */
  private static ImportConversion conversion(GlimpseConfig.Imports ic, long sizeCap, GlimpseConfig config) {
    if (!ic.converts()) {
      return null;
    }
    FormatRules rules = new FormatRules(config.imageFormat().requireImageFormatMatch(),
        Set.copyOf(config.imageFormat().gptSafetyChecksNonfatal()));
    Path workDir = ic.workDir().map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "glimpse-work"));
    return new ImportConversion(new ImageConverter(ic.conversionOutputFormat(), rules, QEMU_IMG_TIMEOUT),
        workDir, sizeCap);
  }

  /** Image imports run here: a few at a time per process, on daemon threads. */
  private static ExecutorService importPool() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return new java.util.concurrent.ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS,
        new java.util.concurrent.LinkedBlockingQueue<>(256), task -> {
          Thread thread = new Thread(task, "glimpse-import-" + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private static ClientLimits clientLimits(GlimpseConfig.Clients c) {
    return new ClientLimits(Duration.ofSeconds(c.clientSocketTimeout()),
        Duration.ofSeconds(c.clientHeaderTimeout()), c.clientBodyMinRate(),
        Duration.ofSeconds(c.clientBodyTimeout()), c.httpThreads());
  }

  /** Opens (and migrates) the database {@code [database]} names; also for glimpse-manage. */
  public static Database openDatabase(GlimpseConfig.Database db) {
    PoolSettings pool = new PoolSettings(db.maxPoolSize(), Duration.ofSeconds(db.poolTimeout()),
        Duration.ofSeconds(db.connectionRecycleTime()), Duration.ofSeconds(db.statementTimeout()));
    try {
      return Database.open(prepareConnection(db.connection()), pool);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[database] connection: " + e.getMessage());
    }
  }

  /** An H2 file database lives under a directory that may not exist yet on a fresh machine. */
  private static String prepareConnection(String connection) {
    if (connection.startsWith("h2:") && !connection.startsWith("h2:mem")) {
      Path parent = Path.of(connection.substring(3)).toAbsolutePath().getParent();
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create database directory " + parent, e);
      }
    }
    return connection;
  }

  private static int port(Javalin app) {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  public int port() {
    return port(app);
  }

  /**
   * Stops accepting requests, lets those in flight finish within graceful_shutdown_timeout (failing
   * uploads that would not), then releases everything.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    shutdown.stop(app);
    housekeeping.shutdownNow();
    try {
      housekeeping.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (imageCache != null) {
      imageCache.shutdownNow();
    }
    if (scrubber != null) {
      scrubber.shutdownNow();
      try {
        scrubber.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // notifications recorded by the last requests are published now or, if the relay cannot, at
    // the next start of any process on this database
    notifications.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
    database.close();
  }

  /** The port of the [metrics] listener; -1 while metrics are off. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  @Override
  public void close() {
    stop();
  }
}
