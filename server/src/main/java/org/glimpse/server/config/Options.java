package org.glimpse.server.config;

import static org.glimpse.server.config.OptionType.bool;
import static org.glimpse.server.config.OptionType.bracketedList;
import static org.glimpse.server.config.OptionType.quotedList;
import static org.glimpse.server.config.OptionType.choice;
import static org.glimpse.server.config.OptionType.host;
import static org.glimpse.server.config.OptionType.integer;
import static org.glimpse.server.config.OptionType.list;
import static org.glimpse.server.config.OptionType.longInteger;
import static org.glimpse.server.config.OptionType.optionalBool;
import static org.glimpse.server.config.OptionType.optionalInteger;
import static org.glimpse.server.config.OptionType.optionalPath;
import static org.glimpse.server.config.OptionType.optionalString;
import static org.glimpse.server.config.OptionType.optionalUrl;
import static org.glimpse.server.config.OptionType.path;
import static org.glimpse.server.config.OptionType.port;
import static org.glimpse.server.config.OptionType.size;
import static org.glimpse.server.config.OptionType.string;
import static org.glimpse.server.config.OptionType.zeroOrAtLeast;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.data.HashAlgorithm;

/**
 * Every option Glimpse reads, with Glance's section and key names. Defaults are Glance's unless a
 * help text says otherwise. Add an option here, read it in {@link GlimpseConfig}, then regenerate
 * the sample config and reference with {@link ConfigDocs}.
 */
public final class Options {
  private Options() {}

  public static final String DEFAULT = "DEFAULT";

  /**
   * The default {@code [database] connection}: an H2 database in files under {@code ./data} ({@code
   * ./data/glimpse.mv.db}). The form is {@code h2:<path>}; other values are SQLAlchemy-style URLs
   * as in glance-api.conf ({@code postgresql://…}, {@code mysql+pymysql://…}) or JDBC URLs,
   * interpreted by the db module.
   */
  public static final String DEFAULT_DATABASE_CONNECTION = "h2:./data/glimpse";

  public static final Option<String> BIND_HOST =
      new Option<>(
          DEFAULT,
          "bind_host",
          host(),
          "127.0.0.1",
          "Address the API server listens on (Glance's default is 0.0.0.0; Glimpse"
              + " listens on loopback only unless told otherwise).");
  public static final Option<Integer> BIND_PORT =
      new Option<>(
          DEFAULT,
          "bind_port",
          port(),
          "9292",
          "Port the API server listens on; 0 picks a free port.");
  public static final Option<Long> IMAGE_SIZE_CAP =
      new Option<>(
          DEFAULT,
          "image_size_cap",
          longInteger(1, Long.MAX_VALUE),
          "1099511627776",
          "Largest image, in bytes, that may be uploaded (default 1 TiB).");
  public static final Option<Long> USER_STORAGE_QUOTA =
      new Option<>(
          DEFAULT,
          "user_storage_quota",
          size(),
          "0",
          "Total image storage allowed per project, e.g. 500GB; units B, KB, MB, GB, TB are powers"
              + " of 1024; 0 means unlimited.");
  public static final Option<HashAlgorithm> HASHING_ALGORITHM =
      new Option<>(
          DEFAULT,
          "hashing_algorithm",
          new OptionType<>("hash algorithm", HashAlgorithm::of),
          "sha512",
          "Algorithm of the multihash of image data (os_hash_algo, os_hash_value), by hashlib's name:"
              + " md5, sha1, sha224, sha256, sha384, sha512, sha3_224, sha3_256, sha3_384 or sha3_512."
              + " The md5 checksum is computed beside it, each on a thread of its own.");
  public static final Option<Boolean> ALLOW_ANONYMOUS_ACCESS =
      new Option<>(
          DEFAULT,
          "allow_anonymous_access",
          bool(),
          "false",
          "Serve callers with no identity read-only, on v1 and v2, instead of answering 401. With"
              + " noauth such a caller sends no identity headers while [noauth] default_project_id"
              + " is empty. With Keystone it is a request without a valid token, which reaches"
              + " Glimpse only with [keystone_authtoken] delay_auth_decision.");
  public static final Option<Integer> IMAGE_PROPERTY_QUOTA =
      new Option<>(
          DEFAULT,
          "image_property_quota",
          integer(Integer.MIN_VALUE, Integer.MAX_VALUE),
          "128",
          "Most custom properties one image may have; a negative value means unlimited.");
  public static final Option<Integer> IMAGE_TAG_QUOTA =
      new Option<>(
          DEFAULT,
          "image_tag_quota",
          integer(Integer.MIN_VALUE, Integer.MAX_VALUE),
          "128",
          "Most tags one image may have; a negative value means unlimited.");
  public static final Option<Integer> IMAGE_MEMBER_QUOTA =
      new Option<>(
          DEFAULT,
          "image_member_quota",
          integer(Integer.MIN_VALUE, Integer.MAX_VALUE),
          "128",
          "Most members one image may be shared with; a negative value means unlimited.");
  public static final Option<Boolean> SHOW_IMAGE_DIRECT_URL =
      new Option<>(
          DEFAULT,
          "show_image_direct_url",
          bool(),
          "false",
          "Show the storage location of an image's data as its direct_url property.");
  public static final Option<Boolean> SHOW_MULTIPLE_LOCATIONS =
      new Option<>(
          DEFAULT,
          "show_multiple_locations",
          bool(),
          "false",
          "Show and allow editing the locations list of images (a security risk; deprecated in"
              + " Glance).");
  public static final Option<Boolean> ENABLE_V1_API =
      new Option<>(DEFAULT, "enable_v1_api", bool(), "true", "Serve the Images API v1.");
  public static final Option<Boolean> ENABLE_V2_API =
      new Option<>(DEFAULT, "enable_v2_api", bool(), "true", "Serve the Images API v2.");
  public static final Option<Integer> LIMIT_PARAM_DEFAULT =
      new Option<>(
          DEFAULT,
          "limit_param_default",
          integer(1, Integer.MAX_VALUE),
          "25",
          "Page size of list requests that give no limit.");
  public static final Option<Integer> API_LIMIT_MAX =
      new Option<>(
          DEFAULT,
          "api_limit_max",
          integer(1, Integer.MAX_VALUE),
          "1000",
          "Largest page size a list request may ask for.");
  public static final Option<Optional<String>> PUBLIC_ENDPOINT =
      new Option<>(
          DEFAULT,
          "public_endpoint",
          optionalString(),
          null,
          "URL shown in the versions response, for a server behind a proxy or load balancer;"
              + " unset means the URL of the request.");

  public static final Option<Boolean> DELAYED_DELETE =
      new Option<>(
          DEFAULT,
          "delayed_delete",
          bool(),
          "false",
          "Remove image data some time after the image is deleted instead of at once: an image"
              + " with stored data becomes pending_delete (deleted for the APIs, though v1 admins"
              + " still see it) and keeps its data until the scrubber removes the data and marks"
              + " the image deleted. Glimpse runs the scrubber inside the server, every wakeup_time"
              + " seconds, while this is on.");
  public static final Option<Integer> SCRUB_TIME =
      new Option<>(
          DEFAULT,
          "scrub_time",
          integer(0, Integer.MAX_VALUE),
          "0",
          "Seconds an image stays pending_delete before the scrubber may remove its data; the"
              + " longer, the later deleted images give their storage back.");
  public static final Option<Integer> WAKEUP_TIME =
      new Option<>(
          DEFAULT,
          "wakeup_time",
          integer(1, Integer.MAX_VALUE),
          "300",
          "Seconds between two scrubber runs while delayed_delete is on. Glance's scrubber is a"
              + " separate daemon that reads this option from glance-scrubber.conf; Glimpse runs"
              + " the scrubber in every server process and reads it here, from its one file (at"
              + " least 1; Glance also allows 0).");

  public static final Option<String> METADATA_SOURCE_PATH =
      new Option<>(
          DEFAULT,
          "metadata_source_path",
          string(),
          "/etc/glance/metadefs/",
          "Directory of metadata definitions files (Glance's JSON format, one namespace per"
              + " file) that glimpse-manage db_load_metadefs reads and db_export_metadefs writes"
              + " when no --path is given.");

  public static final Option<Integer> UPLOAD_STALL_TIME =
      new Option<>(
          DEFAULT,
          "upload_stall_time",
          integer(1, 86400),
          "60",
          "Seconds an image upload may go without receiving data before it loses its image"
              + " (Glimpse only: Glance leaves such an image saving for ever). Each upload holds its"
              + " image under a lease that it renews while data arrives; once the lease has run out"
              + " (the client stalled, or the process serving the upload died), any Glimpse process"
              + " sharing the database puts the image back to queued (v1: killed) and removes its"
              + " partial data, so the data can be uploaded again. Every process also sweeps the"
              + " store every this many seconds: temporary objects and data that no image needs"
              + " (left by a crash, a dead upload or an interrupted delete) are removed once unchanged"
              + " for twice this time. Processes sharing a database should use the same value.");

  public static final Option<Optional<String>> IMAGE_CACHE_DIR =
      new Option<>(
          DEFAULT,
          "image_cache_dir",
          optionalString(),
          null,
          "Directory of this node's image cache; unset means no cache. When set, the cache API"
              + " (/v2/cache, admin only) is served and API versions 2.14-2.16 are listed; images"
              + " queued there are fetched into the cache at once (see cache_prefetcher_interval). Downloads fill and are served"
              + " from the cache only with a [paste_deploy] flavor that has Glance's cache"
              + " middleware: caching, cachemanagement, keystone+caching or keystone+cachemanagement."
              + " Cached copies lie directly in the directory, named by image id; incomplete/ holds"
              + " copies being written, queue/ the queued image ids and index/ (Glimpse only) what"
              + " each copy was verified against and its hit count. A copy is published only once"
              + " all of the image arrived with the image's size and checksums, and every read"
              + " checks it again, block by block: a damaged copy is evicted and read from the store.");
  public static final Option<Long> IMAGE_CACHE_MAX_SIZE =
      new Option<>(
          DEFAULT,
          "image_cache_max_size",
          longInteger(0, Long.MAX_VALUE),
          "10737418240",
          "Bytes the image cache may hold (default 10 GiB). Glimpse prunes the cache to this size,"
              + " least recently used copies first, each time a copy is added, and on POST"
              + " /v2/cache/prune (Glance prunes only when its cache-pruner runs).");
  public static final Option<Integer> IMAGE_CACHE_STALL_TIME =
      new Option<>(
          DEFAULT,
          "image_cache_stall_time",
          integer(0, Integer.MAX_VALUE),
          "86400",
          "Seconds an incomplete copy may stay in the image cache's incomplete/ directory"
              + " unchanged before it is removed as stalled: at start, then every hour, and on POST"
              + " /v2/cache/clean (Glance cleans only when its cache-cleaner runs).");
  public static final Option<Optional<Integer>> CACHE_PREFETCHER_INTERVAL =
      new Option<>(
          DEFAULT,
          "cache_prefetcher_interval",
          optionalInteger(1, Integer.MAX_VALUE),
          null,
          "Seconds between two runs of the image cache prefetcher, which fetches every queued image"
              + " into the cache, as Glance 24 (Yoga) and older ran it (their default: 300). Unset"
              + " (Glance 25's behaviour, which dropped the option): an image queued through PUT"
              + " /v2/cache/{image_id} is fetched at once, and what an earlier run left queued is"
              + " fetched at start. Set: queuing only queues, and each run fetches the queue. Whole"
              + " seconds (Glance reads a float).");

  public static final Option<Boolean> VALIDATE_MEMBER_PROJECT =
      new Option<>(
          DEFAULT,
          "validate_member_project",
          bool(),
          "false",
          "Glimpse only. Refuse (400) to share an image with a project, or a domain, that Keystone"
              + " does not know, and to trust such a producer. Projects are looked up through"
              + " Keystone's API with the service user of [keystone_authtoken]; when Keystone cannot"
              + " be reached the share is refused with 503. Off by default, as in Glance, which"
              + " stores any string as a member. Needs [paste_deploy] flavor = keystone.");
  public static final Option<Integer> MEMBER_CHECK_CACHE_TIME =
      new Option<>(
          DEFAULT,
          "member_check_cache_time",
          integer(0, 86400),
          "60",
          "Glimpse only. Seconds an answer of Keystone to validate_member_project's lookups (the"
              + " project or domain exists, or does not) is reused; 0 asks every time.");
  public static final Option<Integer> MEMBER_EXPIRY_SWEEP_INTERVAL =
      new Option<>(
          DEFAULT,
          "member_expiry_sweep_interval",
          integer(1, 86400),
          "60",
          "Glimpse only. Seconds between two runs of the sweep that removes memberships and domain"
              + " shares past their expires_at and emits image.member.delete for each membership."
              + " Access ends at expires_at whatever this is: every read treats an expired"
              + " membership as removed.");
  public static final Option<Optional<String>> PROPERTY_PROTECTION_FILE =
      new Option<>(
          DEFAULT,
          "property_protection_file",
          optionalString(),
          null,
          "File of property protections: which roles (or policy rules) may create, read, update"
              + " and delete which custom image properties, by sections whose names are regular"
              + " expressions matched against property names (the first matching section applies;"
              + " a property no section matches is forbidden). Unset means no protections. A"
              + " missing or invalid file stops the server at start.");
  public static final Option<String> PROPERTY_PROTECTION_RULE_FORMAT =
      new Option<>(
          DEFAULT,
          "property_protection_rule_format",
          choice("roles", "policies"),
          "roles",
          "How property_protection_file names who may do what: 'roles' (comma-separated role"
              + " lists) or 'policies' (one policy rule name per operation); '@' means everyone and"
              + " '!' nobody in both.");

  public static final Option<Integer> CLIENT_SOCKET_TIMEOUT =
      new Option<>(
          DEFAULT,
          "client_socket_timeout",
          integer(0, Integer.MAX_VALUE),
          "60",
          "Seconds a client connection may stay idle, between requests or while a request or answer"
              + " makes no progress, before it is closed; 0 waits forever. Glance's default is 900;"
              + " Glimpse's is shorter because a request stalled on a silent client keeps a thread.");
  public static final Option<Integer> CLIENT_HEADER_TIMEOUT =
      new Option<>(
          DEFAULT,
          "client_header_timeout",
          integer(1, Integer.MAX_VALUE),
          "30",
          "Seconds a client has to send a request's line and headers, counted from their first"
              + " byte; a connection still sending them is closed (Glimpse only).");
  public static final Option<Integer> CLIENT_BODY_MIN_RATE =
      new Option<>(
          DEFAULT,
          "client_body_min_rate",
          integer(0, Integer.MAX_VALUE),
          "1024",
          "Bytes per second image data must arrive at while the server waits for it, measured"
              + " over each 5 s of waiting; a slower upload is refused with 408, its image put back"
              + " and its connection closed. 0 turns the check off. Other bodies must arrive within"
              + " client_body_timeout instead (Glimpse only).");
  public static final Option<Integer> CLIENT_BODY_TIMEOUT =
      new Option<>(
          DEFAULT,
          "client_body_timeout",
          integer(1, Integer.MAX_VALUE),
          "60",
          "Seconds a client has to send a request body other than image data (a JSON document, at"
              + " most 1 MiB); such bodies are read in full before a thread is given to the request"
              + " (Glimpse only).");
  public static final Option<Integer> HTTP_THREADS =
      new Option<>(
          DEFAULT,
          "http_threads",
          integer(16, Integer.MAX_VALUE),
          "250",
          "Most threads serving requests at once; requests beyond wait for a free thread. Image"
              + " uploads and downloads keep a thread while their data streams (Glimpse only).");
  public static final Option<Integer> GRACEFUL_SHUTDOWN_TIMEOUT =
      new Option<>(
          DEFAULT,
          "graceful_shutdown_timeout",
          integer(1, Integer.MAX_VALUE),
          "60",
          "Seconds a stopping server (SIGTERM) lets requests in flight finish, after it stopped"
              + " accepting new connections. Image uploads still running near the end are failed"
              + " with 503 and their images put back as after any failed upload. oslo.service's"
              + " option; its 0 (wait forever) is not accepted.");

  public static final Option<Optional<String>> HEALTHCHECK_DISABLE_BY_FILE_PATH =
      new Option<>(
          "healthcheck",
          "disable_by_file_path",
          optionalString(),
          null,
          "While a file exists at this path, /healthcheck answers 503 \"DISABLED BY FILE\" (as"
              + " oslo.middleware's disable_by_file backend, which Glance's paste pipeline enables"
              + " with /etc/glance/healthcheck_disable). Unset: /healthcheck always answers 200"
              + " \"OK\" while the server runs; it does not check the database.");

  public static final Option<String> DATABASE_CONNECTION =
      new Option<>(
          "database",
          "connection",
          string(),
          DEFAULT_DATABASE_CONNECTION,
          "Database to keep image records in: h2:<path>, a postgresql:// or mysql+pymysql:// URL as"
              + " in glance-api.conf, or a JDBC URL.");

  public static final Option<Integer> DATABASE_MAX_POOL_SIZE =
      new Option<>(
          "database",
          "max_pool_size",
          integer(1, Integer.MAX_VALUE),
          "10",
          "Most connections this process keeps open to the database. oslo.db's default is 5, plus"
              + " max_overflow (50) more under load; Glimpse's pool does not overflow, so this is"
              + " the whole bound (at least 1; oslo.db's 0 for unlimited is not accepted).");
  public static final Option<Integer> DATABASE_POOL_TIMEOUT =
      new Option<>(
          "database",
          "pool_timeout",
          integer(1, Integer.MAX_VALUE),
          "5",
          "Seconds a request waits for a database connection, whether every connection is in use"
              + " or the database cannot be reached, before it is answered 503 with Retry-After."
              + " oslo.db leaves it unset, which means SQLAlchemy's 30 s.");
  public static final Option<Integer> DATABASE_CONNECTION_RECYCLE_TIME =
      new Option<>(
          "database",
          "connection_recycle_time",
          zeroOrAtLeast(30),
          "3600",
          "Connections older than this many seconds are replaced by new ones the next time they"
              + " are free (0: never).");
  public static final Option<Integer> DATABASE_STATEMENT_TIMEOUT =
      new Option<>(
          "database",
          "statement_timeout",
          integer(1, Integer.MAX_VALUE),
          "30",
          "Seconds one database statement may run, waiting for row locks included, before the"
              + " database cancels it and the request is answered 503 with Retry-After (Glimpse"
              + " only; oslo.db has no such option).");

  /** The section named by a backend's id in {@link #ENABLED_BACKENDS}, as the docs show it. */
  public static final String BACKEND_SECTION = "<backend id>";

  public static final Option<List<String>> ENABLED_BACKENDS =
      new Option<>(
          DEFAULT,
          "enabled_backends",
          list(),
          null,
          "Several stores at once (Glance's multi-store): comma-separated id:type pairs such as"
              + " 'fast:file, cheap:swift, web:http' (types: file, swift, http). Each backend reads"
              + " glance_store's options of its type (filesystem_store_datadir, required for file;"
              + " swift_store_*) from the section named by its id; [glance_store] default_backend"
              + " names where new data goes. Ids starting with os_glance_ are reserved; the"
              + " [os_glance_staging_store] and [os_glance_tasks_store] sections are not read:"
              + " staged data lives in the default backend. Unset: the single store of [glance_store]"
              + " default_store.");
  public static final Option<Optional<String>> DEFAULT_BACKEND =
      new Option<>(
          "glance_store",
          "default_backend",
          optionalString(),
          null,
          "With enabled_backends: the id of the backend new image data is written to when the"
              + " request names none (X-Image-Meta-Store). Required then.");
  public static final Option<Optional<String>> STORE_DESCRIPTION =
      new Option<>(
          BACKEND_SECTION,
          "store_description",
          optionalString(),
          null,
          "A backend's description, shown by GET /v2/info/stores.");
  public static final Option<Integer> WEIGHT =
      new Option<>(
          BACKEND_SECTION,
          "weight",
          integer(0, Integer.MAX_VALUE),
          "0",
          "A backend's weight, shown by GET /v2/info/stores/detail.");

  public static final Option<String> DEFAULT_STORE =
      new Option<>(
          "glance_store",
          "default_store",
          string(),
          "file",
          "Store that new image data is written to.");
  public static final Option<List<String>> STORES =
      new Option<>(
          "glance_store",
          "stores",
          list(),
          "file",
          "Stores enabled for reading and writing image data. Listing http (as Glance's default"
              + " does) adds the read-only http store: images may then have http(s) locations, read"
              + " under the [import_filtering_opts] rules.");
  public static final Option<Path> FILESYSTEM_STORE_DATADIR =
      new Option<>(
          "glance_store",
          "filesystem_store_datadir",
          path(),
          "./data/images",
          "Directory the file store keeps image data in; created if missing (Glance's default is"
              + " /var/lib/glance/images).");
  public static final Option<Optional<String>> S3_STORE_HOST =
      new Option<>("glance_store", "s3_store_host", optionalString(), null,
          "Where the S3 store's server listens: a host name or address, optionally with a port and a"
              + " path, and with http:// or https:// (plain http when none). Required by the s3 store.");
  public static final Option<Optional<String>> S3_STORE_ACCESS_KEY =
      new Option<>("glance_store", "s3_store_access_key", optionalString(), null,
          "Access key of the S3 store. Required by the s3 store.");
  public static final Option<Optional<String>> S3_STORE_SECRET_KEY =
      new Option<>("glance_store", "s3_store_secret_key", optionalString(), null,
          "Secret key of the S3 store. Required by the s3 store. Unlike glance_store, Glimpse"
              + " writes neither key into image locations (s3://<host>/<bucket>/<key>); locations"
              + " with keys, as glance_store writes them, are read.");
  public static final Option<Optional<String>> S3_STORE_BUCKET =
      new Option<>("glance_store", "s3_store_bucket", optionalString(), null,
          "Bucket the S3 store keeps image data in. Required by the s3 store.");
  public static final Option<Boolean> S3_STORE_CREATE_BUCKET_ON_PUT =
      new Option<>("glance_store", "s3_store_create_bucket_on_put", bool(), "false",
          "Create the bucket when an upload finds it missing; when false such an upload fails"
              + " with 503 naming the bucket.");
  public static final Option<String> S3_STORE_BUCKET_URL_FORMAT =
      new Option<>("glance_store", "s3_store_bucket_url_format", choice("auto", "virtual", "path"), "auto",
          "How the bucket is addressed: path (https://host/bucket/key), virtual"
              + " (https://bucket.host/key) or auto: virtual on Amazon's own endpoints when the bucket"
              + " name is DNS-compatible, path otherwise (S3-compatible servers are commonly reached"
              + " by address).");
  public static final Option<Optional<String>> S3_STORE_REGION_NAME =
      new Option<>("glance_store", "s3_store_region_name", optionalString(), null,
          "Region requests to the S3 store are signed for; when unset, taken from an Amazon host"
              + " name (s3-<region>.amazonaws.com), else us-east-1.");
  public static final Option<Integer> S3_STORE_LARGE_OBJECT_SIZE =
      new Option<>("glance_store", "s3_store_large_object_size", integer(0, Integer.MAX_VALUE), "100",
          "Read for compatibility with glance_store, where smaller images (MiB) are sent in one"
              + " request. Glimpse sends every image as a multipart upload, whatever its size, so that"
              + " staged data stays invisible until it is committed whole; this option changes nothing.");
  public static final Option<Integer> S3_STORE_LARGE_OBJECT_CHUNK_SIZE =
      new Option<>("glance_store", "s3_store_large_object_chunk_size", integer(5, 1024), "10",
          "Size of each part of an upload to the S3 store, in MiB (at least 5, S3's smallest part;"
              + " at most 1024, Glimpse's limit, since parts are held in memory)."
              + " An upload holds at most two parts in memory; an image may have at most 10,000 parts"
              + " (fewer if the server says so: Swift's s3api allows 1,000 by default).");
  public static final Option<Integer> S3_STORE_THREAD_POOLS =
      new Option<>("glance_store", "s3_store_thread_pools", integer(1, 1000), "10",
          "Threads sending parts to the S3 store, shared by all uploads (each upload sends one part"
              + " while it reads the next).");
  public static final Option<Boolean> S3_STORE_ENABLE_DATA_INTEGRITY_PROTECTION =
      new Option<>("glance_store", "s3_store_enable_data_integrity_protection", bool(), "false",
          "Send and check checksums wherever S3 supports them, as the next two options say; when"
              + " false only where S3 requires them (servers that do not implement S3's data"
              + " integrity protection, Swift's s3api among them, refuse the others).");
  public static final Option<String> S3_STORE_REQUEST_CHECKSUM_CALCULATION =
      new Option<>("glance_store", "s3_store_request_checksum_calculation",
          choice("when_required", "when_supported"), "when_required",
          "When checksums are computed for uploads (with s3_store_enable_data_integrity_protection).");
  public static final Option<String> S3_STORE_RESPONSE_CHECKSUM_VALIDATION =
      new Option<>("glance_store", "s3_store_response_checksum_validation",
          choice("when_required", "when_supported"), "when_required",
          "When checksums of downloads are checked (with s3_store_enable_data_integrity_protection).");
  public static final Option<Optional<String>> S3_STORE_CACERT =
      new Option<>("glance_store", "s3_store_cacert", optionalString(), null,
          "PEM bundle of the certificate authorities trusted for an https S3 store; when unset,"
              + " the JVM's.");

  public static final Option<Optional<String>> SWIFT_STORE_AUTH_ADDRESS =
      new Option<>(
          "glance_store",
          "swift_store_auth_address",
          optionalUrl(),
          null,
          "Keystone v3 URL the Swift store authenticates against (without a"
              + " swift_store_config_file).");
  public static final Option<Optional<String>> SWIFT_STORE_USER =
      new Option<>(
          "glance_store",
          "swift_store_user",
          optionalString(),
          null,
          "The Swift store's Keystone identity as PROJECT:USER (without a"
              + " swift_store_config_file).");
  public static final Option<Optional<String>> SWIFT_STORE_KEY =
      new Option<>(
          "glance_store",
          "swift_store_key",
          optionalString(),
          null,
          "Password of swift_store_user.");
  public static final Option<String> SWIFT_STORE_AUTH_VERSION =
      new Option<>(
          "glance_store",
          "swift_store_auth_version",
          choice("3"),
          "3",
          "Identity API version; only 3 (Keystone v3), as glance_store supports today.");
  public static final Option<Optional<Path>> SWIFT_STORE_CONFIG_FILE =
      new Option<>(
          "glance_store",
          "swift_store_config_file",
          optionalPath(),
          null,
          "File of Swift account references (one section per reference, with user, key, auth_address and"
              + " optionally user_domain_id, project_domain_id, auth_version), glance_store's"
              + " format; when set, default_swift_reference names the one used and the"
              + " swift_store_user/key/auth_address options are not read.");
  public static final Option<String> DEFAULT_SWIFT_REFERENCE =
      new Option<>(
          "glance_store",
          "default_swift_reference",
          string(),
          "ref1",
          "Account reference the Swift store writes with; locations name it"
              + " (swift+config://REFERENCE/CONTAINER/OBJECT).");
  public static final Option<String> SWIFT_STORE_CONTAINER =
      new Option<>(
          "glance_store",
          "swift_store_container",
          string(),
          "glance",
          "Swift container for image data; segments go to the container of that name plus _segments.");
  public static final Option<Boolean> SWIFT_STORE_CREATE_CONTAINER_ON_PUT =
      new Option<>(
          "glance_store",
          "swift_store_create_container_on_put",
          bool(),
          "false",
          "Create the containers on the first upload when they do not exist.");
  public static final Option<Integer> SWIFT_STORE_LARGE_OBJECT_SIZE =
      new Option<>(
          "glance_store",
          "swift_store_large_object_size",
          integer(1, Integer.MAX_VALUE),
          "5120",
          "Size in MiB up to which image data is one Swift object; larger data is kept as"
              + " segments under a Static Large Object manifest.");
  public static final Option<Integer> SWIFT_STORE_LARGE_OBJECT_CHUNK_SIZE =
      new Option<>(
          "glance_store",
          "swift_store_large_object_chunk_size",
          integer(1, Integer.MAX_VALUE),
          "200",
          "Size in MiB of the segments after the first of large image data.");
  public static final Option<Optional<String>> SWIFT_STORE_ENDPOINT =
      new Option<>(
          "glance_store",
          "swift_store_endpoint",
          optionalUrl(),
          null,
          "Swift storage URL (…/v1/AUTH_PROJECTID) to use instead of the one in Keystone's"
              + " catalog.");
  public static final Option<Optional<String>> SWIFT_STORE_REGION =
      new Option<>(
          "glance_store",
          "swift_store_region",
          optionalString(),
          null,
          "Catalog region to take the Swift endpoint from (unset: the first one).");
  public static final Option<String> SWIFT_STORE_ENDPOINT_TYPE =
      new Option<>(
          "glance_store",
          "swift_store_endpoint_type",
          choice("publicURL", "internalURL", "adminURL"),
          "publicURL",
          "Catalog interface of the Swift endpoint.");
  public static final Option<String> SWIFT_STORE_SERVICE_TYPE =
      new Option<>(
          "glance_store",
          "swift_store_service_type",
          string(),
          "object-store",
          "Catalog service type of Swift.");
  public static final Option<Boolean> SWIFT_STORE_AUTH_INSECURE =
      new Option<>(
          "glance_store",
          "swift_store_auth_insecure",
          bool(),
          "false",
          "Accept any TLS certificate from Keystone and Swift (host names are still checked).");
  public static final Option<Optional<Path>> SWIFT_STORE_CACERT =
      new Option<>(
          "glance_store",
          "swift_store_cacert",
          optionalPath(),
          null,
          "PEM file of the certificate authorities to trust for Keystone and Swift (unset: the"
              + " JVM's).");
  public static final Option<Boolean> SWIFT_STORE_SSL_COMPRESSION =
      new Option<>(
          "glance_store",
          "swift_store_ssl_compression",
          bool(),
          "true",
          "Accepted for compatibility; Java never compresses TLS, which is what false asks for.");
  public static final Option<Boolean> SWIFT_BUFFER_ON_UPLOAD =
      new Option<>(
          "glance_store",
          "swift_buffer_on_upload",
          bool(),
          "false",
          "Accepted for compatibility and ignored (with a warning when true): the Swift store"
              + " streams segments and never needs to buffer them to retry.");

  public static final Option<String> NOAUTH_DEFAULT_PROJECT_ID =
      new Option<>(
          "noauth",
          "default_project_id",
          string(),
          "admin",
          "Project ID of unauthenticated requests that name none (noauth mode; Glimpse only).");
  public static final Option<List<String>> NOAUTH_DEFAULT_ROLES =
      new Option<>(
          "noauth",
          "default_roles",
          list(),
          "admin,member,reader",
          "Roles of unauthenticated requests that name none (noauth mode; Glimpse only).");

  public static final Option<Optional<String>> PASTE_DEPLOY_FLAVOR =
      new Option<>(
          "paste_deploy",
          "flavor",
          optionalString(),
          null,
          "Glance's API pipeline flavor, which chooses how callers are authenticated and whether"
              + " downloads use the image cache. Unset, 'caching' or 'cachemanagement': no"
              + " authentication, the caller's identity comes from the request headers (see"
              + " [noauth]). 'keystone', 'keystone+caching', 'keystone+cachemanagement' (and other"
              + " keystone+… flavors, whose other parts Glimpse does not have and ignores with a"
              + " warning): X-Auth-Token is validated with Keystone as [keystone_authtoken] says."
              + " With caching or cachemanagement, image downloads fill and are served from the"
              + " image cache, which then needs image_cache_dir. Any other flavor stops the server"
              + " at start.");

  public static final Option<Optional<String>> POLICY_FILE =
      new Option<>(
          "oslo_policy",
          "policy_file",
          optionalString(),
          null,
          "YAML or JSON file of policy rules overriding Glance's defaults; unset means defaults"
              + " only. A relative path is read from the working directory.");
  public static final Option<List<String>> POLICY_DIRS =
      new Option<>(
          "oslo_policy",
          "policy_dirs",
          list(),
          "policy.d",
          "Directories of further policy files (*.yaml, *.yml, *.json, read in name order, each"
              + " overriding the rules before it), searched only when policy_file is set; a"
              + " relative directory is taken beside policy_file. Missing directories are ignored,"
              + " as in oslo.policy.");
  public static final Option<Optional<Boolean>> ENFORCE_NEW_DEFAULTS =
      new Option<>(
          "oslo_policy",
          "enforce_new_defaults",
          optionalBool(),
          null,
          "Evaluate Glance's new (secure RBAC) default rules alone; false ORs each with its"
              + " deprecated legacy rule, which leaves most image actions to Glance's hard-coded"
              + " owner checks, as Glance does. True also turns those owner checks off (the rules"
              + " decide alone), as in current Glance. Unset: true with the keystone flavor"
              + " (oslo.policy's default), false with noauth (Glimpse only: identity headers"
              + " rarely carry the reader and member roles the new rules ask for).");
  public static final Option<Boolean> ENFORCE_SCOPE =
      new Option<>(
          "oslo_policy",
          "enforce_scope",
          bool(),
          "true",
          "Refuse a token whose scope a rule is not registered for, as oslo.policy does: every"
              + " image and member rule is for project-scoped tokens, so a system-scoped (or"
              + " domain-scoped) token is refused them (403, or 404 for an image) whatever its"
              + " roles.");

  public static final Option<Boolean> USE_KEYSTONE_LIMITS =
      new Option<>(
          DEFAULT,
          "use_keystone_limits",
          bool(),
          "false",
          "Enforce the unified limits Keystone holds for the image service ([oslo_limit]"
              + " endpoint_id): image_count_total (images a project owns), image_count_uploading"
              + " (its images receiving data: saving, uploading, importing), image_size_total (MiB"
              + " of stored data) and image_stage_total (MiB of staged data), both reserved as"
              + " the data streams, so never exceeded. A project's own limit overrides the"
              + " registered default; a resource with neither allows nothing (as oslo.limit"
              + " decides); -1 is unlimited. Over a limit is 413, Keystone out of reach 503; as in"
              + " Glance, user_storage_quota is then not applied. The limits are also what GET"
              + " /v2/info/usage reports. Unlike Glance, an image starting an upload counts itself,"
              + " so image_count_uploading is never exceeded. Needs [paste_deploy] flavor = keystone.");

  // [oslo_limit]: oslo.limit's names. Without auth_url of its own, the service user of
  // [keystone_authtoken] reads the limits.
  static final String OL = "oslo_limit";

  public static final Option<Optional<String>> OL_ENDPOINT_ID =
      new Option<>(OL, "endpoint_id", optionalString(), null,
          "The image service's endpoint in Keystone; its service and region select the limits."
              + " Required with use_keystone_limits.");
  public static final Option<Optional<String>> OL_AUTH_URL =
      new Option<>(OL, "auth_url", optionalUrl(), null,
          "Keystone endpoint to read the limits at, with the credentials of this section; unset:"
              + " the auth_url and every credential of [keystone_authtoken] are used instead (and"
              + " the credentials below are ignored). Keystone shows a project-scoped token only"
              + " the limits of its own project, so this user needs a system-scoped role (reader)"
              + " on Keystone, as oslo.limit documents.");
  public static final Option<String> OL_AUTH_TYPE =
      new Option<>(OL, "auth_type", string(), "password",
          "How the limits user authenticates: password (or v3password) only.");
  public static final Option<Optional<String>> OL_USERNAME =
      new Option<>(OL, "username", optionalString(), null, "The limits user's name.");
  public static final Option<Optional<String>> OL_USER_ID =
      new Option<>(OL, "user_id", optionalString(), null, "The limits user's id (instead of username).");
  public static final Option<Optional<String>> OL_PASSWORD =
      new Option<>(OL, "password", optionalString(), null, "The limits user's password.");
  public static final Option<Optional<String>> OL_USER_DOMAIN_NAME =
      new Option<>(OL, "user_domain_name", optionalString(), null, "Domain of the limits user, by name.");
  public static final Option<Optional<String>> OL_USER_DOMAIN_ID =
      new Option<>(OL, "user_domain_id", optionalString(), null,
          "Domain of the limits user, by id (instead of user_domain_name).");
  public static final Option<Optional<String>> OL_PROJECT_NAME =
      new Option<>(OL, "project_name", optionalString(), null, "Project to scope the token to, by name.");
  public static final Option<Optional<String>> OL_PROJECT_ID =
      new Option<>(OL, "project_id", optionalString(), null,
          "Project to scope the token to, by id (instead of project_name).");
  public static final Option<Optional<String>> OL_PROJECT_DOMAIN_NAME =
      new Option<>(OL, "project_domain_name", optionalString(), null, "Domain of project_name, by name.");
  public static final Option<Optional<String>> OL_PROJECT_DOMAIN_ID =
      new Option<>(OL, "project_domain_id", optionalString(), null,
          "Domain of project_name, by id (instead of project_domain_name).");
  public static final Option<Optional<String>> OL_SYSTEM_SCOPE =
      new Option<>(OL, "system_scope", optionalString(), null,
          "Scope the token to the system (all), as oslo.limit's user usually is.");
  public static final Option<Integer> OL_CACHE_TIME =
      new Option<>(OL, "cache_time", integer(0, 3600), "5",
          "Glimpse only. Seconds a project's limits, once read from Keystone, are reused before"
              + " being read again (a limit changed in Keystone applies after at most this long); 0"
              + " reads them for every check.");

  // [keystone_authtoken]: keystonemiddleware's names, so that a glance-api.conf works unchanged
  static final String KS = "keystone_authtoken";

  public static final Option<Optional<String>> KS_WWW_AUTHENTICATE_URI =
      new Option<>(KS, "www_authenticate_uri", optionalUrl(), null,
          "Public Keystone endpoint named in the WWW-Authenticate header of 401 answers; unset"
              + " falls back to auth_uri, then auth_url.");
  public static final Option<Optional<String>> KS_AUTH_URI =
      new Option<>(KS, "auth_uri", optionalUrl(), null,
          "Deprecated name of www_authenticate_uri, read when that is unset.");
  public static final Option<Optional<String>> KS_AUTH_URL =
      new Option<>(KS, "auth_url", optionalUrl(), null,
          "Keystone endpoint Glimpse authenticates its service user at and validates tokens with"
              + " (GET /v3/auth/tokens); /v3 is added when the URL has no version. Required with"
              + " the keystone flavor. (keystonemiddleware finds the validation endpoint in the"
              + " service catalog; Glimpse uses this URL directly.)");
  public static final Option<String> KS_AUTH_TYPE =
      new Option<>(KS, "auth_type", string(), "password",
          "How the service user authenticates: password (or v3password), the only kinds Glimpse"
              + " has; any other stops the server at start.");
  public static final Option<Optional<String>> KS_USERNAME =
      new Option<>(KS, "username", optionalString(), null, "The service user's name.");
  public static final Option<Optional<String>> KS_USER_ID =
      new Option<>(KS, "user_id", optionalString(), null, "The service user's id (instead of username).");
  public static final Option<Optional<String>> KS_PASSWORD =
      new Option<>(KS, "password", optionalString(), null, "The service user's password.");
  public static final Option<Optional<String>> KS_USER_DOMAIN_NAME =
      new Option<>(KS, "user_domain_name", optionalString(), null,
          "Domain of the service user, by name (needed with username).");
  public static final Option<Optional<String>> KS_USER_DOMAIN_ID =
      new Option<>(KS, "user_domain_id", optionalString(), null,
          "Domain of the service user, by id (instead of user_domain_name).");
  public static final Option<Optional<String>> KS_PROJECT_NAME =
      new Option<>(KS, "project_name", optionalString(), null,
          "Project the service user's token is scoped to, by name.");
  public static final Option<Optional<String>> KS_PROJECT_ID =
      new Option<>(KS, "project_id", optionalString(), null,
          "Project the service user's token is scoped to, by id (instead of project_name).");
  public static final Option<Optional<String>> KS_PROJECT_DOMAIN_NAME =
      new Option<>(KS, "project_domain_name", optionalString(), null,
          "Domain of project_name, by name.");
  public static final Option<Optional<String>> KS_PROJECT_DOMAIN_ID =
      new Option<>(KS, "project_domain_id", optionalString(), null,
          "Domain of project_name, by id (instead of project_domain_name).");
  public static final Option<Optional<String>> KS_SYSTEM_SCOPE =
      new Option<>(KS, "system_scope", optionalString(), null,
          "Scope the service user's token to the system (all) instead of a project.");
  public static final Option<Optional<String>> KS_REGION_NAME =
      new Option<>(KS, "region_name", optionalString(), null,
          "Accepted for keystonemiddleware's sake; Glimpse validates at auth_url and needs no"
              + " region.");
  public static final Option<String> KS_INTERFACE =
      new Option<>(KS, "interface", string(), "internal",
          "Accepted for keystonemiddleware's sake (the catalog interface of the identity"
              + " endpoint); Glimpse validates at auth_url.");
  public static final Option<Integer> KS_TOKEN_CACHE_TIME =
      new Option<>(KS, "token_cache_time", integer(-1, Integer.MAX_VALUE), "300",
          "Seconds a validated token is trusted without asking Keystone again (never beyond its"
              + " expiry); a token revoked meanwhile is refused once its entry ages out, as with"
              + " keystonemiddleware. -1 turns the cache off. The cache is in the process (at most"
              + " 10000 tokens).");
  public static final Option<List<String>> KS_MEMCACHED_SERVERS =
      new Option<>(KS, "memcached_servers", list(), "",
          "Accepted and ignored: Glimpse caches tokens in the process.");
  public static final Option<List<String>> KS_SERVICE_TOKEN_ROLES =
      new Option<>(KS, "service_token_roles", list(), "service",
          "A token sent as X-Service-Token is a service token when it has one of these roles;"
              + " its roles then reach the policy as service_roles.");
  public static final Option<Boolean> KS_SERVICE_TOKEN_ROLES_REQUIRED =
      new Option<>(KS, "service_token_roles_required", bool(), "true",
          "Refuse (401) a request whose X-Service-Token is valid but has none of"
              + " service_token_roles; false accepts any valid token there.");
  public static final Option<Boolean> KS_DELAY_AUTH_DECISION =
      new Option<>(KS, "delay_auth_decision", bool(), "false",
          "Let requests without a valid token through as unauthenticated instead of answering"
              + " 401 (then [DEFAULT] allow_anonymous_access decides); Keystone being unreachable"
              + " then also counts as no valid token.");
  public static final Option<Optional<Integer>> KS_HTTP_CONNECT_TIMEOUT =
      new Option<>(KS, "http_connect_timeout", optionalInteger(1, 600), null,
          "Seconds to wait for Keystone to connect and to answer; unset means 5 (Glimpse's bound;"
              + " keystonemiddleware has none).");
  public static final Option<Integer> KS_HTTP_REQUEST_MAX_RETRIES =
      new Option<>(KS, "http_request_max_retries", integer(0, 10), "3",
          "Times a request to Keystone is retried when the connection is refused (a timeout is"
              + " not retried, so an answer comes within the bound above).");
  public static final Option<Boolean> KS_INCLUDE_SERVICE_CATALOG =
      new Option<>(KS, "include_service_catalog", bool(), "true",
          "Accepted and ignored: Glimpse does not use the token's catalog.");

  public static final Option<List<String>> DISK_FORMATS =
      new Option<>(
          "image_format",
          "disk_formats",
          list(),
          "ami,ari,aki,vhd,vhdx,vmdk,raw,qcow2,vdi,iso,ploop",
          "Values allowed for an image's disk_format.");
  public static final Option<List<String>> CONTAINER_FORMATS =
      new Option<>(
          "image_format",
          "container_formats",
          list(),
          "ami,ari,aki,bare,ovf,ova,docker,compressed",
          "Values allowed for an image's container_format.");
  public static final Option<Boolean> REQUIRE_IMAGE_FORMAT_MATCH =
      new Option<>(
          "image_format",
          "require_image_format_match",
          bool(),
          "true",
          "Inspect uploaded data (of bare containers) and refuse it with 415 unless it is in the"
              + " image's disk_format. Data that fails its format's safety checks (a qcow2 backing or"
              + " data file, a VMDK naming other files, QED) is refused whatever this says.");
  public static final Option<List<String>> GPT_SAFETY_CHECKS_NONFATAL =
      new Option<>(
          "image_format",
          "gpt_safety_checks_nonfatal",
          list(),
          "",
          "Safety checks (mbr, gptmbr) whose failure is only logged for data detected as a GPT disk.");

  // notifications: oslo.messaging's names and sections, Glance's defaults
  static final String NOTIFICATIONS = "oslo_messaging_notifications";
  static final String RABBIT = "oslo_messaging_rabbit";

  public static final Option<List<String>> NOTIFICATION_DRIVER =
      new Option<>(NOTIFICATIONS, "driver", list(), "",
          "Where notifications go, one or more of: messagingv2 (RabbitMQ, oslo.messaging's 2.0"
              + " envelope, what Ceilometer reads), messaging (RabbitMQ, the bare 1.0 message), log"
              + " (the envelope as one line on the logger oslo.messaging.notification.<event type>),"
              + " noop. Empty (the default) or noop alone: no notifications. With a messaging"
              + " driver each notification is written to the database after the change it reports"
              + " and a relay publishes it, with publisher confirms, retrying while RabbitMQ is"
              + " unreachable.");
  public static final Option<Optional<String>> NOTIFICATION_TRANSPORT_URL =
      new Option<>(NOTIFICATIONS, "transport_url", optionalString(), null,
          "RabbitMQ for notifications: rabbit://user:pass@host:port/vhost, several hosts"
              + " comma-separated (user:pass@host1:5672,user:pass@host2:5672/vhost; the first"
              + " host's credentials are used for all). Unset: [DEFAULT] transport_url.");
  public static final Option<List<String>> NOTIFICATION_TOPICS =
      new Option<>(NOTIFICATIONS, "topics", list(), "notifications",
          "Topics notifications are sent on; each message is routed as <topic>.<priority>"
              + " (notifications.info, notifications.error) on the control exchange.");
  public static final Option<Optional<String>> TRANSPORT_URL =
      new Option<>(DEFAULT, "transport_url", optionalString(), null,
          "oslo.messaging's transport URL, used for notifications when"
              + " [oslo_messaging_notifications] transport_url is unset.");
  public static final Option<String> CONTROL_EXCHANGE =
      new Option<>(DEFAULT, "control_exchange", string(), "glance",
          "Exchange notifications are published to (a topic exchange); Glance sets glance.");
  public static final Option<String> DEFAULT_PUBLISHER_ID =
      new Option<>(DEFAULT, "default_publisher_id", string(), "image.localhost",
          "publisher_id of every notification.");
  public static final Option<List<String>> DISABLED_NOTIFICATIONS =
      new Option<>(DEFAULT, "disabled_notifications", list(), "",
          "Notifications not to send: an event type (image.create), a group (image, which"
              + " disables every image.* event including image.member.*), a prefix (image.member)"
              + " or a pattern ending in .* (image.member.*).");
  public static final Option<Boolean> AMQP_DURABLE_QUEUES =
      new Option<>(RABBIT, "amqp_durable_queues", bool(), "false",
          "Declare the exchange and the <topic>.<priority> queues durable (they then survive a"
              + " broker restart; messages are always sent persistent).");
  public static final Option<Boolean> AMQP_AUTO_DELETE =
      new Option<>(RABBIT, "amqp_auto_delete", bool(), "false",
          "Declare the exchange and queues auto-delete.");
  public static final Option<Boolean> RABBIT_HA_QUEUES =
      new Option<>(RABBIT, "rabbit_ha_queues", bool(), "false",
          "Declare queues with x-ha-policy: all (classic mirrored queues, before RabbitMQ 3.0).");
  public static final Option<Boolean> RABBIT_QUORUM_QUEUE =
      new Option<>(RABBIT, "rabbit_quorum_queue", bool(), "false",
          "Declare queues as quorum queues (x-queue-type: quorum); they are always durable.");
  public static final Option<Integer> RABBIT_RETRY_INTERVAL =
      new Option<>(RABBIT, "rabbit_retry_interval", integer(1, 3600), "1",
          "Seconds before the first retry after RabbitMQ could not be reached or did not confirm.");
  public static final Option<Integer> RABBIT_RETRY_BACKOFF =
      new Option<>(RABBIT, "rabbit_retry_backoff", integer(0, 3600), "2",
          "Seconds added to the wait after each further failed attempt.");
  public static final Option<Integer> RABBIT_INTERVAL_MAX =
      new Option<>(RABBIT, "rabbit_interval_max", integer(1, 3600), "30",
          "Longest wait, in seconds, between attempts to reach RabbitMQ.");
  public static final Option<Integer> HEARTBEAT_TIMEOUT_THRESHOLD =
      new Option<>(RABBIT, "heartbeat_timeout_threshold", integer(0, 3600), "60",
          "Seconds without a heartbeat after which the connection to RabbitMQ counts as lost"
              + " (AMQP heartbeats are sent at half of it); 0 disables heartbeats.");

  // metrics: Glimpse's own section (Glance has none)
  public static final Option<Boolean> METRICS_ENABLED =
      new Option<>("metrics", "enabled", bool(), "false",
          "Serve Prometheus metrics (text format) at /metrics on a listener of their own,"
              + " without authentication; off by default.");
  public static final Option<String> METRICS_BIND_HOST =
      new Option<>("metrics", "bind_host", host(), "127.0.0.1",
          "Address the metrics listener binds to; loopback by default, since it has no"
              + " authentication.");
  public static final Option<Integer> METRICS_BIND_PORT =
      new Option<>("metrics", "bind_port", port(), "9299",
          "Port of the metrics listener; 0 picks a free port (logged at start).");

  /** All options, in the order of the sample config. */
  public static final Option<List<String>> ENABLED_IMPORT_METHODS =
      new Option<>(
          DEFAULT,
          "enabled_import_methods",
          quotedList("glance-direct", "web-download", "copy-image", "glance-download"),
          "glance-direct,web-download,copy-image",
          "Image import methods offered (POST /v2/images/{id}/import, GET /v2/info/import):"
              + " glance-direct (data staged with PUT /v2/images/{id}/stage), web-download (data"
              + " read from a URL, see [import_filtering_opts]), copy-image (an active image's data"
              + " copied into more stores; with a single store it is refused) and glance-download (the"
              + " data, formats and some properties of an image of another region's image service,"
              + " found in the caller's Keystone catalog;"
              + " off by default, as in Glance: it needs [paste_deploy] flavor = keystone and a"
              + " federated deployment, and its URLs pass [import_filtering_opts]). Brackets and"
              + " quotes, as Glance writes the list, are accepted.");

  public static final Option<List<String>> GLANCE_DOWNLOAD_EXTRA_PROPERTIES =
      new Option<>(
          "glance_download_properties",
          "extra_properties",
          quotedList(),
          "[hw_,trait:,os_distro,os_secure_boot,os_type]",
          "Prefixes of the properties glance-download copies from the remote image (besides its"
              + " disk_format and container_format); its other properties are not copied, nor any"
              + " in the reserved os_glance namespace. Brackets and quotes, as Glance writes the"
              + " list, are accepted.");

  public static final Option<Boolean> DO_SECURE_HASH =
      new Option<>(
          DEFAULT,
          "do_secure_hash",
          bool(),
          "true",
          "Whether POST /v2/images/{id}/locations (the location API, v2.17) reads the data at the"
              + " location to compute its checksum and multihash (and check the validation_data"
              + " given). When false the hashes given are recorded unchecked and no checksum is"
              + " set.");

  public static final Option<Integer> HTTP_RETRIES =
      new Option<>(
          DEFAULT,
          "http_retries",
          integer(0, 100),
          "3",
          "How many times the location API tries to read a location's data to hash it before"
              + " giving up.");

  public static final Option<Integer> TASK_TIME_TO_LIVE =
      new Option<>(
          "task",
          "task_time_to_live",
          integer(1, 87600),
          "48",
          "Hours a task (an image import) is kept after it succeeded or failed; expired tasks are"
              + " removed by every process, hourly.");

  public static final Option<Optional<String>> WORK_DIR =
      new Option<>(
          "task",
          "work_dir",
          optionalString(),
          null,
          "Directory for the temporary files of import tasks (the image_conversion plugin copies"
              + " and converts an import's data there; the files are removed when the task ends)."
              + " Unset: a glimpse-work directory under the JVM's temporary directory.");

  public static final Option<List<String>> IMAGE_IMPORT_PLUGINS =
      new Option<>(
          "image_import_opts",
          "image_import_plugins",
          bracketedList("image_conversion", "no_op"),
          "[]",
          "Import plugins run on an import's data before it is stored, in Glance's list syntax"
              + " (brackets required): ['image_conversion'] converts the data to"
              + " [image_conversion] output_format with qemu-img; 'no_op' does nothing. Other Glance"
              + " plugins are not supported and stop the server at start.");

  public static final Option<String> OUTPUT_FORMAT =
      new Option<>(
          "image_conversion",
          "output_format",
          choice("qcow2", "raw", "vmdk"),
          "raw",
          "Disk format the image_conversion import plugin converts images to (qemu-img convert);"
              + " a converted image gets this disk_format and container_format 'bare'.");

  private static final String IMPORT_FILTERING = "import_filtering_opts";

  public static final Option<List<String>> ALLOWED_SCHEMES =
      new Option<>(IMPORT_FILTERING, "allowed_schemes", list(), "http,https",
          "URI schemes web-download may read; when set, disallowed_schemes is ignored. All of"
              + " [import_filtering_opts] also binds the locations the http store reads, redirects"
              + " included.");
  public static final Option<List<String>> DISALLOWED_SCHEMES =
      new Option<>(IMPORT_FILTERING, "disallowed_schemes", list(), "",
          "URI schemes web-download refuses (used only when allowed_schemes is empty).");
  public static final Option<List<String>> ALLOWED_HOSTS =
      new Option<>(IMPORT_FILTERING, "allowed_hosts", list(), "",
          "Host names or IP addresses web-download may read from; when set, every other host is"
              + " refused and disallowed_hosts is ignored. A host listed here may also resolve to a"
              + " loopback, private, link-local, unique-local or otherwise internal address, which"
              + " web-download refuses for any host not listed (Glimpse only: Glance does not look at"
              + " addresses).");
  public static final Option<List<String>> DISALLOWED_HOSTS =
      new Option<>(IMPORT_FILTERING, "disallowed_hosts", list(), "",
          "Host names or IP addresses web-download refuses (used only when allowed_hosts is empty).");
  public static final Option<List<String>> ALLOWED_PORTS =
      new Option<>(IMPORT_FILTERING, "allowed_ports", list(), "80,443",
          "Ports web-download may connect to, for URIs that name a port (a URI without one uses"
              + " its scheme's); when set, disallowed_ports is ignored.");
  public static final Option<List<String>> DISALLOWED_PORTS =
      new Option<>(IMPORT_FILTERING, "disallowed_ports", list(), "",
          "Ports web-download refuses (used only when allowed_ports is empty).");

  public static final List<Option<?>> ALL =
      List.of(
          BIND_HOST,
          BIND_PORT,
          IMAGE_SIZE_CAP,
          USER_STORAGE_QUOTA,
          HASHING_ALGORITHM,
          IMAGE_MEMBER_QUOTA,
          IMAGE_PROPERTY_QUOTA,
          IMAGE_TAG_QUOTA,
          ALLOW_ANONYMOUS_ACCESS,
          SHOW_IMAGE_DIRECT_URL,
          SHOW_MULTIPLE_LOCATIONS,
          ENABLE_V1_API,
          ENABLE_V2_API,
          LIMIT_PARAM_DEFAULT,
          API_LIMIT_MAX,
          PUBLIC_ENDPOINT,
          DELAYED_DELETE,
          SCRUB_TIME,
          WAKEUP_TIME,
          UPLOAD_STALL_TIME,
          METADATA_SOURCE_PATH,
          IMAGE_CACHE_DIR,
          IMAGE_CACHE_MAX_SIZE,
          IMAGE_CACHE_STALL_TIME,
          CACHE_PREFETCHER_INTERVAL,
          VALIDATE_MEMBER_PROJECT,
          MEMBER_CHECK_CACHE_TIME,
          MEMBER_EXPIRY_SWEEP_INTERVAL,
          PROPERTY_PROTECTION_FILE,
          PROPERTY_PROTECTION_RULE_FORMAT,
          CLIENT_SOCKET_TIMEOUT,
          CLIENT_HEADER_TIMEOUT,
          CLIENT_BODY_MIN_RATE,
          CLIENT_BODY_TIMEOUT,
          HTTP_THREADS,
          GRACEFUL_SHUTDOWN_TIMEOUT,
          DATABASE_CONNECTION,
          DATABASE_MAX_POOL_SIZE,
          DATABASE_POOL_TIMEOUT,
          DATABASE_CONNECTION_RECYCLE_TIME,
          DATABASE_STATEMENT_TIMEOUT,
          ENABLED_BACKENDS,
          DEFAULT_BACKEND,
          STORE_DESCRIPTION,
          WEIGHT,
          DEFAULT_STORE,
          STORES,
          FILESYSTEM_STORE_DATADIR,
          SWIFT_STORE_AUTH_ADDRESS,
          SWIFT_STORE_USER,
          SWIFT_STORE_KEY,
          SWIFT_STORE_AUTH_VERSION,
          SWIFT_STORE_CONFIG_FILE,
          DEFAULT_SWIFT_REFERENCE,
          SWIFT_STORE_CONTAINER,
          SWIFT_STORE_CREATE_CONTAINER_ON_PUT,
          SWIFT_STORE_LARGE_OBJECT_SIZE,
          SWIFT_STORE_LARGE_OBJECT_CHUNK_SIZE,
          SWIFT_STORE_ENDPOINT,
          SWIFT_STORE_REGION,
          SWIFT_STORE_ENDPOINT_TYPE,
          SWIFT_STORE_SERVICE_TYPE,
          SWIFT_STORE_AUTH_INSECURE,
          SWIFT_STORE_CACERT,
          SWIFT_STORE_SSL_COMPRESSION,
          SWIFT_BUFFER_ON_UPLOAD,
          S3_STORE_HOST,
          S3_STORE_ACCESS_KEY,
          S3_STORE_SECRET_KEY,
          S3_STORE_BUCKET,
          S3_STORE_CREATE_BUCKET_ON_PUT,
          S3_STORE_BUCKET_URL_FORMAT,
          S3_STORE_REGION_NAME,
          S3_STORE_LARGE_OBJECT_SIZE,
          S3_STORE_LARGE_OBJECT_CHUNK_SIZE,
          S3_STORE_THREAD_POOLS,
          S3_STORE_CACERT,
          S3_STORE_ENABLE_DATA_INTEGRITY_PROTECTION,
          S3_STORE_REQUEST_CHECKSUM_CALCULATION,
          S3_STORE_RESPONSE_CHECKSUM_VALIDATION,
          NOAUTH_DEFAULT_PROJECT_ID,
          NOAUTH_DEFAULT_ROLES,
          PASTE_DEPLOY_FLAVOR,
          POLICY_FILE,
          POLICY_DIRS,
          ENFORCE_NEW_DEFAULTS,
          ENFORCE_SCOPE,
          USE_KEYSTONE_LIMITS,
          OL_ENDPOINT_ID,
          OL_AUTH_URL,
          OL_AUTH_TYPE,
          OL_USERNAME,
          OL_USER_ID,
          OL_PASSWORD,
          OL_USER_DOMAIN_NAME,
          OL_USER_DOMAIN_ID,
          OL_PROJECT_NAME,
          OL_PROJECT_ID,
          OL_PROJECT_DOMAIN_NAME,
          OL_PROJECT_DOMAIN_ID,
          OL_SYSTEM_SCOPE,
          OL_CACHE_TIME,
          KS_WWW_AUTHENTICATE_URI,
          KS_AUTH_URI,
          KS_AUTH_URL,
          KS_AUTH_TYPE,
          KS_USERNAME,
          KS_USER_ID,
          KS_PASSWORD,
          KS_USER_DOMAIN_NAME,
          KS_USER_DOMAIN_ID,
          KS_PROJECT_NAME,
          KS_PROJECT_ID,
          KS_PROJECT_DOMAIN_NAME,
          KS_PROJECT_DOMAIN_ID,
          KS_SYSTEM_SCOPE,
          KS_REGION_NAME,
          KS_INTERFACE,
          KS_TOKEN_CACHE_TIME,
          KS_MEMCACHED_SERVERS,
          KS_SERVICE_TOKEN_ROLES,
          KS_SERVICE_TOKEN_ROLES_REQUIRED,
          KS_DELAY_AUTH_DECISION,
          KS_HTTP_CONNECT_TIMEOUT,
          KS_HTTP_REQUEST_MAX_RETRIES,
          KS_INCLUDE_SERVICE_CATALOG,
          DISK_FORMATS,
          CONTAINER_FORMATS,
          REQUIRE_IMAGE_FORMAT_MATCH,
          GPT_SAFETY_CHECKS_NONFATAL,
          HEALTHCHECK_DISABLE_BY_FILE_PATH,
          TRANSPORT_URL,
          CONTROL_EXCHANGE,
          DEFAULT_PUBLISHER_ID,
          DISABLED_NOTIFICATIONS,
          NOTIFICATION_DRIVER,
          NOTIFICATION_TRANSPORT_URL,
          NOTIFICATION_TOPICS,
          AMQP_DURABLE_QUEUES,
          AMQP_AUTO_DELETE,
          RABBIT_HA_QUEUES,
          RABBIT_QUORUM_QUEUE,
          RABBIT_RETRY_INTERVAL,
          RABBIT_RETRY_BACKOFF,
          RABBIT_INTERVAL_MAX,
          HEARTBEAT_TIMEOUT_THRESHOLD,
          METRICS_ENABLED,
          METRICS_BIND_HOST,
          METRICS_BIND_PORT,
          ENABLED_IMPORT_METHODS,
          GLANCE_DOWNLOAD_EXTRA_PROPERTIES,
          DO_SECURE_HASH,
          HTTP_RETRIES,
          WORK_DIR,
          IMAGE_IMPORT_PLUGINS,
          OUTPUT_FORMAT,
          TASK_TIME_TO_LIVE,
          ALLOWED_SCHEMES,
          DISALLOWED_SCHEMES,
          ALLOWED_HOSTS,
          DISALLOWED_HOSTS,
          ALLOWED_PORTS,
          DISALLOWED_PORTS);

  /**
   * Sections of glance-api.conf that Glimpse does not read (yet). Operators bring whole files, so
   * these are reported once per section rather than once per key.
   */
  static final Set<String> GLANCE_SECTIONS =
      Set.of(
          "task",
          "taskflow_executor",
          "cors",
          "profiler",
          "oslo_concurrency",
          "oslo_middleware",
          "oslo_reports",
          "oslo_limit",
          "key_manager",
          "barbican",
          "barbican_service_user",
          "vault",
          "cinder",
          "os_brick",
          "file",
          "wsgi",
          "import_filtering_opts",
          "inject_metadata_properties",
          "glance_download_opts",
          "os_glance_staging_store",
          "os_glance_tasks_store",
          "store_type_location_strategy",
          "glance.store.http.store",
          "glance.store.rbd.store",
          "glance.store.s3.store",
          "glance.store.swift.store",
          "glance.store.cinder.store",
          "glance.store.vmware_datastore.store");

  static boolean isGlanceSection(String section) {
    return GLANCE_SECTIONS.contains(section) || section.startsWith("oslo_messaging_");
  }

  static Option<?> find(String section, String key) {
    for (Option<?> option : ALL) {
      if (option.section().equals(section) && option.key().equals(key)) {
        return option;
      }
    }
    return null;
  }

  static boolean hasSection(String section) {
    return ALL.stream().anyMatch(o -> o.section().equals(section));
  }
}
