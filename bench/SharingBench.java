import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sharing benchmark (bench/sharing-bench.sh); a single-file program run by the JDK.
 *
 * <pre>
 * java SharingBench.java share URL [--images 100] [--projects 100] [--concurrency 4]
 *     shares IMAGES images with PROJECTS projects and has every project accept every image, once
 *     the Glance way (one POST /v2/images/{id}/members per pair, one PUT per pair, over
 *     CONCURRENCY connections) and once with the batch API (one POST /v1/cloudimages/members,
 *     then one PUT /v1/cloudimages/members per project); prints requests and seconds of each
 * java -cp glimpse.jar SharingBench.java seed JDBC_URL N DOMAIN PROJECT
 *     inserts N shared images of 100 producer projects, all shared with DOMAIN, of which PROJECT
 *     (a project of DOMAIN) accepted 1% (answer rows); N/2 more shared with another domain;
 *     PROJECT owns 5 images. The server must have run once on the database (its schema).
 * java SharingBench.java list URL --project P --domain D --query Q [--requests 2000] [--concurrency 4]
 *     GET /v2/images?Q as project P of domain D; prints latency percentiles
 * </pre>
 */
public class SharingBench {
  static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  static HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  static String base;

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "share" -> {
        base = args[1];
        share(Integer.parseInt(opt(args, "--images", "100")), Integer.parseInt(opt(args, "--projects", "100")),
            Integer.parseInt(opt(args, "--concurrency", "4")));
      }
      case "seed" -> seed(args[1], Integer.parseInt(args[2]), args[3], args[4]);
      case "list" -> {
        base = args[1];
        list(opt(args, "--project", null), opt(args, "--domain", null), opt(args, "--query", "limit=25"),
            Integer.parseInt(opt(args, "--requests", "500")), Integer.parseInt(opt(args, "--concurrency", "4")));
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static String opt(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }

  static HttpResponse<String> send(String method, String path, String project, String domain, String json)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
        .header("X-Project-Id", project).header("X-User-Id", "u-" + project).header("X-Roles", "member,reader");
    if (domain != null) {
      b.header("X-Project-Domain-Id", domain);
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode()
          + ": " + r.body());
    }
  }

  static List<String> createImages(String owner, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = send("POST", "/v2/images", owner, null,
          "{\"name\":\"bench-" + i + "\",\"visibility\":\"shared\"}");
      expect(r, 201);
      Matcher m = ID.matcher(r.body());
      m.find();
      ids.add(m.group(1));
    }
    return ids;
  }

  /** Runs the tasks over {@code concurrency} threads; returns when all are done. */
  static void parallel(List<Callable> tasks, int concurrency) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> futures = new ArrayList<>();
      AtomicInteger next = new AtomicInteger();
      for (int t = 0; t < concurrency; t++) {
        futures.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
            tasks.get(i).call();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  interface Callable {
    void call() throws Exception;
  }

  static void share(int imageCount, int projectCount, int concurrency) throws Exception {
    String owner = "bench-producer";
    List<String> projects = new ArrayList<>();
    for (int p = 0; p < projectCount; p++) {
      projects.add("bench-consumer-" + p);
    }
    List<String> glanceImages = createImages(owner, imageCount);
    List<String> batchImages = createImages(owner, imageCount);

    // the Glance way: one membership per request, one answer per request
    List<Callable> adds = new ArrayList<>();
    List<Callable> accepts = new ArrayList<>();
    for (String image : glanceImages) {
      for (String project : projects) {
        adds.add(() -> expect(send("POST", "/v2/images/" + image + "/members", owner, null,
            "{\"member\":\"" + project + "\"}"), 200));
        accepts.add(() -> expect(send("PUT", "/v2/images/" + image + "/members/" + project, project, null,
            "{\"status\":\"accepted\"}"), 200));
      }
    }
    long t0 = System.nanoTime();
    parallel(adds, concurrency);
    long t1 = System.nanoTime();
    parallel(accepts, concurrency);
    long t2 = System.nanoTime();
    check(owner, projects.get(projectCount - 1), glanceImages);
    System.out.printf("RESULT method=glance requests=%d share_s=%.2f accept_s=%.2f total_s=%.2f%n",
        adds.size() + accepts.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);

    // the batch API: one call shares everything, one call per project accepts everything
    String images = "[\"" + String.join("\",\"", batchImages) + "\"]";
    long t3 = System.nanoTime();
    expect(send("POST", "/v1/cloudimages/members", owner, null, "{\"images\":" + images + ",\"projects\":[\""
        + String.join("\",\"", projects) + "\"]}"), 200);
    long t4 = System.nanoTime();
    List<Callable> batchAccepts = new ArrayList<>();
    for (String project : projects) {
      batchAccepts.add(() -> expect(send("PUT", "/v1/cloudimages/members", project, null, "{\"images\":" + images
          + ",\"project_id\":\"" + project + "\",\"status\":\"accepted\"}"), 200));
    }
    parallel(batchAccepts, concurrency);
    long t5 = System.nanoTime();
    check(owner, projects.get(projectCount - 1), batchImages);
    System.out.printf("RESULT method=batch requests=%d share_s=%.2f accept_s=%.2f total_s=%.2f%n",
        1 + batchAccepts.size(), (t4 - t3) / 1e9, (t5 - t4) / 1e9, (t5 - t3) / 1e9);
  }

  /** Every image is listed for the project as accepted (so both ways did the whole job). */
  static void check(String owner, String project, List<String> images) throws Exception {
    for (String image : images) {
      HttpResponse<String> r = send("GET", "/v2/images/" + image + "/members/" + project, project, null, null);
      expect(r, 200);
      if (!r.body().contains("\"accepted\"")) {
        throw new IllegalStateException("not accepted: " + r.body());
      }
    }
  }

  static void seed(String url, int n, String domain, String project) throws Exception {
    Random rnd = new Random(20261202L);
    LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).minusDays(365);
    try (Connection c = url.startsWith("jdbc:h2:") ? DriverManager.getConnection(url, "", "")
        : DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      try (PreparedStatement img = c.prepareStatement("INSERT INTO images (id, name, status, visibility,"
              + " protected, os_hidden, min_disk, min_ram, owner, created_at, updated_at, deleted)"
              + " VALUES (?, ?, 'active', ?, FALSE, FALSE, 0, 0, ?, ?, ?, FALSE)");
          PreparedStatement share = c.prepareStatement("INSERT INTO image_domain_shares (image_id, domain_id,"
              + " created_at, updated_at, image_created_at) VALUES (?, ?, ?, ?, ?)");
          PreparedStatement answer = c.prepareStatement("INSERT INTO image_domain_answers (image_id, domain_id,"
              + " member, status, created_at, updated_at) VALUES (?, ?, ?, 'accepted', ?, ?)")) {
        int total = n + n / 2 + 5;
        for (int i = 0; i < total; i++) {
          String id = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
          LocalDateTime at = start.plusSeconds(rnd.nextInt(365 * 24 * 3600)).plusNanos(rnd.nextInt(1_000_000) * 1000L);
          boolean mine = i >= n + n / 2;
          img.setString(1, id);
          img.setString(2, "seeded-" + i);
          img.setString(3, mine ? "private" : "shared");
          img.setString(4, mine ? project : "producer-" + rnd.nextInt(100));
          img.setObject(5, at);
          img.setObject(6, at);
          img.addBatch();
          if (!mine) {
            String d = i < n ? domain : "other-domain";
            share.setString(1, id);
            share.setString(2, d);
            share.setObject(3, at);
            share.setObject(4, at);
            share.setObject(5, at);
            share.addBatch();
            if (i < n && i % 100 == 0) {
              answer.setString(1, id);
              answer.setString(2, d);
              answer.setString(3, project);
              answer.setObject(4, at);
              answer.setObject(5, at);
              answer.addBatch();
            }
          }
          if (i % 1000 == 999) {
            img.executeBatch();
            share.executeBatch();
            answer.executeBatch();
          }
        }
        img.executeBatch();
        share.executeBatch();
        answer.executeBatch();
      }
      c.commit();
    }
  }

  static void list(String project, String domain, String query, int requests, int concurrency) throws Exception {
    String path = "/v2/images?" + query;
    HttpResponse<String> first = send("GET", path, project, domain, null);
    expect(first, 200);
    int inPage = 0;
    for (Matcher m = ID.matcher(first.body()); m.find(); ) {
      inPage++;
    }
    List<Callable> warm = new ArrayList<>();
    for (int i = 0; i < Math.min(100, requests); i++) {
      warm.add(() -> expect(send("GET", path, project, domain, null), 200));
    }
    parallel(warm, concurrency);
    long[] nanos = new long[requests];
    List<Callable> tasks = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      int k = i;
      tasks.add(() -> {
        long s = System.nanoTime();
        expect(send("GET", path, project, domain, null), 200);
        nanos[k] = System.nanoTime() - s;
      });
    }
    long t0 = System.nanoTime();
    parallel(tasks, concurrency);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(nanos);
    System.out.printf("RESULT query=%s images_in_page=%d rps=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f%n",
        query, inPage, requests / seconds, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99));
  }

  static double ms(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
