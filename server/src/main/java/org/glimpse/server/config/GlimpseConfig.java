package org.glimpse.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.data.HashAlgorithm;

/**
 * The whole configuration, typed and immutable, one record per section with Glance's option names.
 * Built by {@link ConfigLoader}; {@link #defaults()} is what runs with no file at all.
 */
public record GlimpseConfig(
    DefaultSection defaultSection,
    Database database,
    GlanceStore glanceStore,
    NoAuth noauth,
    OsloPolicy osloPolicy,
    ImageFormat imageFormat,
    PasteDeploy pasteDeploy,
    KeystoneAuthtoken keystoneAuthtoken,
    Healthcheck healthcheck,
    Manage manage,
    ImageCache imageCache,
    Notifications notifications,
    Metrics metrics,
    Sharing sharing,
    Imports imports,
    Backends backends,
    Limits limits) {

  /**
   * Unified limits: {@code [DEFAULT] use_keystone_limits} and oslo.limit's {@code [oslo_limit]}
   * (endpoint, and the credentials that read the limits; {@code cacheTime} in seconds).
   */
  public record Limits(boolean useKeystoneLimits, Optional<String> endpointId, Optional<String> authUrl,
      String authType, Optional<String> username, Optional<String> userId, Optional<String> password,
      Optional<String> userDomainName, Optional<String> userDomainId, Optional<String> projectName,
      Optional<String> projectId, Optional<String> projectDomainName, Optional<String> projectDomainId,
      Optional<String> systemScope, int cacheTime) {

    /**
     * The credentials that read the limits: this section's when it names its own auth_url, else
     * those of {@code [keystone_authtoken]}; timeouts and retries are always the latter's.
     */
    public KeystoneAuthtoken credentials(KeystoneAuthtoken k) {
      if (authUrl.isEmpty()) {
        return k;
      }
      return new KeystoneAuthtoken(k.wwwAuthenticateUri(), k.authUri(), authUrl, authType, username, userId,
          password, userDomainName, userDomainId, projectName, projectId, projectDomainName, projectDomainId,
          systemScope, k.tokenCacheTime(), k.serviceTokenRoles(), k.serviceTokenRolesRequired(),
          k.delayAuthDecision(), k.httpConnectTimeout(), k.httpRequestMaxRetries());
    }

    /** Credentials are secret: never printed. */
    @Override
    public String toString() {
      return "Limits[useKeystoneLimits=" + useKeystoneLimits + ", endpointId=" + endpointId.orElse("")
          + ", authUrl=" + authUrl.orElse("") + "]";
    }
  }

  /** What the management command (glimpse-manage) reads: {@code [DEFAULT] metadata_source_path}. */
  public record Manage(String metadataSourcePath) {}

  /**
   * {@code [DEFAULT]} options of the image cache: its directory (empty: no cache), its size limit
   * in bytes, the seconds after which an incomplete copy counts as stalled, and the seconds
   * between periodic prefetcher runs (empty: queued images are fetched at once).
   */
  public record ImageCache(Optional<String> dir, long maxSize, int stallTime, Optional<Integer> prefetcherInterval) {}

  /**
   * {@code [DEFAULT]} options of Glimpse's sharing extensions (see {@link
   * Options#VALIDATE_MEMBER_PROJECT} and the options after it); times are seconds.
   */
  public record Sharing(boolean validateMemberProject, int memberCheckCacheTime,
      int memberExpirySweepInterval) {}

  /**
   * Image import: {@code [DEFAULT] enabled_import_methods}, {@code [task] task_time_to_live} (hours),
   * {@code [import_filtering_opts]} and {@code [glance_download_properties] extra_properties}.
   */
  public record Imports(List<String> enabledImportMethods, int taskTimeToLive, List<String> allowedSchemes,
      List<String> disallowedSchemes, List<String> allowedHosts, List<String> disallowedHosts,
      List<String> allowedPorts, List<String> disallowedPorts, List<String> importPlugins,
      String conversionOutputFormat, Optional<String> workDir, List<String> glanceDownloadProperties,
      boolean doSecureHash, int httpRetries) {

    /** Whether {@code [image_import_opts] image_import_plugins} names image_conversion. */
    public boolean converts() {
      return importPlugins.contains("image_conversion");
    }
  }

  /** {@code [DEFAULT]}. Sizes are bytes; a quota of 0 or less means unlimited. */
  public record DefaultSection(
      String bindHost,
      int bindPort,
      long imageSizeCap,
      long userStorageQuota,
      HashAlgorithm hashingAlgorithm,
      int imageMemberQuota,
      int imagePropertyQuota,
      int imageTagQuota,
      boolean allowAnonymousAccess,
      boolean showImageDirectUrl,
      boolean showMultipleLocations,
      boolean enableV1Api,
      boolean enableV2Api,
      int limitParamDefault,
      int apiLimitMax,
      Optional<String> publicEndpoint,
      boolean delayedDelete,
      int scrubTime,
      int wakeupTime,
      int uploadStallTime,
      Optional<String> propertyProtectionFile,
      String propertyProtectionRuleFormat,
      Clients clients) {}

  /**
   * {@code [DEFAULT]} options bounding what clients may hold: seconds, bytes per second and a
   * thread count (see {@link Options#CLIENT_SOCKET_TIMEOUT} and the options after it).
   */
  public record Clients(
      int clientSocketTimeout,
      int clientHeaderTimeout,
      int clientBodyMinRate,
      int clientBodyTimeout,
      int httpThreads,
      int gracefulShutdownTimeout) {}

  /**
   * {@code [database]}; see {@link Options#DEFAULT_DATABASE_CONNECTION} for the forms. Times are
   * seconds; a recycle time of 0 means never.
   */
  public record Database(
      String connection,
      int maxPoolSize,
      int poolTimeout,
      int connectionRecycleTime,
      int statementTimeout) {}

  /** {@code [healthcheck]}: oslo.middleware's healthcheck, with its disable_by_file backend. */
  public record Healthcheck(Optional<String> disableByFilePath) {}

  /** {@code [glance_store]}. */
  public record GlanceStore(
      String defaultStore, List<String> stores, Path filesystemStoreDatadir, Swift swift, S3Store s3) {
    /** Without Swift or S3 settings of its own (their defaults). */
    public GlanceStore(String defaultStore, List<String> stores, Path filesystemStoreDatadir) {
      this(defaultStore, stores, filesystemStoreDatadir, GlimpseConfig.defaults().glanceStore().swift());
    }

    /** With Swift settings, the S3 store's at their defaults. */
    public GlanceStore(String defaultStore, List<String> stores, Path filesystemStoreDatadir, Swift swift) {
      this(defaultStore, stores, filesystemStoreDatadir, swift, S3Store.DEFAULTS);
    }

    /** With S3 settings, the Swift store's at their defaults. */
    public GlanceStore(String defaultStore, List<String> stores, Path filesystemStoreDatadir, S3Store s3) {
      this(defaultStore, stores, filesystemStoreDatadir, GlimpseConfig.defaults().glanceStore().swift(), s3);
    }
  }

  /**
   * The Swift store's options of {@code [glance_store]}, glance_store's names; sizes in MiB. The
   * account comes from {@code configFile}'s reference {@code defaultReference} when a file is set,
   * else from {@code authAddress}, {@code user} ({@code <project>:<user>}) and {@code key}.
   */
  public record Swift(
      Optional<String> authAddress,
      Optional<String> user,
      Optional<String> key,
      String authVersion,
      Optional<Path> configFile,
      String defaultReference,
      String container,
      boolean createContainerOnPut,
      int largeObjectSize,
      int largeObjectChunkSize,
      Optional<String> endpoint,
      Optional<String> region,
      String endpointType,
      String serviceType,
      boolean insecure,
      Optional<Path> caCertificates,
      boolean sslCompression,
      boolean bufferOnUpload) {
    @Override
    public String toString() {
      return "Swift[authAddress=" + authAddress + ", user=" + user + ", key=" + key.map(k -> "***")
          + ", configFile=" + configFile + ", reference=" + defaultReference + ", container=" + container + "]";
    }
  }

  /**
   * Several stores at once (Glance's multi-store): {@code [DEFAULT] enabled_backends} in order and
   * {@code [glance_store] default_backend}. No backends means the single store of {@link
   * GlanceStore}.
   */
  public record Backends(List<Backend> enabled, Optional<String> defaultBackend) {
    public static final Backends NONE = new Backends(List.of(), Optional.empty());

    public boolean on() {
      return !enabled.isEmpty();
    }
  }

  /**
   * One backend: its id (the section its options are read from), its glance_store type, {@code
   * store_description}, {@code weight}, and its store options as a single-store configuration of
   * that type.
   */
  public record Backend(String id, String type, Optional<String> description, int weight, GlanceStore store) {}
  /**
   * The {@code s3_store_*} options of {@code [glance_store]}, as read; the s3 store checks that
   * the required ones are set when it is the one used.
   */
  public record S3Store(
      Optional<String> host,
      Optional<String> accessKey,
      Optional<String> secretKey,
      Optional<String> bucket,
      boolean createBucketOnPut,
      String bucketUrlFormat,
      Optional<String> regionName,
      int largeObjectChunkSize,
      int threadPools,
      Optional<String> cacert,
      boolean enableDataIntegrityProtection,
      String requestChecksumCalculation,
      String responseChecksumValidation) {
    static final S3Store DEFAULTS = new S3Store(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), false, "auto", Optional.empty(), 10, 10, Optional.empty(), false, "when_required",
        "when_required");

    /** Hides the keys, which must never reach a log line. */
    @Override
    public String toString() {
      return "S3Store[host=" + host + ", bucket=" + bucket + ", bucketUrlFormat=" + bucketUrlFormat + "]";
    }
  }

  /** {@code [noauth]}: identity of requests when Keystone is not used. */
  public record NoAuth(String defaultProjectId, List<String> defaultRoles) {}

  /** {@code [paste_deploy]}: {@code flavor} names Glance's API pipeline; empty means none. */
  public record PasteDeploy(Optional<String> flavor) {}

  /**
   * {@code [oslo_policy]}. {@code enforceNewDefaults} unset means: on with Keystone, off with
   * noauth (see {@link Options#ENFORCE_NEW_DEFAULTS}).
   */
  public record OsloPolicy(
      Optional<String> policyFile,
      List<String> policyDirs,
      Optional<Boolean> enforceNewDefaults,
      boolean enforceScope) {}

  /** {@code [keystone_authtoken]}, with keystonemiddleware's names. */
  public record KeystoneAuthtoken(
      Optional<String> wwwAuthenticateUri,
      Optional<String> authUri,
      Optional<String> authUrl,
      String authType,
      Optional<String> username,
      Optional<String> userId,
      Optional<String> password,
      Optional<String> userDomainName,
      Optional<String> userDomainId,
      Optional<String> projectName,
      Optional<String> projectId,
      Optional<String> projectDomainName,
      Optional<String> projectDomainId,
      Optional<String> systemScope,
      int tokenCacheTime,
      List<String> serviceTokenRoles,
      boolean serviceTokenRolesRequired,
      boolean delayAuthDecision,
      Optional<Integer> httpConnectTimeout,
      int httpRequestMaxRetries) {

    /** Credentials are secret: never printed. */
    @Override
    public String toString() {
      return "KeystoneAuthtoken[authUrl=" + authUrl.orElse("") + ", username="
          + username.orElse("") + "]";
    }
  }

  /** {@code [image_format]}. */
  public record ImageFormat(List<String> diskFormats, List<String> containerFormats,
      boolean requireImageFormatMatch, List<String> gptSafetyChecksNonfatal) {
    public ImageFormat(List<String> diskFormats, List<String> containerFormats) {
      this(diskFormats, containerFormats, true, List.of());
    }
  }

  /**
   * Notifications: {@code [oslo_messaging_notifications]}, the {@code [DEFAULT]} options Glance and
   * oslo.messaging read for them, and {@code [oslo_messaging_rabbit]}. Times are seconds.
   *
   * @param transportUrl {@code [oslo_messaging_notifications] transport_url}, else {@code [DEFAULT]}'s
   */
  public record Notifications(
      List<String> drivers,
      Optional<String> transportUrl,
      List<String> topics,
      String controlExchange,
      String publisherId,
      List<String> disabled,
      Rabbit rabbit) {}

  /** {@code [oslo_messaging_rabbit]}: what matters for publishing notifications. */
  public record Rabbit(
      boolean durableQueues,
      boolean autoDelete,
      boolean haQueues,
      boolean quorumQueue,
      int retryInterval,
      int retryBackoff,
      int intervalMax,
      int heartbeatTimeoutThreshold) {}

  /** {@code [metrics]}: the Prometheus endpoint. */
  public record Metrics(boolean enabled, String bindHost, int bindPort) {}

  /** The configuration with every option at its default. */
  public static GlimpseConfig defaults() {
    return from(new RawConfig());
  }

  static GlimpseConfig from(RawConfig raw) {
    return new GlimpseConfig(
        new DefaultSection(
            raw.get(Options.BIND_HOST),
            raw.get(Options.BIND_PORT),
            raw.get(Options.IMAGE_SIZE_CAP),
            raw.get(Options.USER_STORAGE_QUOTA),
            raw.get(Options.HASHING_ALGORITHM),
            raw.get(Options.IMAGE_MEMBER_QUOTA),
            raw.get(Options.IMAGE_PROPERTY_QUOTA),
            raw.get(Options.IMAGE_TAG_QUOTA),
            raw.get(Options.ALLOW_ANONYMOUS_ACCESS),
            raw.get(Options.SHOW_IMAGE_DIRECT_URL),
            raw.get(Options.SHOW_MULTIPLE_LOCATIONS),
            raw.get(Options.ENABLE_V1_API),
            raw.get(Options.ENABLE_V2_API),
            raw.get(Options.LIMIT_PARAM_DEFAULT),
            raw.get(Options.API_LIMIT_MAX),
            raw.get(Options.PUBLIC_ENDPOINT),
            raw.get(Options.DELAYED_DELETE),
            raw.get(Options.SCRUB_TIME),
            raw.get(Options.WAKEUP_TIME),
            raw.get(Options.UPLOAD_STALL_TIME),
            raw.get(Options.PROPERTY_PROTECTION_FILE),
            raw.get(Options.PROPERTY_PROTECTION_RULE_FORMAT),
            new Clients(
                raw.get(Options.CLIENT_SOCKET_TIMEOUT),
                raw.get(Options.CLIENT_HEADER_TIMEOUT),
                raw.get(Options.CLIENT_BODY_MIN_RATE),
                raw.get(Options.CLIENT_BODY_TIMEOUT),
                raw.get(Options.HTTP_THREADS),
                raw.get(Options.GRACEFUL_SHUTDOWN_TIMEOUT))),
        new Database(
            raw.get(Options.DATABASE_CONNECTION),
            raw.get(Options.DATABASE_MAX_POOL_SIZE),
            raw.get(Options.DATABASE_POOL_TIMEOUT),
            raw.get(Options.DATABASE_CONNECTION_RECYCLE_TIME),
            raw.get(Options.DATABASE_STATEMENT_TIMEOUT)),
        new GlanceStore(
            raw.get(Options.DEFAULT_STORE),
            raw.get(Options.STORES),
            raw.get(Options.FILESYSTEM_STORE_DATADIR),
            swift(raw, "glance_store"),
            s3(raw, "glance_store")),
        new NoAuth(
            raw.get(Options.NOAUTH_DEFAULT_PROJECT_ID), raw.get(Options.NOAUTH_DEFAULT_ROLES)),
        new OsloPolicy(raw.get(Options.POLICY_FILE), raw.get(Options.POLICY_DIRS),
            raw.get(Options.ENFORCE_NEW_DEFAULTS), raw.get(Options.ENFORCE_SCOPE)),
        new ImageFormat(raw.get(Options.DISK_FORMATS), raw.get(Options.CONTAINER_FORMATS),
            raw.get(Options.REQUIRE_IMAGE_FORMAT_MATCH), raw.get(Options.GPT_SAFETY_CHECKS_NONFATAL)),
        new PasteDeploy(raw.get(Options.PASTE_DEPLOY_FLAVOR)),
        new KeystoneAuthtoken(
            raw.get(Options.KS_WWW_AUTHENTICATE_URI),
            raw.get(Options.KS_AUTH_URI),
            raw.get(Options.KS_AUTH_URL),
            raw.get(Options.KS_AUTH_TYPE),
            raw.get(Options.KS_USERNAME),
            raw.get(Options.KS_USER_ID),
            raw.get(Options.KS_PASSWORD),
            raw.get(Options.KS_USER_DOMAIN_NAME),
            raw.get(Options.KS_USER_DOMAIN_ID),
            raw.get(Options.KS_PROJECT_NAME),
            raw.get(Options.KS_PROJECT_ID),
            raw.get(Options.KS_PROJECT_DOMAIN_NAME),
            raw.get(Options.KS_PROJECT_DOMAIN_ID),
            raw.get(Options.KS_SYSTEM_SCOPE),
            raw.get(Options.KS_TOKEN_CACHE_TIME),
            raw.get(Options.KS_SERVICE_TOKEN_ROLES),
            raw.get(Options.KS_SERVICE_TOKEN_ROLES_REQUIRED),
            raw.get(Options.KS_DELAY_AUTH_DECISION),
            raw.get(Options.KS_HTTP_CONNECT_TIMEOUT),
            raw.get(Options.KS_HTTP_REQUEST_MAX_RETRIES)),
        new Healthcheck(raw.get(Options.HEALTHCHECK_DISABLE_BY_FILE_PATH)),
        new Manage(raw.get(Options.METADATA_SOURCE_PATH)),
        new ImageCache(raw.get(Options.IMAGE_CACHE_DIR).filter(s -> !s.isBlank()),
            raw.get(Options.IMAGE_CACHE_MAX_SIZE), raw.get(Options.IMAGE_CACHE_STALL_TIME),
            raw.get(Options.CACHE_PREFETCHER_INTERVAL)),
        new Notifications(
            raw.get(Options.NOTIFICATION_DRIVER),
            raw.get(Options.NOTIFICATION_TRANSPORT_URL).or(() -> raw.get(Options.TRANSPORT_URL)),
            raw.get(Options.NOTIFICATION_TOPICS),
            raw.get(Options.CONTROL_EXCHANGE),
            raw.get(Options.DEFAULT_PUBLISHER_ID),
            raw.get(Options.DISABLED_NOTIFICATIONS),
            new Rabbit(
                raw.get(Options.AMQP_DURABLE_QUEUES),
                raw.get(Options.AMQP_AUTO_DELETE),
                raw.get(Options.RABBIT_HA_QUEUES),
                raw.get(Options.RABBIT_QUORUM_QUEUE),
                raw.get(Options.RABBIT_RETRY_INTERVAL),
                raw.get(Options.RABBIT_RETRY_BACKOFF),
                raw.get(Options.RABBIT_INTERVAL_MAX),
                raw.get(Options.HEARTBEAT_TIMEOUT_THRESHOLD))),
        new Metrics(
            raw.get(Options.METRICS_ENABLED),
            raw.get(Options.METRICS_BIND_HOST),
            raw.get(Options.METRICS_BIND_PORT)),
        new Sharing(raw.get(Options.VALIDATE_MEMBER_PROJECT), raw.get(Options.MEMBER_CHECK_CACHE_TIME),
            raw.get(Options.MEMBER_EXPIRY_SWEEP_INTERVAL)),
        new Imports(raw.get(Options.ENABLED_IMPORT_METHODS), raw.get(Options.TASK_TIME_TO_LIVE),
            raw.get(Options.ALLOWED_SCHEMES), raw.get(Options.DISALLOWED_SCHEMES),
            raw.get(Options.ALLOWED_HOSTS), raw.get(Options.DISALLOWED_HOSTS),
            raw.get(Options.ALLOWED_PORTS), raw.get(Options.DISALLOWED_PORTS),
            raw.get(Options.IMAGE_IMPORT_PLUGINS), raw.get(Options.OUTPUT_FORMAT), raw.get(Options.WORK_DIR),
            raw.get(Options.GLANCE_DOWNLOAD_EXTRA_PROPERTIES), raw.get(Options.DO_SECURE_HASH),
            raw.get(Options.HTTP_RETRIES)),
        BackendsConfig.read(raw),
        new Limits(raw.get(Options.USE_KEYSTONE_LIMITS), raw.get(Options.OL_ENDPOINT_ID),
            raw.get(Options.OL_AUTH_URL), raw.get(Options.OL_AUTH_TYPE), raw.get(Options.OL_USERNAME),
            raw.get(Options.OL_USER_ID), raw.get(Options.OL_PASSWORD), raw.get(Options.OL_USER_DOMAIN_NAME),
            raw.get(Options.OL_USER_DOMAIN_ID), raw.get(Options.OL_PROJECT_NAME), raw.get(Options.OL_PROJECT_ID),
            raw.get(Options.OL_PROJECT_DOMAIN_NAME), raw.get(Options.OL_PROJECT_DOMAIN_ID),
            raw.get(Options.OL_SYSTEM_SCOPE), raw.get(Options.OL_CACHE_TIME)));
  }

  /** glance_store's Swift options as {@code section} gives them. */
  static Swift swift(RawConfig raw, String section) {
    return new Swift(
        raw.get(Options.SWIFT_STORE_AUTH_ADDRESS.in(section)),
        raw.get(Options.SWIFT_STORE_USER.in(section)),
        raw.get(Options.SWIFT_STORE_KEY.in(section)),
        raw.get(Options.SWIFT_STORE_AUTH_VERSION.in(section)),
        raw.get(Options.SWIFT_STORE_CONFIG_FILE.in(section)),
        raw.get(Options.DEFAULT_SWIFT_REFERENCE.in(section)),
        raw.get(Options.SWIFT_STORE_CONTAINER.in(section)),
        raw.get(Options.SWIFT_STORE_CREATE_CONTAINER_ON_PUT.in(section)),
        raw.get(Options.SWIFT_STORE_LARGE_OBJECT_SIZE.in(section)),
        raw.get(Options.SWIFT_STORE_LARGE_OBJECT_CHUNK_SIZE.in(section)),
        raw.get(Options.SWIFT_STORE_ENDPOINT.in(section)),
        raw.get(Options.SWIFT_STORE_REGION.in(section)),
        raw.get(Options.SWIFT_STORE_ENDPOINT_TYPE.in(section)),
        raw.get(Options.SWIFT_STORE_SERVICE_TYPE.in(section)),
        raw.get(Options.SWIFT_STORE_AUTH_INSECURE.in(section)),
        raw.get(Options.SWIFT_STORE_CACERT.in(section)),
        raw.get(Options.SWIFT_STORE_SSL_COMPRESSION.in(section)),
        raw.get(Options.SWIFT_BUFFER_ON_UPLOAD.in(section)));
  }

  /** glance_store's S3 options as {@code section} gives them. */
  static S3Store s3(RawConfig raw, String section) {
    return new S3Store(
        raw.get(Options.S3_STORE_HOST.in(section)),
        raw.get(Options.S3_STORE_ACCESS_KEY.in(section)),
        raw.get(Options.S3_STORE_SECRET_KEY.in(section)),
        raw.get(Options.S3_STORE_BUCKET.in(section)),
        raw.get(Options.S3_STORE_CREATE_BUCKET_ON_PUT.in(section)),
        raw.get(Options.S3_STORE_BUCKET_URL_FORMAT.in(section)),
        raw.get(Options.S3_STORE_REGION_NAME.in(section)),
        raw.get(Options.S3_STORE_LARGE_OBJECT_CHUNK_SIZE.in(section)),
        raw.get(Options.S3_STORE_THREAD_POOLS.in(section)),
        raw.get(Options.S3_STORE_CACERT.in(section)),
        raw.get(Options.S3_STORE_ENABLE_DATA_INTEGRITY_PROTECTION.in(section)),
        raw.get(Options.S3_STORE_REQUEST_CHECKSUM_CALCULATION.in(section)),
        raw.get(Options.S3_STORE_RESPONSE_CHECKSUM_VALIDATION.in(section)));
  }
}
