import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The crash test (issue 8), a single-file program the JDK runs from source: starts the real server
 * (the built jar) on a data directory and database, puts it under load — uploads of tens of MiB
 * (v2 with Content-Length and chunked, v1), PATCHes, creates and deletes — kills it with SIGKILL at a
 * random moment, starts it again on the same data, waits for the recovery window, and audits what
 * an operator would check:
 *
 * <ul>
 *   <li>no acknowledged write lost: every 2xx create, PATCH, upload and delete is there with the
 *       acknowledged content (uploads: status, size, md5; a sample downloaded and compared);
 *   <li>no image left transitional (saving, uploading, importing); an upload cut by the kill ends
 *       as its API leaves a failed one (v2 queued, v1 killed) — or active with the right data if it
 *       committed — and a queued one can be uploaded again;
 *   <li>no file in the store directory that no image references, no temporary file, no missing one.
 * </ul>
 *
 * Several rounds on the same data. Prints a line per round and ends with {@code crash-test[LABEL]:
 * N passed, M failed}; exits 1 on any failure.
 *
 * <pre>
 * java bench/CrashTest.java --jar JAR --dir DIR [--connection CONN] [--label L] [--rounds N]
 *     [--stall SECONDS] [--settle SECONDS] [--seed N]
 * </pre>
 */
public class CrashTest {
  static final Pattern PORT = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  static final Set<String> TRANSITIONAL = Set.of("saving", "uploading", "importing");
  static final long MIB = 1024 * 1024;
  static final boolean VERBOSE = Boolean.getBoolean("crash.verbose");

  static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  final Path jar;
  final Path dir;
  final String connection;
  final String label;
  final int rounds;
  final int stall;
  final int settle;
  final Random random;
  Process server;
  String base;
  long logOffset;

  int passed;
  int failed;

  // what was acknowledged, over all rounds
  final Map<String, String> ackedCreates = new ConcurrentHashMap<>();      // id -> name
  final Map<String, Upload> ackedUploads = new ConcurrentHashMap<>();      // id -> data
  final Map<String, Integer> ackedSeq = new ConcurrentHashMap<>();         // id -> last acked PATCH
  final Set<String> ackedDeletes = ConcurrentHashMap.newKeySet();
  // what was in flight when the server was killed: any outcome but a transitional one is fine
  final Map<String, Upload> cutUploads = new ConcurrentHashMap<>();
  final Map<String, Upload> cutDeletes = new ConcurrentHashMap<>();
  final Set<String> allIds = ConcurrentHashMap.newKeySet();
  final Set<String> roundUploads = ConcurrentHashMap.newKeySet();
  final List<String> loadErrors = java.util.Collections.synchronizedList(new ArrayList<>());

  record Upload(String id, boolean v1, long size, String md5, long seed) {}

  CrashTest(Map<String, String> opts) {
    jar = Path.of(require(opts, "--jar")).toAbsolutePath();
    dir = Path.of(require(opts, "--dir")).toAbsolutePath();
    connection = opts.getOrDefault("--connection", "h2:" + dir.resolve("db/glimpse"));
    label = opts.getOrDefault("--label", "h2");
    rounds = Integer.parseInt(opts.getOrDefault("--rounds", "3"));
    stall = Integer.parseInt(opts.getOrDefault("--stall", "3"));
    settle = Integer.parseInt(opts.getOrDefault("--settle", "40"));
    long seed = Long.parseLong(opts.getOrDefault("--seed", String.valueOf(System.nanoTime() % 100000)));
    random = new Random(seed);
    System.out.printf("crash-test[%s]: %d rounds, upload_stall_time %d s, seed %d, data in %s%n", label, rounds,
        stall, seed, dir);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    CrashTest test = new CrashTest(opts);
    try {
      test.run();
    } finally {
      test.stop();
    }
    System.out.printf("crash-test[%s]: %d passed, %d failed%n", test.label, test.passed, test.failed);
    System.exit(test.failed == 0 ? 0 : 1);
  }

  static String require(Map<String, String> opts, String name) {
    String value = opts.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }

  void run() throws Exception {
    Files.createDirectories(dir);
    start();
    for (int round = 1; round <= rounds; round++) {
      roundUploads.clear();
      cutUploads.clear();
      cutDeletes.clear();
      Load load = new Load(round);
      long loadStart = System.nanoTime();
      load.start();
      // load until some uploads were acknowledged (so that there is something to lose), then kill
      // at a random moment, most likely with uploads, PATCHes and creates in flight
      while (System.nanoTime() - loadStart < TimeUnit.SECONDS.toNanos(15)
          && (load.uploadsAcked.get() < 1 || System.nanoTime() - loadStart < TimeUnit.SECONDS.toNanos(2))) {
        Thread.sleep(50);
      }
      Thread.sleep(random.nextInt(1500));
      double killAfter = (System.nanoTime() - loadStart) / 1e9;
      long before = System.nanoTime();
      load.running = false; // no new requests; those in flight are cut by the kill
      int inFlight = load.inFlight.get();
      kill();
      load.join();
      start();
      long restarted = System.nanoTime();
      Settled settled = awaitSettled();
      double afterKill = (System.nanoTime() - before) / 1e9;
      double afterStart = (System.nanoTime() - restarted) / 1e9;
      System.out.printf("round %d: killed after %.1f s of load (%d requests in flight: %d uploads);"
              + " settled %.1f s after restart (%.1f s after the kill)%n", round, killAfter, inFlight,
          cutUploads.size(), afterStart, afterKill);
      audit(round, settled);
    }
  }

  // ---- the server ----------------------------------------------------------------------------

  void start() throws Exception {
    Path log = dir.resolve("server.log");
    logOffset = Files.exists(log) ? Files.size(log) : 0;
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.put("GLIMPSE_DEFAULT__BIND_HOST", "127.0.0.1");
    env.put("GLIMPSE_DEFAULT__BIND_PORT", "0");
    env.put("GLIMPSE_DATABASE__CONNECTION", connection);
    env.put("GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR", dir.resolve("images").toString());
    env.put("GLIMPSE_DEFAULT__UPLOAD_STALL_TIME", String.valueOf(stall));
    env.put("GLIMPSE_DEFAULT__SHOW_IMAGE_DIRECT_URL", "true");
    env.put("GLIMPSE_DEFAULT__IMAGE_PROPERTY_QUOTA", "-1");
    server = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited at start; see " + log);
      }
      String text = Files.readString(log, StandardCharsets.ISO_8859_1);
      Matcher m = PORT.matcher(text.substring((int) Math.min(logOffset, text.length())));
      if (m.find()) {
        base = "http://127.0.0.1:" + m.group(1);
        try {
          if (send("GET", "/v2/images?limit=1", BodyPublishers.noBody(), ADMIN).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not yet
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the server did not answer within 90 s; see " + log);
  }

  void kill() throws InterruptedException {
    server.destroyForcibly(); // SIGKILL
    server.waitFor(30, TimeUnit.SECONDS);
  }

  void stop() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  static final String[] USER = {"X-Project-Id", "crash", "X-User-Id", "crash-user", "X-Roles", "member,reader"};
  static final String[] ADMIN = {"X-Project-Id", "crash-admin", "X-User-Id", "crash-admin", "X-Roles", "admin"};

  HttpResponse<String> send(String method, String path, BodyPublisher body, String[] identity, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
        .method(method, body);
    for (int i = 0; i + 1 < identity.length; i += 2) {
      b.header(identity[i], identity[i + 1]);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|null|-?\\d+)")
        .matcher(json);
    if (!m.find()) {
      return null;
    }
    return m.group(2) != null ? m.group(2) : m.group(1).equals("null") ? null : m.group(1);
  }

  // ---- the load ---------------------------------------------------------------------------------

  final class Load {
    final int round;
    final List<Thread> threads = new ArrayList<>();
    volatile boolean running = true;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger counter = new AtomicInteger();
    final AtomicInteger uploadsAcked = new AtomicInteger();

    Load(int round) {
      this.round = round;
    }

    void start() {
      for (int w = 0; w < 3; w++) {
        boolean v1 = w == 0;
        boolean chunked = w == 2;
        threads.add(thread("upload-" + w, () -> uploads(v1, chunked)));
      }
      for (int w = 0; w < 2; w++) {
        threads.add(thread("patch-" + w, this::patches));
      }
      threads.add(thread("create", this::creates));
      threads.add(thread("delete", this::deletes));
    }

    void join() throws InterruptedException {
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(150));
      }
    }

    /** Sends a request; null when it got no answer (the server died under it). */
    HttpResponse<String> attempt(String method, String path, BodyPublisher body, String... headers) {
      inFlight.incrementAndGet();
      try {
        HttpResponse<String> r = send(method, path, body, USER, headers);
        if (r.statusCode() >= 500) {
          loadErrors.add(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r;
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } finally {
        inFlight.decrementAndGet();
      }
    }

    void unexpected(String what, HttpResponse<String> r) {
      if (r != null) {
        loadErrors.add(what + " -> " + r.statusCode() + " " + r.body());
      }
    }

    String newId() {
      String id = UUID.randomUUID().toString();
      allIds.add(id);
      return id;
    }

    /** Creates an image with its own id; its id when acknowledged, else null. */
    String create(String name) {
      String id = newId();
      HttpResponse<String> r = attempt("POST", "/v2/images", BodyPublishers.ofString("{\"id\": \"" + id
          + "\", \"name\": \"" + name + "\", \"disk_format\": \"raw\", \"container_format\": \"bare\","
          + " \"crash_round\": \"" + round + "\"}"), "Content-Type", "application/json");
      if (r != null && r.statusCode() == 201) {
        ackedCreates.put(id, name);
        return id;
      }
      unexpected("create " + id, r);
      return null;
    }

    void uploads(boolean v1, boolean chunked) {
      while (running) {
        // (a v2 upload starts with a create, and stops there once the load stops)
        long size = (10 + ThreadLocalRandom.current().nextInt(21)) * MIB;
        long seed = ThreadLocalRandom.current().nextLong();
        Generated data = new Generated(size, seed, 64 * MIB);
        long t0 = System.nanoTime();
        String id;
        HttpResponse<String> r;
        if (v1) {
          id = newId();
          roundUploads.add(id);
          cutUploads.put(id, new Upload(id, true, size, null, seed));
          r = attempt("POST", "/v1/images", BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> data), size),
              "Content-Type", "application/octet-stream", "x-image-meta-id", id, "x-image-meta-name", "v1-" + id,
              "x-image-meta-disk_format", "raw", "x-image-meta-container_format", "bare", "x-image-meta-size",
              String.valueOf(size));
          if (r != null && r.statusCode() == 201) {
            ackedCreates.put(id, "v1-" + id);
          }
        } else {
          id = create("upload-" + counter.incrementAndGet());
          if (id == null || !running) {
            continue;
          }
          roundUploads.add(id);
          cutUploads.put(id, new Upload(id, false, size, null, seed));
          BodyPublisher body = chunked ? BodyPublishers.ofInputStream(() -> data)
              : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> data), size);
          r = attempt("PUT", "/v2/images/" + id + "/file", body, "Content-Type", "application/octet-stream");
        }
        if (VERBOSE) {
          System.out.printf("    upload %s (%s, %d MiB): %s after %.2f s%n", id, v1 ? "v1" : chunked ? "chunked" : "length",
              size / MIB, r == null ? "no answer" : r.statusCode(), (System.nanoTime() - t0) / 1e9);
        }
        if (r != null && r.statusCode() == (v1 ? 201 : 204)) {
          cutUploads.remove(id);
          ackedUploads.put(id, new Upload(id, v1, size, data.md5(), seed));
          uploadsAcked.incrementAndGet();
        } else if (r != null) {
          cutUploads.remove(id);
          unexpected("upload " + id, r);
        }
      }
    }

    void patches() {
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < 3 && running; i++) {
        String id = create("patched-" + counter.incrementAndGet());
        if (id != null) {
          mine.add(id);
        }
      }
      for (int k = 0; running && !mine.isEmpty(); k++) {
        String id = mine.get(k % mine.size());
        int next = ackedSeq.getOrDefault(id, 0) + 1;
        HttpResponse<String> r = attempt("PATCH", "/v2/images/" + id, BodyPublishers.ofString(
                "[{\"op\": \"add\", \"path\": \"/seq\", \"value\": \"" + next + "\"},"
                    + " {\"op\": \"add\", \"path\": \"/p" + next + "\", \"value\": \"v" + next + "\"}]"),
            "Content-Type", "application/openstack-images-v2.1-json-patch");
        if (r != null && r.statusCode() == 200) {
          ackedSeq.put(id, next);
        } else {
          unexpected("patch " + id, r);
        }
        pause(5);
      }
    }

    void creates() {
      while (running) {
        create("created-" + counter.incrementAndGet());
        pause(20);
      }
    }

    void deletes() {
      while (running) {
        String victim = ackedUploads.keySet().stream().filter(id -> !roundUploads.contains(id)).findAny()
            .orElse(null);
        if (victim == null) {
          return;
        }
        Upload upload = ackedUploads.remove(victim);
        if (upload == null) {
          continue;
        }
        cutDeletes.put(victim, upload);
        HttpResponse<String> r = attempt("DELETE", "/v2/images/" + victim, BodyPublishers.noBody());
        if (r != null && r.statusCode() == 204) {
          cutDeletes.remove(victim);
          ackedDeletes.add(victim);
          ackedCreates.remove(victim);
        } else if (r != null) {
          cutDeletes.remove(victim);
          unexpected("delete " + victim, r);
        }
        pause(300);
      }
    }
  }

  static Thread thread(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.start();
    return thread;
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Pseudo-random bytes (xorshift) made as they are read, hashed, at most {@code rate} bytes/s. */
  static final class Generated extends InputStream {
    private final MessageDigest md5 = digest("MD5");
    private final long rate;
    private final long started = System.nanoTime();
    private long remaining;
    private long served;
    private long state;

    Generated(long size, long seed, long rate) {
      this.remaining = size;
      this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
      this.rate = rate;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, remaining), 64 * 1024);
      fill(b, off, n);
      md5.update(b, off, n);
      remaining -= n;
      served += n;
      long due = started + served * 1_000_000_000L / rate;
      long ahead = due - System.nanoTime();
      if (ahead > 1_000_000) {
        pause(ahead / 1_000_000);
      }
      return n;
    }

    private void fill(byte[] b, int off, int n) {
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        b[off + i] = (byte) state;
      }
    }

    String md5() {
      return HexFormat.of().formatHex(md5.digest());
    }

    /** md5 of the bytes an upload of {@code size} with {@code seed} sends. */
    static String md5Of(long size, long seed) {
      Generated g = new Generated(size, seed, Long.MAX_VALUE / 2);
      byte[] buffer = new byte[64 * 1024];
      while (g.read(buffer, 0, buffer.length) > 0) {
        // hashing
      }
      return g.md5();
    }
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the audit --------------------------------------------------------------------------------

  /** What the server holds once settled: every image (by id, as the admin sees it), and the store's files. */
  record Settled(Map<String, String> images, Set<String> files, boolean settled) {}

  /** Waits until no image is transitional and the store holds exactly the referenced files. */
  Settled awaitSettled() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settle);
    Settled last;
    do {
      last = snapshot();
      if (last.settled()) {
        return last;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return last;
  }

  Settled snapshot() throws Exception {
    Set<String> ids = new TreeSet<>(allIds);
    String next = "/v2/images?limit=200&visibility=all";
    Pattern id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    Pattern nextLink = Pattern.compile("\"next\"\\s*:\\s*\"([^\"]+)\"");
    while (next != null) {
      String body = send("GET", next, BodyPublishers.noBody(), ADMIN).body();
      Matcher m = id.matcher(body);
      while (m.find()) {
        ids.add(m.group(1));
      }
      Matcher n = nextLink.matcher(body);
      next = n.find() ? n.group(1) : null;
    }
    Map<String, String> images = new LinkedHashMap<>();
    for (String i : ids) {
      HttpResponse<String> r = send("GET", "/v2/images/" + i, BodyPublishers.noBody(), ADMIN);
      if (r.statusCode() == 200) {
        images.put(i, r.body());
      }
    }
    Set<String> files = storeFiles();
    boolean transitional = images.values().stream().anyMatch(j -> TRANSITIONAL.contains(field(j, "status")));
    return new Settled(images, files, !transitional && files.equals(referenced(images)));
  }

  Set<String> storeFiles() throws IOException {
    Path images = dir.resolve("images");
    if (!Files.isDirectory(images)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(images)) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  static Set<String> referenced(Map<String, String> images) {
    Set<String> names = new TreeSet<>();
    for (String json : images.values()) {
      String status = field(json, "status");
      String url = field(json, "direct_url");
      if (url != null && (status.equals("active") || status.equals("deactivated"))) {
        names.add(url.substring(url.lastIndexOf('/') + 1));
      }
    }
    return names;
  }

  void check(boolean ok, String what) {
    if (ok) {
      passed++;
      System.out.println("  ok    " + what);
    } else {
      failed++;
      System.out.println("  FAIL  " + what);
    }
  }

  void audit(int round, Settled s) throws Exception {
    Map<String, String> images = s.images();
    // acknowledged creates
    List<String> lostCreates = new ArrayList<>();
    ackedCreates.forEach((id, name) -> {
      String json = images.get(id);
      if (!cutDeletes.containsKey(id) && (json == null || !name.equals(field(json, "name")))) {
        lostCreates.add(id);
      }
    });
    check(lostCreates.isEmpty(), String.format("creates: %d acknowledged, %d lost %s", ackedCreates.size(),
        lostCreates.size(), lostCreates.isEmpty() ? "" : lostCreates.subList(0, Math.min(3, lostCreates.size()))));

    // acknowledged PATCHes: the last acknowledged value (or the one in flight after it), every acknowledged property
    int patches = 0;
    List<String> lostPatches = new ArrayList<>();
    for (Map.Entry<String, Integer> e : ackedSeq.entrySet()) {
      int acked = e.getValue();
      patches += acked;
      String json = images.get(e.getKey());
      String seq = json == null ? null : field(json, "seq");
      boolean ok = seq != null && (Integer.parseInt(seq) == acked || Integer.parseInt(seq) == acked + 1);
      for (int k = 1; ok && k <= acked; k++) {
        ok = ("v" + k).equals(field(json, "p" + k));
      }
      if (!ok) {
        lostPatches.add(e.getKey() + " (acknowledged " + acked + ", stored " + seq + ")");
      }
    }
    check(lostPatches.isEmpty(), String.format("PATCHes: %d acknowledged on %d images, %d images lost some %s",
        patches, ackedSeq.size(), lostPatches.size(), lostPatches.isEmpty() ? "" : lostPatches.subList(0,
            Math.min(3, lostPatches.size()))));

    // acknowledged uploads: active with the acknowledged size and checksum
    List<String> lostUploads = new ArrayList<>();
    for (Upload u : ackedUploads.values()) {
      String json = images.get(u.id());
      if (json == null || !"active".equals(field(json, "status")) || !String.valueOf(u.size()).equals(field(json, "size"))
          || !u.md5().equals(field(json, "checksum"))) {
        lostUploads.add(u.id() + " " + (json == null ? "missing" : field(json, "status")));
      }
    }
    check(lostUploads.isEmpty(), String.format("uploads: %d acknowledged, %d lost or changed %s", ackedUploads.size(),
        lostUploads.size(), lostUploads.isEmpty() ? "" : lostUploads.subList(0, Math.min(3, lostUploads.size()))));

    // a sample of this round's acknowledged uploads, downloaded and compared
    List<Upload> sample = ackedUploads.values().stream().filter(u -> roundUploads.contains(u.id())).limit(2).toList();
    int same = 0;
    for (Upload u : sample) {
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/images/" + u.id() + "/file"))
          .header("X-Project-Id", "crash-admin").header("X-Roles", "admin").build(), HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest md5 = digest("MD5");
      try (InputStream in = r.body()) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          md5.update(buffer, 0, n);
        }
      }
      if (r.statusCode() == 200 && HexFormat.of().formatHex(md5.digest()).equals(u.md5())) {
        same++;
      }
    }
    check(same == sample.size(), String.format("downloads: %d of %d acknowledged uploads read back identical",
        same, sample.size()));

    // acknowledged deletes
    long undead = ackedDeletes.stream().filter(images::containsKey).count();
    check(undead == 0, String.format("deletes: %d acknowledged, %d images still there", ackedDeletes.size(), undead));

    // nothing transitional, anywhere
    List<String> stuck = new ArrayList<>();
    images.forEach((id, json) -> {
      if (TRANSITIONAL.contains(field(json, "status"))) {
        stuck.add(id + " " + field(json, "status"));
      }
    });
    check(stuck.isEmpty(), String.format("transitional: %d images of %d stuck %s", stuck.size(), images.size(),
        stuck.isEmpty() ? "" : stuck.subList(0, Math.min(3, stuck.size()))));

    // uploads cut by the kill: ended as their API leaves a failed upload, or committed with the right data
    List<String> badCut = new ArrayList<>();
    List<String> requeued = new ArrayList<>();
    int committed = 0;
    int killed = 0;
    int uncreated = 0;
    for (Upload u : cutUploads.values()) {
      String json = images.get(u.id());
      String status = json == null ? null : field(json, "status");
      if (json == null) {
        uncreated++; // a v1 create that did not commit (v1 creates and uploads in one request)
      } else if ("active".equals(status)) {
        if (String.valueOf(u.size()).equals(field(json, "size"))
            && Generated.md5Of(u.size(), u.seed()).equals(field(json, "checksum"))) {
          committed++;
        } else {
          badCut.add(u.id() + " active with other data");
        }
      } else if (status.equals(u.v1() ? "killed" : "queued") && field(json, "size") == null) {
        if (u.v1()) {
          killed++;
        } else {
          requeued.add(u.id());
        }
      } else {
        badCut.add(u.id() + " " + status);
      }
    }
    check(badCut.isEmpty(), String.format("uploads cut by the kill: %d (%d committed, %d back to queued, %d killed"
            + " (v1), %d never created (v1)), %d in a wrong state %s", cutUploads.size(), committed, requeued.size(),
        killed, uncreated, badCut.size(), badCut));

    // files: exactly the data of active images
    Set<String> expected = referenced(images);
    Set<String> orphans = new TreeSet<>(s.files());
    orphans.removeAll(expected);
    long temps = orphans.stream().filter(n -> n.endsWith(".tmp")).count();
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(s.files());
    check(orphans.isEmpty() && missing.isEmpty(), String.format("store: %d files, %d orphaned (%d temporary), %d"
        + " missing %s", s.files().size(), orphans.size(), temps, missing.size(), orphans.isEmpty() && missing.isEmpty()
        ? "" : "orphans " + orphans.stream().limit(3).toList() + " missing " + missing.stream().limit(3).toList()));

    // an image an upload lost can be uploaded again (no leftover blocks it)
    int again = 0;
    for (String id : requeued) {
      HttpResponse<String> r = send("PUT", "/v2/images/" + id + "/file", BodyPublishers.ofString("again"), USER,
          "Content-Type", "application/octet-stream");
      if (r.statusCode() == 204) {
        again++;
      } else {
        System.out.println("      re-upload of " + id + ": " + r.statusCode() + " " + r.body());
      }
    }
    check(again == requeued.size(), String.format("re-upload: %d of %d images back in queued uploaded again", again,
        requeued.size()));

    check(loadErrors.isEmpty(), String.format("unexpected answers during the load: %d %s", loadErrors.size(),
        loadErrors.stream().limit(3).toList()));
    loadErrors.clear();

    // deletes cut by the kill: done or not, either is fine; carry on with what happened
    cutDeletes.forEach((id, upload) -> {
      if (images.containsKey(id)) {
        ackedUploads.put(id, upload);
      } else {
        ackedCreates.remove(id);
        ackedDeletes.add(id);
      }
    });
  }
}
