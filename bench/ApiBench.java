import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load generator for the Glimpse benchmarks; a single-file program run with the JDK alone
 * ({@code java bench/ApiBench.java …}), no build. Each scenario sends a fixed number of requests
 * over a fixed number of keep-alive connections (one thread each) and prints one row: requests per
 * second and latency percentiles. Nothing is asserted; a request answered with an unexpected status
 * counts as an error and is reported.
 *
 * <pre>
 * java bench/ApiBench.java api URL [--requests N] [--concurrency C]
 *     image create (POST /v2/images), show (GET /v2/images/{id}) and list (GET /v2/images?limit=25
 *     with 100 images visible to the caller) on a fresh server
 * java bench/ApiBench.java list URL --project P [--requests N] [--concurrency C] [--label L] [--query Q]
 *     GET /v2/images?limit=25 as project P (roles member,reader), following nothing
 * </pre>
 */
public class ApiBench {
  static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  record Result(String name, int requests, int concurrency, double seconds, long[] nanos, int errors,
      String firstError) {
    double percentileMs(double p) {
      if (nanos.length == 0) {
        return Double.NaN;
      }
      int idx = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
      return nanos[Math.max(0, Math.min(nanos.length - 1, idx))] / 1e6;
    }
  }

  static HttpClient client;
  static String base;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ApiBench api|list URL [--requests N] [--concurrency C] [--project P]"
          + " [--label L] [--query Q] [--warmup N]");
      System.exit(2);
    }
    String mode = args[0];
    base = args[1].replaceAll("/+$", "");
    int requests = Integer.parseInt(opt(args, "--requests", mode.equals("api") ? "3000" : "2000"));
    int concurrency = Integer.parseInt(opt(args, "--concurrency", "4"));
    int warmup = Integer.parseInt(opt(args, "--warmup", "500"));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    switch (mode) {
      case "api" -> api(requests, concurrency, warmup);
      case "list" -> list(opt(args, "--project", null), opt(args, "--label", ""),
          opt(args, "--query", "limit=25"), requests, concurrency, warmup);
      default -> {
        System.err.println("unknown mode " + mode);
        System.exit(2);
      }
    }
  }

  static String opt(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    if (dflt == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return dflt;
  }

  static HttpRequest.Builder req(String path, String project) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
    if (project != null) {
      b.header("X-Project-Id", project).header("X-Roles", "member,reader")
          .header("X-User-Id", project + "-user");
    }
    return b;
  }

  static HttpRequest create(String project, String name) {
    String body = "{\"name\": \"" + name + "\", \"disk_format\": \"raw\", \"container_format\":"
        + " \"bare\", \"visibility\": \"private\", \"bench\": \"yes\"}";
    return req("/v2/images", project).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  static void api(int requests, int concurrency, int warmup) throws Exception {
    // 100 images owned by the project whose view is listed; creates go to another project so the
    // list keeps seeing exactly these 100
    String lister = "bench-list";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> r = client.send(create(lister, "list-" + i),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("seeding image " + i + ": HTTP " + r.statusCode() + " "
            + r.body());
      }
      Matcher m = ID.matcher(r.body());
      if (!m.find()) {
        throw new IllegalStateException("no id in " + r.body());
      }
      ids.add(m.group(1));
    }
    String[] idArr = ids.toArray(new String[0]);
    String creator = "bench-create";
    AtomicInteger seq = new AtomicInteger();
    IntFunction<HttpRequest> createReq = i -> create(creator, "bench-" + seq.incrementAndGet());
    IntFunction<HttpRequest> showReq = i ->
        req("/v2/images/" + idArr[ThreadLocalRandom.current().nextInt(idArr.length)], lister).GET()
            .build();
    IntFunction<HttpRequest> listReq = i -> req("/v2/images?limit=25", lister).GET().build();

    // warm the JIT on all three paths before measuring
    run("warmup create", warmup, concurrency, createReq, 201);
    run("warmup show", warmup, concurrency, showReq, 200);
    run("warmup list", warmup, concurrency, listReq, 200);

    List<Result> results = new ArrayList<>();
    results.add(run("create  POST /v2/images", requests, concurrency, createReq, 201));
    results.add(run("show    GET /v2/images/{id}", requests, concurrency, showReq, 200));
    results.add(run("list    GET /v2/images?limit=25 (100 visible)", requests, concurrency, listReq,
        200));
    header();
    results.forEach(ApiBench::row);
  }

  static void list(String project, String label, String query, int requests, int concurrency,
      int warmup) throws Exception {
    IntFunction<HttpRequest> listReq = i -> req("/v2/images?" + query, project).GET().build();
    // one request to check what the caller sees
    HttpResponse<String> first = client.send(listReq.apply(0), HttpResponse.BodyHandlers.ofString());
    Matcher m = ID.matcher(first.body());
    int seen = 0;
    while (m.find()) {
      seen++;
    }
    run("warmup", warmup, concurrency, listReq, 200);
    Result r = run(label, requests, concurrency, listReq, 200);
    System.out.printf(Locale.ROOT, "RESULT label=%s images_in_page=%d requests=%d concurrency=%d"
            + " rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d%n",
        label, seen, r.requests, r.concurrency, r.requests / r.seconds, r.percentileMs(50),
        r.percentileMs(90), r.percentileMs(99), r.percentileMs(100), r.errors);
    if (r.errors > 0) {
      System.out.println("first error: " + r.firstError);
    }
  }

  static Result run(String name, int requests, int concurrency, IntFunction<HttpRequest> make,
      int expect) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ConcurrentLinkedQueue<String> errorText = new ConcurrentLinkedQueue<>();
    long[] nanos = new long[requests];
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      futures.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < requests) {
          HttpRequest request = make.apply(i);
          long t0 = System.nanoTime();
          try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - t0;
            if (r.statusCode() != expect) {
              errors.incrementAndGet();
              if (errorText.size() < 3) {
                errorText.add(request.method() + " " + request.uri() + " -> HTTP " + r.statusCode()
                    + " " + r.body().substring(0, Math.min(300, r.body().length())));
              }
            }
          } catch (Exception e) {
            nanos[i] = System.nanoTime() - t0;
            errors.incrementAndGet();
            if (errorText.size() < 3) {
              errorText.add(request.method() + " " + request.uri() + " -> " + e);
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Arrays.sort(nanos);
    return new Result(name, requests, concurrency, seconds, nanos, errors.get(), errorText.peek());
  }

  static void header() {
    System.out.printf(Locale.ROOT, "%-46s %8s %5s %9s %8s %8s %8s %8s %6s%n", "scenario",
        "requests", "conns", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors");
  }

  static void row(Result r) {
    System.out.printf(Locale.ROOT, "%-46s %8d %5d %9.1f %8.2f %8.2f %8.2f %8.2f %6d%n", r.name,
        r.requests, r.concurrency, r.requests / r.seconds, r.percentileMs(50), r.percentileMs(90),
        r.percentileMs(99), r.percentileMs(100), r.errors);
    if (r.errors > 0) {
      System.out.println("  first error: " + r.firstError);
    }
  }
}
