import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two Glimpse processes on one database and one store are one service (issue 10). Starts two
 * nodes of the built jar on the same database and file store, with delayed delete and a fast
 * scrubber, and sends mixed traffic — create, upload, PATCH, member add and accept, delete — from
 * several clients, each request to a node picked at random (so one image is created on one node,
 * uploaded through the other, patched from both at once). Then it audits through both nodes:
 * every acknowledged change is there, nothing is listed twice, data uploaded through one node
 * downloads intact through the other, every delayed delete was scrubbed by exactly one node, and
 * the store holds exactly the objects the images reference.
 *
 * <p>Run by scripts/two-node-test.sh: {@code java -cp glimpse-api.jar bench/TwoNodeTest.java
 * --jar J --dir D --connection URL [--seconds S] [--clients N] [--swift-env FILE]}. With
 * {@code --swift-env} (the env file of scripts/swift-up.sh) both nodes keep data in Swift, in a
 * container of this run's own, and the audit lists that container and its segments; otherwise
 * in one file store directory. The last line is {@code two-node-test: P passed, F failed}.
 */
public class TwoNodeTest {
  static final Pattern PORT = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static final String[] ADMIN = {"X-Project-Id", "two-node-admin", "X-User-Id", "admin", "X-Roles", "admin,member,reader"};
  static final int OWNERS = 3;
  static final int MEMBERS = 3;

  final Path jar;
  final Path dir;
  final String connection;
  final int seconds;
  final int clients;
  final Map<String, String> swift; // scripts/swift-up.sh's env file, or null for the file store
  final String container = "glimpse-two-node-" + Long.toHexString(System.nanoTime());
  final List<Process> nodes = new ArrayList<>();
  final List<String> urls = new ArrayList<>();
  int passed;
  int failed;

  /** What the clients were told happened to one image: only 2xx answers are recorded. */
  static final class Acked {
    final String id;
    final String owner;
    final Map<String, String> properties = new ConcurrentHashMap<>();
    final Map<String, String> members = new ConcurrentHashMap<>(); // member -> acknowledged status
    final AtomicBoolean uploadTaken = new AtomicBoolean();
    final AtomicBoolean deleteTaken = new AtomicBoolean();
    volatile String md5;
    volatile long size;
    volatile int uploadNode;
    volatile boolean deleted;

    Acked(String id, String owner) {
      this.id = id;
      this.owner = owner;
    }
  }

  final List<Acked> images = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger conflicts = new AtomicInteger();
  final Map<Integer, AtomicInteger> perNode = new ConcurrentHashMap<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();

  TwoNodeTest(Map<String, String> opts) {
    jar = Path.of(opts.get("--jar")).toAbsolutePath();
    dir = Path.of(opts.get("--dir")).toAbsolutePath();
    connection = opts.get("--connection");
    seconds = Integer.parseInt(opts.getOrDefault("--seconds", "20"));
    clients = Integer.parseInt(opts.getOrDefault("--clients", "8"));
    swift = opts.containsKey("--swift-env") ? readEnv(Path.of(opts.get("--swift-env"))) : null;
  }

  static Map<String, String> readEnv(Path file) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the Swift env file " + file + ": " + e, e);
    }
    return env;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    TwoNodeTest test = new TwoNodeTest(opts);
    try {
      test.run();
    } finally {
      test.stop();
      if (test.swift != null) {
        test.dropSwiftContainers();
      }
    }
    System.out.printf("two-node-test: %d passed, %d failed%n", test.passed, test.failed);
    System.exit(test.failed == 0 ? 0 : 1);
  }

  void run() throws Exception {
    Files.createDirectories(dir.resolve("images"));
    for (int n = 0; n < 2; n++) {
      start(n);
    }
    System.out.printf("two-node-test: nodes %s on %s and %s, %d clients for %d s%n", urls, connection,
        swift == null ? "one file store" : "Swift container " + container, clients, seconds);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t = new Thread(() -> load(client, end), "client-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.printf("two-node-test: %d requests (node 0: %s, node 1: %s), %d answered 409, %d images%n",
        requests.get(), perNode.get(0), perNode.get(1), conflicts.get(), images.size());
    audit();
  }

  // ---- the load ----------------------------------------------------------------------------------

  void load(int client, long end) {
    Random random = new Random(client * 7919L + System.nanoTime());
    while (System.nanoTime() < end) {
      try {
        int dice = random.nextInt(100);
        if (dice < 15 || images.size() < 4) {
          create(random);
        } else if (dice < 35) {
          upload(random);
        } else if (dice < 65) {
          patch(random);
        } else if (dice < 80) {
          addMember(random);
        } else if (dice < 92) {
          accept(random);
        } else {
          delete(random);
        }
      } catch (IOException | InterruptedException e) {
        unexpected.add(e.toString());
      }
    }
  }

  static String owner(Random random) {
    return "owner-" + random.nextInt(OWNERS);
  }

  static String[] as(String project, String roles) {
    return new String[] {"X-Project-Id", project, "X-User-Id", project + "-user", "X-Roles", roles};
  }

  /** A recent image, so that clients often work on the same ones at the same time. */
  Acked recent(Random random) {
    int size = images.size();
    int window = Math.min(size, 12);
    return images.get(size - 1 - random.nextInt(window));
  }

  void create(Random random) throws IOException, InterruptedException {
    String owner = owner(random);
    String body = "{\"name\":\"two-node\",\"disk_format\":\"raw\",\"container_format\":\"bare\","
        + "\"visibility\":\"shared\"}";
    HttpResponse<String> r = send(random.nextInt(2), "POST", "/v2/images", json(body), as(owner, "member,reader"));
    if (expect(r, 201, "create")) {
      images.add(new Acked(JSON.readTree(r.body()).path("id").asText(), owner));
    }
  }

  void upload(Random random) throws IOException, InterruptedException {
    Acked image = recent(random);
    if (image.deleteTaken.get() || !image.uploadTaken.compareAndSet(false, true)) {
      return;
    }
    byte[] data = new byte[64 * 1024 + random.nextInt(swift == null ? 512 * 1024 : 2 * 1024 * 1024)];
    random.nextBytes(data);
    int node = random.nextInt(2);
    HttpResponse<String> r = send(node, "PUT", "/v2/images/" + image.id + "/file", BodyPublishers.ofByteArray(data),
        as(image.owner, "member,reader"), "Content-Type", "application/octet-stream");
    if (expect(r, 204, "upload", image)) {
      image.size = data.length;
      image.uploadNode = node;
      image.md5 = md5(data);
    }
  }

  void patch(Random random) throws IOException, InterruptedException {
    Acked image = recent(random);
    if (image.deleteTaken.get()) {
      return;
    }
    String key = "p_" + Thread.currentThread().getName().replace('-', '_') + "_" + random.nextInt(1000);
    String value = Long.toHexString(random.nextLong());
    String body = "[{\"op\":\"add\",\"path\":\"/" + key + "\",\"value\":\"" + value + "\"}]";
    HttpResponse<String> r = send(random.nextInt(2), "PATCH", "/v2/images/" + image.id,
        BodyPublishers.ofString(body), as(image.owner, "member,reader"),
        "Content-Type", "application/openstack-images-v2.1-json-patch");
    if (expect(r, 200, "patch", image)) {
      image.properties.put(key, value);
    }
  }

  void addMember(Random random) throws IOException, InterruptedException {
    Acked image = recent(random);
    if (image.deleteTaken.get()) {
      return;
    }
    String member = "member-" + random.nextInt(MEMBERS);
    HttpResponse<String> r = send(random.nextInt(2), "POST", "/v2/images/" + image.id + "/members",
        json("{\"member\":\"" + member + "\"}"), as(image.owner, "member,reader"));
    if (r.statusCode() == 409) {
      conflicts.incrementAndGet(); // already a member: added by another client, through either node
    } else if (expect(r, 200, "member add", image)) {
      image.members.putIfAbsent(member, "pending");
    }
  }

  void accept(Random random) throws IOException, InterruptedException {
    Acked image = recent(random);
    List<String> pending = image.members.entrySet().stream().filter(e -> e.getValue().equals("pending"))
        .map(Map.Entry::getKey).toList();
    if (image.deleteTaken.get() || pending.isEmpty()) {
      return;
    }
    String member = pending.get(random.nextInt(pending.size()));
    HttpResponse<String> r = send(random.nextInt(2), "PUT", "/v2/images/" + image.id + "/members/" + member,
        json("{\"status\":\"accepted\"}"), as(member, "member,reader"));
    if (expect(r, 200, "member accept", image)) {
      image.members.put(member, "accepted");
    }
  }

  void delete(Random random) throws IOException, InterruptedException {
    Acked image = recent(random);
    if (!image.deleteTaken.compareAndSet(false, true)) {
      return;
    }
    HttpResponse<String> r = send(random.nextInt(2), "DELETE", "/v2/images/" + image.id, BodyPublishers.noBody(),
        as(image.owner, "member,reader"));
    if (expect(r, 204, "delete")) {
      image.deleted = true;
    }
  }

  /** True for the expected status; 409 (a concurrent change refused, nothing applied) is counted. */
  boolean expect(HttpResponse<String> r, int status, String what) {
    return expect(r, status, what, null);
  }

  /** As above; on an image being deleted meanwhile, 404 and 410 are expected answers too. */
  boolean expect(HttpResponse<String> r, int status, String what, Acked image) {
    if (r.statusCode() == status) {
      return true;
    }
    if (r.statusCode() == 409) {
      conflicts.incrementAndGet();
      return false;
    }
    if (image != null && image.deleteTaken.get() && (r.statusCode() == 404 || r.statusCode() == 410)) {
      return false;
    }
    unexpected.add(what + " answered " + r.statusCode() + ": " + r.body());
    return false;
  }

  // ---- the audit ---------------------------------------------------------------------------------

  void audit() throws Exception {
    check(unexpected.isEmpty(), "no request answered other than as expected (or 409)"
        + (unexpected.isEmpty() ? "" : ": " + unexpected.subList(0, Math.min(5, unexpected.size()))));
    Map<String, JsonNode> shown = awaitSettled();
    int lostProps = 0;
    int lostMembers = 0;
    int badData = 0;
    int disagreements = 0;
    int deletedVisible = 0;
    for (Acked image : images) {
      JsonNode viaA = show(0, image.id);
      JsonNode viaB = show(1, image.id);
      if (image.deleted) {
        deletedVisible += (viaA != null || viaB != null) ? 1 : 0;
        continue;
      }
      if (image.deleteTaken.get()) {
        continue; // a delete refused with 409 or unanswered: either outcome is fine
      }
      if (viaA == null || viaB == null || !viaA.equals(viaB)) {
        disagreements++;
        continue;
      }
      for (Map.Entry<String, String> p : image.properties.entrySet()) {
        if (!p.getValue().equals(viaA.path(p.getKey()).asText(null))) {
          lostProps++;
        }
      }
      if (image.md5 != null) {
        boolean same = "active".equals(viaA.path("status").asText()) && image.md5.equals(viaA.path("checksum").asText())
            && image.size == viaA.path("size").asLong() && image.md5.equals(download(1 - image.uploadNode, image));
        badData += same ? 0 : 1;
      }
      Map<String, String> members = members(image);
      for (Map.Entry<String, String> m : image.members.entrySet()) {
        if (!m.getValue().equals(members.get(m.getKey()))) {
          lostMembers++;
        }
      }
    }
    long acked = images.stream().filter(i -> !i.deleted && !i.deleteTaken.get()).count();
    check(disagreements == 0, "both nodes show every live image, identically (" + disagreements + " did not, of " + acked + ")");
    check(lostProps == 0, "every acknowledged PATCH is kept (" + lostProps + " properties lost)");
    check(lostMembers == 0, "every acknowledged member add and accept is kept (" + lostMembers + " lost)");
    check(badData == 0, "data uploaded through one node downloads intact through the other (" + badData + " did not)");
    check(deletedVisible == 0, "acknowledged deletes are gone on both nodes (" + deletedVisible + " still shown)");
    checkListings(shown);
    checkMemberListings();
    checkScrubbedOnce();
    Set<String> files = storeFiles();
    Set<String> referenced = referenced(shown);
    check(files.equals(referenced), "the store holds exactly the objects the images reference (" + files.size()
        + " objects, " + referenced.size() + " referenced" + (files.equals(referenced) ? ")" : "; extra "
        + diff(files, referenced) + ", missing " + diff(referenced, files) + ")"));
  }

  /** Waits until no image is transitional or pending_delete; returns every image by id, as the admin sees them. */
  Map<String, JsonNode> awaitSettled() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, JsonNode> all;
    boolean settled;
    do {
      all = listAll(0);
      settled = all.values().stream().noneMatch(j -> Set.of("saving", "importing", "pending_delete")
          .contains(j.path("status").asText())) && storeFiles().equals(referenced(all));
      if (!settled) {
        Thread.sleep(500);
      }
    } while (!settled && System.nanoTime() < deadline);
    check(settled, "the service settles: no image saving or pending_delete, store and records agree");
    return all;
  }

  void checkListings(Map<String, JsonNode> viaA) throws Exception {
    Map<String, JsonNode> viaB = listAll(1);
    check(viaA.keySet().equals(viaB.keySet()), "both nodes list the same images (" + viaA.size() + ")");
    for (int o = 0; o < OWNERS; o++) {
      String owner = "owner-" + o;
      List<String> listed = new ArrayList<>();
      String next = "/v2/images?limit=7&owner=" + owner;
      int node = 0;
      while (next != null) {
        JsonNode page = JSON.readTree(send(node, "GET", next, BodyPublishers.noBody(), as(owner, "member,reader")).body());
        page.path("images").forEach(i -> listed.add(i.path("id").asText()));
        next = page.hasNonNull("next") ? page.path("next").asText() : null;
        node = 1 - node; // page through both nodes alternately
      }
      Set<String> expected = new TreeSet<>();
      Set<String> maybe = new TreeSet<>();
      for (Acked image : images) {
        if (image.owner.equals(owner) && !image.deleted) {
          (image.deleteTaken.get() ? maybe : expected).add(image.id);
        }
      }
      Set<String> unique = new TreeSet<>(listed);
      boolean ok = unique.size() == listed.size() && unique.containsAll(expected)
          && expected.size() + maybe.size() >= unique.size();
      check(ok, owner + ": paging across both nodes lists each image once, all acknowledged ones ("
          + listed.size() + " listed, " + unique.size() + " distinct, " + expected.size() + " expected)");
    }
  }

  void checkMemberListings() throws Exception {
    for (int m = 0; m < MEMBERS; m++) {
      String member = "member-" + m;
      Set<String> expected = new TreeSet<>();
      for (Acked image : images) {
        if (!image.deleted && !image.deleteTaken.get() && "accepted".equals(image.members.get(member))) {
          expected.add(image.id);
        }
      }
      Set<String> listed = new TreeSet<>();
      String next = "/v2/images?limit=200&member_status=accepted";
      while (next != null) {
        JsonNode page = JSON.readTree(send(m % 2, "GET", next, BodyPublishers.noBody(), as(member, "member,reader")).body());
        page.path("images").forEach(i -> {
          if (!i.path("owner").asText().equals(member)) {
            listed.add(i.path("id").asText());
          }
        });
        next = page.hasNonNull("next") ? page.path("next").asText() : null;
      }
      check(listed.containsAll(expected), member + " lists every image it accepted (" + expected.size() + ")");
    }
  }

  /** Each delayed delete is completed by one node: both nodes run the scrubber on one database. */
  void checkScrubbedOnce() throws IOException {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    Pattern scrubbed = Pattern.compile("scrubber: image ([0-9a-f-]{36}) scrubbed");
    for (int n = 0; n < 2; n++) {
      Matcher m = scrubbed.matcher(Files.readString(log(n), StandardCharsets.ISO_8859_1));
      while (m.find()) {
        counts.merge(m.group(1), 1, Integer::sum);
      }
    }
    // only an image with data goes pending_delete; one without is deleted at once, unscrubbed
    long withData = images.stream().filter(i -> i.deleted && i.md5 != null).count();
    long once = images.stream().filter(i -> i.deleted && i.md5 != null && counts.getOrDefault(i.id, 0) == 1).count();
    long twice = counts.values().stream().filter(c -> c > 1).count();
    check(once == withData && twice == 0, "every acknowledged delete of an image with data was scrubbed exactly once ("
        + once + " of " + withData + "; " + twice + " images more than once)");
  }

  Map<String, JsonNode> listAll(int node) throws Exception {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    String next = "/v2/images?limit=100&visibility=all";
    while (next != null) {
      JsonNode page = JSON.readTree(send(node, "GET", next, BodyPublishers.noBody(), ADMIN).body());
      page.path("images").forEach(i -> all.put(i.path("id").asText(), i));
      next = page.hasNonNull("next") ? page.path("next").asText() : null;
    }
    return all;
  }

  JsonNode show(int node, String id) throws Exception {
    HttpResponse<String> r = send(node, "GET", "/v2/images/" + id, BodyPublishers.noBody(), ADMIN);
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
  }

  Map<String, String> members(Acked image) throws Exception {
    Map<String, String> members = new LinkedHashMap<>();
    JsonNode list = JSON.readTree(send(ThreadLocalRandom.current().nextInt(2), "GET", "/v2/images/" + image.id
        + "/members", BodyPublishers.noBody(), as(image.owner, "member,reader")).body());
    list.path("members").forEach(m -> members.put(m.path("member_id").asText(), m.path("status").asText()));
    return members;
  }

  String download(int node, Acked image) throws Exception {
    HttpRequest request = request(node, "GET", "/v2/images/" + image.id + "/file", BodyPublishers.noBody(),
        as(image.owner, "member,reader"));
    HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      return r.statusCode() == 200 ? md5(in.readAllBytes()) : "status " + r.statusCode();
    }
  }

  Set<String> storeFiles() throws IOException, InterruptedException {
    if (swift != null) {
      // data objects, plus any segment (named <object>/<write>/<n>) whose manifest is not there
      Set<String> names = swiftObjects(container);
      Set<String> orphans = new TreeSet<>();
      swiftObjects(container + "_segments").stream()
          .filter(s -> !names.contains(s.substring(0, Math.max(0, s.indexOf('/')))))
          .forEach(s -> orphans.add("segment " + s));
      names.addAll(orphans);
      return names;
    }
    try (Stream<Path> files = Files.list(dir.resolve("images"))) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  record SwiftSession(String token, String storage) {
    HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(storage + "/" + path)).header("X-Auth-Token", token);
    }
  }

  /** A token of swift-up's user and the object-store URL from its catalog. */
  SwiftSession swiftSession() throws IOException, InterruptedException {
    String auth = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\""
        + swift.get("SWIFT_USER") + "\",\"domain\":{\"name\":\"" + swift.get("SWIFT_USER_DOMAIN") + "\"},"
        + "\"password\":\"" + swift.get("SWIFT_KEY") + "\"}}},\"scope\":{\"project\":{\"name\":\""
        + swift.get("SWIFT_PROJECT") + "\",\"domain\":{\"name\":\"" + swift.get("SWIFT_PROJECT_DOMAIN") + "\"}}}}}";
    HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(swift.get("SWIFT_AUTH_URL") + "/auth/tokens"))
        .header("Content-Type", "application/json").POST(BodyPublishers.ofString(auth)).build(),
        HttpResponse.BodyHandlers.ofString());
    String storage = null;
    for (JsonNode service : JSON.readTree(token.body()).path("token").path("catalog")) {
      if (service.path("type").asText().equals("object-store")) {
        for (JsonNode endpoint : service.path("endpoints")) {
          if (endpoint.path("interface").asText().equals("public")) {
            storage = endpoint.path("url").asText();
          }
        }
      }
    }
    if (token.statusCode() != 201 || storage == null) {
      throw new IllegalStateException("Keystone gave no token or no object-store endpoint: " + token.statusCode());
    }
    return new SwiftSession(token.headers().firstValue("X-Subject-Token").orElseThrow(), storage);
  }

  /** Names of the objects in a Swift container (none when it does not exist). */
  Set<String> swiftObjects(String name) throws IOException, InterruptedException {
    HttpResponse<String> listing = HTTP.send(swiftSession().request(name + "?format=json").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    Set<String> names = new TreeSet<>();
    if (listing.statusCode() == 200) {
      JSON.readTree(listing.body()).forEach(o -> names.add(o.path("name").asText()));
    } else if (listing.statusCode() != 404) {
      throw new IllegalStateException("listing Swift container " + name + " answered " + listing.statusCode());
    }
    return names;
  }

  /** Removes this run's containers and what is left in them. */
  void dropSwiftContainers() throws IOException, InterruptedException {
    SwiftSession session = swiftSession();
    for (String name : List.of(container, container + "_segments")) {
      for (String object : swiftObjects(name)) {
        HTTP.send(session.request(name + "/" + URLEncoder.encode(object, StandardCharsets.UTF_8).replace("+", "%20")
            .replace("%2F", "/")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
      }
      HTTP.send(session.request(name).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }
  }

  static Set<String> referenced(Map<String, JsonNode> images) {
    Set<String> names = new TreeSet<>();
    for (JsonNode image : images.values()) {
      String url = image.path("direct_url").asText(null);
      if (url != null) {
        names.add(url.substring(url.lastIndexOf('/') + 1));
      }
    }
    return names;
  }

  static Set<String> diff(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }

  void check(boolean ok, String what) {
    if (ok) {
      passed++;
    } else {
      failed++;
    }
    System.out.println((ok ? "  ok    " : "  FAIL  ") + what);
  }

  // ---- nodes and HTTP ------------------------------------------------------------------------------

  Path log(int node) {
    return dir.resolve("node-" + node + ".log");
  }

  void start(int node) throws Exception {
    Path log = log(node);
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString()).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("GLIMPSE_DEFAULT__BIND_HOST", "127.0.0.1");
    env.put("GLIMPSE_DEFAULT__BIND_PORT", "0");
    env.put("GLIMPSE_DATABASE__CONNECTION", connection);
    env.put("GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR", dir.resolve("images").toString());
    env.put("GLIMPSE_DEFAULT__SHOW_IMAGE_DIRECT_URL", "true");
    env.put("GLIMPSE_DEFAULT__IMAGE_PROPERTY_QUOTA", "-1");
    env.put("GLIMPSE_DEFAULT__IMAGE_MEMBER_QUOTA", "-1");
    env.put("GLIMPSE_DEFAULT__DELAYED_DELETE", "true");
    env.put("GLIMPSE_DEFAULT__SCRUB_TIME", "1");
    env.put("GLIMPSE_DEFAULT__WAKEUP_TIME", "1");
    if (swift != null) {
      env.put("GLIMPSE_GLANCE_STORE__DEFAULT_STORE", "swift");
      env.put("GLIMPSE_GLANCE_STORE__STORES", "file,swift");
      env.put("GLIMPSE_GLANCE_STORE__SWIFT_STORE_AUTH_ADDRESS", swift.get("SWIFT_AUTH_URL"));
      env.put("GLIMPSE_GLANCE_STORE__SWIFT_STORE_USER", swift.get("SWIFT_PROJECT") + ":" + swift.get("SWIFT_USER"));
      env.put("GLIMPSE_GLANCE_STORE__SWIFT_STORE_KEY", swift.get("SWIFT_KEY"));
      env.put("GLIMPSE_GLANCE_STORE__SWIFT_STORE_CONTAINER", container);
      env.put("GLIMPSE_GLANCE_STORE__SWIFT_STORE_CREATE_CONTAINER_ON_PUT", "true");
      // small objects: uploads above 1 MiB are segmented and committed as a manifest
      env.put("GLIMPSE_GLANCE_STORE__SWIFT_STORE_LARGE_OBJECT_SIZE", "1");
      env.put("GLIMPSE_GLANCE_STORE__SWIFT_STORE_LARGE_OBJECT_CHUNK_SIZE", "1");
    }
    Process process = pb.start();
    nodes.add(process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + node + " exited at start; see " + log);
      }
      Matcher m = PORT.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
      if (m.find()) {
        String url = "http://127.0.0.1:" + m.group(1);
        if (urls.size() == node) {
          urls.add(url);
        }
        try {
          if (send(node, "GET", "/v2/images?limit=1", BodyPublishers.noBody(), ADMIN).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not answering yet
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("node " + node + " did not answer within 90 s; see " + log);
  }

  void stop() throws InterruptedException {
    for (Process p : nodes) {
      p.destroy();
    }
    for (Process p : nodes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  static BodyPublisher json(String body) {
    return BodyPublishers.ofString(body);
  }

  HttpRequest request(int node, String method, String path, BodyPublisher body, String[] identity, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(urls.get(node) + path)).timeout(Duration.ofSeconds(60))
        .method(method, body).headers(identity);
    if (headers.length > 0) {
      b.headers(headers);
    } else if (!method.equals("GET") && !method.equals("DELETE")) {
      b.header("Content-Type", "application/json");
    }
    return b.build();
  }

  HttpResponse<String> send(int node, String method, String path, BodyPublisher body, String[] identity,
      String... headers) throws IOException, InterruptedException {
    requests.incrementAndGet();
    perNode.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
    return HTTP.send(request(node, method, path, body, identity, headers), HttpResponse.BodyHandlers.ofString());
  }

  static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
