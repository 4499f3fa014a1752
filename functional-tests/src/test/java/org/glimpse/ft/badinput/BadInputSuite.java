package org.glimpse.ft.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.glimpse.ft.badinput.Endpoint.Body;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.DatabaseSuite;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input never breaks the server: every route of v1 and v2 gets hostile input in every place
 * it reads input from — path segments, query strings, headers, JSON bodies and data — and every
 * answer must come within {@link Probe#PROMPTLY}, be no 5xx, and show no stack trace or Java
 * class name. The probes are tables: a family of hostile values per place, applied to each route
 * that reads that place (see {@link Hostile}). One dynamic test per route and family reports
 * every probe that failed, not just the first.
 *
 * <p>Each route is also called once with nothing hostile, and must succeed: that shows the
 * probes reach past the routing and identity into the code they are meant to try. Subclasses
 * choose the database.
 */
abstract class BadInputSuite extends DatabaseSuite {
  private static final String OWNER = "projBadInput";
  private static final String MEMBER = "projBadMember";
  private static final String V1 = "application/vnd.openstack.images-v1";

  /** Every route of the two APIs (see V2Api and V1Api), with a fixture to act on. */
  static final List<Endpoint> ENDPOINTS = List.of(
      Endpoint.of("GET", "/", Body.NONE, 300),
      Endpoint.of("GET", "/versions", Body.NONE, 200),
      Endpoint.of("GET", "/v2/images", Body.NONE, 200),
      Endpoint.of("POST", "/v2/images", Body.IMAGE, 201),
      Endpoint.of("GET", "/v2/images/{image}", Body.NONE, 200),
      Endpoint.of("PATCH", "/v2/images/{image}", Body.PATCH, 200),
      Endpoint.of("DELETE", "/v2/images/{fresh}", Body.NONE, 204),
      Endpoint.of("POST", "/v2/images/{active}/actions/deactivate", Body.NONE, 204),
      Endpoint.of("POST", "/v2/images/{active}/actions/reactivate", Body.NONE, 204),
      Endpoint.of("PUT", "/v2/images/{image}/tags/{tag}", Body.NONE, 204),
      Endpoint.of("DELETE", "/v2/images/{image}/tags/{tag}", Body.NONE, 204, 404),
      Endpoint.of("GET", "/v2/images/{active}/file", Body.NONE, 200),
      Endpoint.of("PUT", "/v2/images/{fresh}/file", Body.DATA, 204),
      Endpoint.of("GET", "/v2/images/{shared}/members", Body.NONE, 200),
      Endpoint.of("POST", "/v2/images/{shared}/members", Body.MEMBER, 200),
      Endpoint.of("GET", "/v2/images/{shared}/members/{member}", Body.NONE, 200),
      Endpoint.of("PUT", "/v2/images/{shared}/members/{member}", Body.MEMBER_STATUS, 200).asMember(),
      Endpoint.of("DELETE", "/v2/images/{fresh-shared}/members/{member}", Body.NONE, 204),
      // no http store here: a well-formed URL from a caller without the service role is a 403
      Endpoint.of("POST", "/v2/images/{fresh}/locations", Body.LOCATION, 403),
      Endpoint.of("GET", "/v2/images/{image}/locations", Body.NONE, 200).asAdmin(),
      Endpoint.of("GET", "/v2/cache", Body.NONE, 200).asAdmin(),
      Endpoint.of("DELETE", "/v2/cache", Body.NONE, 204).asAdmin(),
      Endpoint.of("PUT", "/v2/cache/{fresh-active}", Body.NONE, 202).asAdmin(),
      Endpoint.of("DELETE", "/v2/cache/{active}", Body.NONE, 204).asAdmin(),
      Endpoint.of("POST", "/v2/cache/clean", Body.NONE, 200).asAdmin(),
      Endpoint.of("POST", "/v2/cache/prune", Body.NONE, 200).asAdmin(),
      Endpoint.of("GET", "/v2/cached_images", Body.NONE, 200).asAdmin(),
      Endpoint.of("DELETE", "/v2/cached_images", Body.NONE, 200).asAdmin(),
      Endpoint.of("DELETE", "/v2/cached_images/{active}", Body.NONE, 200).asAdmin(),
      Endpoint.of("GET", "/v2/queued_images", Body.NONE, 200).asAdmin(),
      Endpoint.of("DELETE", "/v2/queued_images", Body.NONE, 200).asAdmin(),
      Endpoint.of("PUT", "/v2/queued_images/{active}", Body.NONE, 200).asAdmin(),
      Endpoint.of("DELETE", "/v2/queued_images/{active}", Body.NONE, 200).asAdmin(),
      Endpoint.of("GET", "/v2/schemas/image", Body.NONE, 200),
      Endpoint.of("GET", "/v2/schemas/images", Body.NONE, 200),
      Endpoint.of("GET", "/v2/schemas/member", Body.NONE, 200),
      Endpoint.of("GET", "/v2/schemas/members", Body.NONE, 200),
      Endpoint.of("GET", "/v1/images", Body.NONE, 200),
      Endpoint.of("GET", "/v1/images/detail", Body.NONE, 200),
      Endpoint.of("POST", "/v1/images", Body.V1_IMAGE, 201),
      Endpoint.of("HEAD", "/v1/images/{active}", Body.NONE, 200),
      Endpoint.of("GET", "/v1/images/{active}", Body.NONE, 200),
      Endpoint.of("PUT", "/v1/images/{image}", Body.V1_IMAGE, 200),
      Endpoint.of("DELETE", "/v1/images/{fresh}", Body.NONE, 200),
      Endpoint.of("GET", "/v1/images/{shared}/members", Body.NONE, 200),
      Endpoint.of("PUT", "/v1/images/{shared}/members", Body.V1_MEMBERSHIPS, 204),
      Endpoint.of("PUT", "/v1/images/{shared}/members/{member}", Body.V1_MEMBER, 204),
      Endpoint.of("DELETE", "/v1/images/{fresh-shared}/members/{member}", Body.NONE, 204),
      Endpoint.of("GET", "/v1/shared-images/{member}", Body.NONE, 200),
      Endpoint.of("GET", "/v1.1/images/{active}", Body.NONE, 200),
      Endpoint.of("GET", "/images/{active}", Body.NONE, 200));

  private Client owner;
  private java.nio.file.Path cacheDir;
  private int sent;
  private Duration slowest = Duration.ZERO;

  @Override
  protected void prepare() {
    owner = server.as(OWNER, "member,reader");
  }

  /** The image cache on, with both of Glance's cache middlewares: downloads go through it too. */
  @Override
  protected Map<String, String> overrides() {
    try {
      cacheDir = java.nio.file.Files.createTempDirectory("glimpse-badinput-cache-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Map.of("GLIMPSE_PASTE_DEPLOY__FLAVOR", "cachemanagement",
        "GLIMPSE_DEFAULT__IMAGE_CACHE_DIR", cacheDir.toString());
  }

  @AfterAll
  void removeCache() throws java.io.IOException {
    if (cacheDir != null) {
      try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(cacheDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @AfterAll
  void report() {
    System.out.printf("%s: %d probes, slowest answer %d ms%n", getClass().getSimpleName(), sent, slowest.toMillis());
  }

  @TestFactory
  Stream<DynamicTest> everyRouteAnswersAWellFormedCall() {
    return ENDPOINTS.stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
      Probe.Outcome outcome = send(e, control(e), new Fixtures());
      assertThat(outcome.status()).as("%s: %s", outcome.probe(), outcome.response()).isIn(e.wellFormed());
    }));
  }

  @TestFactory
  Stream<DynamicTest> noHostileInputGetsA5xxAHangOrAStackTrace() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      tests.add(family(e, "path segments", this::pathProbes));
      tests.add(family(e, "query strings", this::queryProbes));
      tests.add(family(e, "headers", this::headerProbes));
      tests.add(family(e, "bodies", this::bodyProbes));
    }
    return tests.stream();
  }

  private DynamicTest family(Endpoint e, String family, Function<Endpoint, List<Probe>> probes) {
    return DynamicTest.dynamicTest(e.name() + ": " + family, () -> {
      Fixtures fixtures = new Fixtures();
      List<String> problems = new ArrayList<>();
      List<Probe> all = probes.apply(e);
      for (Probe probe : all) {
        Probe.Outcome outcome = send(e, probe, fixtures);
        String problem = outcome.problem();
        if (problem != null) {
          problems.add(probe + ": " + problem);
        }
      }
      assertThat(problems).as("%d of %d probes of %s failed", problems.size(), all.size(), e.name()).isEmpty();
    });
  }

  // --- the probes -----------------------------------------------------------------------------

  /** The call without anything hostile. */
  private static Probe control(Endpoint e) {
    Probe p = Probe.of("well-formed", e.method(), e.template());
    if (e.template().startsWith("/images")) {
      p = p.header("Accept", V1);
    }
    return switch (e.body()) {
      case NONE -> p;
      case IMAGE -> p.json("{\"name\":\"bad-input\"}");
      case PATCH -> p.body("application/openstack-images-v2.1-json-patch",
          Probe.utf8("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"}]"));
      case MEMBER -> p.json("{\"member\":\"projOther\"}");
      case MEMBER_STATUS -> p.json("{\"status\":\"accepted\"}");
      case V1_MEMBER -> p.json("{\"member\":{\"can_share\":true}}");
      case V1_MEMBERSHIPS -> p.json("{\"memberships\":[{\"member_id\":\"" + MEMBER + "\"}]}");
      case DATA -> p.body("application/octet-stream", Probe.utf8("data"));
      case V1_IMAGE -> p.header("x-image-meta-name", "bad-input");
      case LOCATION -> p.json("{\"url\":\"http://images.example.com/image\"}");
    };
  }

  private List<Probe> pathProbes(Endpoint e) {
    List<Probe> probes = new ArrayList<>();
    List<String> placeholders = e.placeholders();
    for (int i = 0; i < placeholders.size(); i++) {
      for (Map.Entry<String, String> s : Hostile.PATH_SEGMENTS.entrySet()) {
        String label = placeholders.get(i) + " = " + s.getKey();
        probes.add(control(e).labelled(label).withTarget(e.withSegment(i, s.getValue())));
      }
    }
    if (placeholders.isEmpty() && !e.template().equals("/")) {
      for (Map.Entry<String, String> s : Hostile.PATH_SEGMENTS.entrySet()) {
        probes.add(control(e).labelled("extra segment " + s.getKey()).withTarget(e.template() + "/" + s.getValue()));
      }
    }
    // an empty last segment, and one more segment than the route has
    probes.add(control(e).labelled("trailing slash").withTarget(e.template() + "/"));
    probes.add(control(e).labelled("double slash").withTarget(e.template().replaceFirst("/", "//")));
    return probes;
  }

  private List<Probe> queryProbes(Endpoint e) {
    List<Probe> probes = new ArrayList<>();
    for (Map.Entry<String, String> q : Hostile.QUERIES.entrySet()) {
      probes.add(control(e).labelled("query " + q.getKey()).withTarget(e.template() + "?" + q.getValue()));
    }
    List<String> params = switch (e.template()) {
      // one parameter of each kind the parsers tell apart (the other string filters, ranges and
      // whole-number columns are read by the same code as the one here)
      case "/v2/images" -> e.method().equals("GET") ? List.of("limit", "marker", "sort_key", "sort_dir", "sort",
          "member_status", "visibility", "protected", "os_hidden", "size_min", "size", "created_at", "tag",
          "owner", "id", "checksum", "changes-since", "custom_prop") : List.of();
      case "/v1/images/detail" -> List.of("name", "size_min", "min_ram", "protected", "is_public", "property-custom",
          "changes-since", "sort_key", "sort_dir", "limit", "marker");
      default -> List.of();
    };
    for (String param : params) {
      for (Map.Entry<String, String> v : Hostile.QUERY_VALUES.entrySet()) {
        probes.add(control(e).labelled(param + " = " + v.getKey())
            .withTarget(e.template() + "?" + param + "=" + v.getValue()));
      }
    }
    if (!params.isEmpty()) {
      probes.add(control(e).labelled("every parameter twice").withTarget(e.template() + "?"
          + String.join("&", params.stream().map(p -> p + "=1&" + p + "=2").toList())));
      probes.add(control(e).labelled("20 tags").withTarget(e.template() + "?" + "tag=t&".repeat(20)));
    }
    return probes;
  }

  private List<Probe> headerProbes(Endpoint e) {
    List<Probe> probes = new ArrayList<>();
    Probe base = control(e);
    Map<String, Function<Probe, Probe>> variants = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> v : Hostile.HEADER_VALUES.entrySet()) {
      variants.put("X-Project-Id " + v.getKey(), p -> p.header("X-Project-Id", v.getValue()).header("X-Roles", "member"));
      variants.put("X-Roles " + v.getKey(), p -> p.header("X-Project-Id", OWNER).header("X-Roles", v.getValue()));
    }
    variants.put("X-Project-Id 64 KiB", p -> p.header("X-Project-Id", Hostile.LONG_64K));
    variants.put("admin, X-Project-Id 256 chars", p -> p.header("X-Project-Id", Hostile.LONG_256).header("X-Roles", "admin"));
    variants.put("X-Tenant-Id 256 chars", p -> p.header("X-Tenant-Id", Hostile.LONG_256).header("X-Roles", "member"));
    variants.put("X-User-Id 256 chars", p -> p.header("X-Project-Id", OWNER).header("X-User-Id", Hostile.LONG_256)
        .header("X-Roles", "member"));
    variants.put("role of 256 chars", p -> p.header("X-Project-Id", OWNER).header("X-Roles", "member," + Hostile.LONG_256));
    variants.put("2000 roles", p -> p.header("X-Project-Id", OWNER).header("X-Roles", "r,".repeat(2000) + "member"));
    variants.put("two X-Project-Id", p -> p.header("X-Project-Id", OWNER).header("X-Project-Id", MEMBER)
        .header("X-Roles", "member"));
    variants.put("Accept ;", p -> p.header("Accept", ";"));
    variants.put("Accept 8 KiB", p -> p.header("Accept", "a/b;q=0.5,".repeat(800)));
    variants.put("two Accept", p -> p.header("Accept", "application/json").header("Accept", ";q=x"));
    variants.put("Content-Type odd charset", p -> p.setHeader("Content-Type", "application/json; charset=ebcdic"));
    variants.put("Content-Type raw bytes", p -> p.setHeader("Content-Type", "\u00ff/\u00fe"));
    variants.put("Content-Type ;;;", p -> p.setHeader("Content-Type", ";;;"));
    variants.put("two Content-Type", p -> p.header("Content-Type", "text/plain"));
    variants.put("request id 256 chars", p -> p.header("x-openstack-request-id", Hostile.LONG_256));
    variants.put("request id raw bytes", p -> p.header("x-openstack-request-id", "\u00ff\u00fe"));
    variants.put("empty header", p -> p.header("X-Empty", ""));
    variants.put("100 extra headers", p -> {
      Probe q = p;
      for (int i = 0; i < 100; i++) {
        q = q.header("X-Extra-" + i, "v");
      }
      return q;
    });
    variants.put("Content-Length with sign", p -> p.header("Content-Length", "+" + length(p)));
    variants.put("Content-Length huge", p -> p.header("Content-Length", "99999999999999999999"));
    variants.put("two Content-Length", p -> p.header("Content-Length", String.valueOf(length(p)))
        .header("Content-Length", String.valueOf(length(p) + 1)));
    variants.put("chunked", p -> p.withBody(chunked(p.body())).header("Transfer-Encoding", "chunked"));
    variants.put("bad chunk size", p -> p.withBody(Probe.utf8("zz\r\nxx\r\n0\r\n\r\n")).header("Transfer-Encoding", "chunked"));
    variants.put("Transfer-Encoding gzip", p -> p.header("Transfer-Encoding", "gzip, chunked")
        .withBody(chunked(p.body())));
    variants.put("Content-Encoding gzip", p -> p.header("Content-Encoding", "gzip"));
    variants.put("X-HTTP-Method-Override", p -> p.header("X-HTTP-Method-Override", "DELETE"));
    // identity, Accept and framing are read the same way for every route: routes that read no
    // body get the variants on identity and framing; the others get all of them
    Set<String> light = Set.of("X-Project-Id 256 chars", "X-Project-Id raw bytes 0xff 0xfe", "X-Roles 8 KiB",
        "X-Project-Id 64 KiB", "admin, X-Project-Id 256 chars", "two X-Project-Id", "Accept ;", "request id raw bytes",
        "chunked", "two Content-Length");
    variants.forEach((label, variant) -> {
      if (e.body() != Body.NONE || light.contains(label)) {
        probes.add(variant.apply(base).labelled(label));
      }
    });
    if (e.template().startsWith("/v1") && e.body() == Body.V1_IMAGE) {
      probes.addAll(v1MetaHeaderProbes(e));
    }
    if (e.body() == Body.DATA || e.method().equals("GET") && e.template().endsWith("/file")) {
      for (String range : List.of("bytes=-", "bytes=0-", "bytes=-0", "bytes=5-1", "bytes=99999999999999999999-",
          "bytes=0-0,1-1", "chars=0-1", "bytes=a-b", "bytes=--1", "", "bytes=9223372036854775807-",
          "bytes=0-9223372036854775808")) {
        probes.add(base.header("Range", range).labelled("Range " + range));
        probes.add(base.header("Content-Range", "bytes " + range + "/*").labelled("Content-Range " + range));
      }
    }
    return probes;
  }

  private static int length(Probe p) {
    return p.body() == null ? 0 : p.body().length;
  }

  private List<Probe> v1MetaHeaderProbes(Endpoint e) {
    List<Probe> probes = new ArrayList<>();
    Probe base = Probe.of("", e.method(), e.template());
    List<String> fields = List.of("name", "id", "size", "checksum", "disk_format", "container_format", "is_public",
        "protected", "min_ram", "min_disk", "owner", "location", "status", "virtual_size", "store", "property-custom",
        "deleted", "created_at");
    for (String field : fields) {
      for (Map.Entry<String, String> v : Hostile.HEADER_VALUES.entrySet()) {
        probes.add(base.header("x-image-meta-" + field, v.getValue()).labelled("x-image-meta-" + field + " " + v.getKey()));
      }
    }
    for (Map.Entry<String, String> v : Hostile.HEADER_VALUES.entrySet()) {
      probes.add(base.header("x-glance-api-copy-from", v.getValue()).labelled("copy-from " + v.getKey()));
      probes.add(base.header("x-glance-registry-purge-props", v.getValue()).labelled("purge-props " + v.getKey()));
    }
    probes.add(base.header("x-image-meta-property-" + Hostile.LONG_256, "v").labelled("property name 256 chars"));
    probes.add(base.header("x-image-meta-property-", "v").labelled("empty property name"));
    probes.add(base.header("x-image-meta-", "v").labelled("empty field name"));
    probes.add(base.header("x-image-meta-property-a%00b", "v").labelled("property name with %00"));
    probes.add(base.header("x-image-meta-name", "a").header("x-image-meta-name", "b").labelled("name twice"));
    Probe data = base.header("x-image-meta-disk_format", "raw").header("x-image-meta-container_format", "bare");
    probes.add(data.body("text/plain", Probe.utf8("abc")).labelled("data as text/plain"));
    probes.add(data.body(null, Probe.utf8("abc")).labelled("data without Content-Type"));
    probes.add(data.header("x-image-meta-size", "99999999999999999999").body("application/octet-stream",
        Probe.utf8("abc")).labelled("data with huge size"));
    probes.add(data.header("x-image-meta-size", "-3").body("application/octet-stream", Probe.utf8("abc"))
        .labelled("data with negative size"));
    probes.add(data.header("x-image-meta-checksum", Hostile.LONG_256).body("application/octet-stream",
        Probe.utf8("abc")).labelled("data with long checksum"));
    probes.add(data.header("Transfer-Encoding", "chunked").header("Content-Type", "application/octet-stream")
        .withBody(chunked(Probe.utf8("abc"))).labelled("chunked data"));
    return probes;
  }

  private List<Probe> bodyProbes(Endpoint e) {
    List<Probe> probes = new ArrayList<>();
    Probe base = Probe.of("", e.method(), e.template());
    String type = switch (e.body()) {
      case PATCH -> "application/openstack-images-v2.1-json-patch";
      case DATA -> "application/octet-stream";
      default -> "application/json";
    };
    if (e.body() == Body.NONE) {
      // a route that reads no body must not trip over one
      probes.add(control(e).json("{\"name\":\"unexpected\"}").labelled("unexpected JSON body"));
      probes.add(control(e).body("application/json", Hostile.BODIES.get("2 MiB")).labelled("unexpected 2 MiB body"));
      return probes;
    }
    for (Map.Entry<String, byte[]> b : Hostile.BODIES.entrySet()) {
      probes.add(base.body(type, b.getValue()).labelled("body " + b.getKey()));
    }
    for (String contentType : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
        "application/json-patch+json", "application/octet-stream")) {
      probes.add(control(e).setHeader("Content-Type", contentType).labelled("Content-Type " + contentType));
    }
    switch (e.body()) {
      // a field of each kind the schema and parser tell apart (os_hidden is read as protected is,
      // min_disk as min_ram, container_format as disk_format, the other read-only ones as status)
      case IMAGE -> probes.addAll(objectProbes(base, type, List.of("name", "id", "visibility", "protected", "min_ram",
          "disk_format", "owner", "tags", "locations", "kernel_id", "custom_prop", "status", "os_hash_algo"), "{}"));
      case PATCH -> probes.addAll(patchProbes(base, type));
      case MEMBER -> probes.addAll(objectProbes(base, type, List.of("member"), "{\"member\":\"projOther\"}"));
      case MEMBER_STATUS -> probes.addAll(objectProbes(base, type, List.of("status"), "{\"status\":\"accepted\"}"));
      case V1_MEMBER -> {
        probes.addAll(objectProbes(base, type, List.of("member"), "{}"));
        for (Map.Entry<String, String> v : Hostile.JSON_VALUES.entrySet()) {
          probes.add(base.json("{\"member\":{\"can_share\":" + v.getValue() + "}}").labelled("can_share " + v.getKey()));
        }
      }
      case V1_MEMBERSHIPS -> {
        probes.addAll(objectProbes(base, type, List.of("memberships", "member_id"), "{}"));
        for (Map.Entry<String, String> v : Hostile.JSON_VALUES.entrySet()) {
          probes.add(base.json("{\"memberships\":[{\"member_id\":" + v.getValue() + "}]}")
              .labelled("memberships[].member_id " + v.getKey()));
          probes.add(base.json("{\"memberships\":[{\"member_id\":\"projOther\",\"can_share\":" + v.getValue() + "}]}")
              .labelled("memberships[].can_share " + v.getKey()));
          probes.add(base.json("{\"memberships\":[" + v.getValue() + "]}").labelled("memberships[] " + v.getKey()));
        }
        probes.add(base.json("{\"memberships\":[" + String.join(",",
            java.util.Collections.nCopies(300, "{\"member_id\":\"m\"}")) + "]}").labelled("300 entries"));
      }
      case LOCATION -> {
        probes.addAll(objectProbes(base, type, List.of("url", "validation_data"), "{\"url\":\"http://x/i\"}"));
        for (Map.Entry<String, String> v : Hostile.JSON_VALUES.entrySet()) {
          probes.add(base.json("{\"url\":\"http://x/i\",\"validation_data\":{\"os_hash_algo\":\"sha256\","
              + "\"os_hash_value\":" + v.getValue() + "}}").labelled("os_hash_value " + v.getKey()));
          probes.add(base.json("{\"url\":\"http://x/i\",\"validation_data\":{\"os_hash_algo\":" + v.getValue()
              + ",\"os_hash_value\":\"00\"}}").labelled("os_hash_algo " + v.getKey()));
        }
      }
      case DATA -> {
        probes.add(base.body(type, new byte[0]).labelled("empty data"));
        probes.add(base.body("application/octet-stream; x=\"", Probe.utf8("abc")).labelled("odd media type"));
      }
      case V1_IMAGE, NONE -> {
        // these read no JSON: a JSON body is unexpected, not hostile
      }
    }
    if (e.body() == Body.V1_IMAGE) {
      probes.add(control(e).json("{\"name\":\"unexpected\"}").labelled("unexpected JSON body"));
    }
    return probes;
  }

  /**
   * An object body per hostile value for each of {@code fields} (the rest of the object as in
   * {@code baseJson}), and objects with hostile member names.
   */
  private static List<Probe> objectProbes(Probe base, String type, List<String> fields, String baseJson) {
    List<Probe> probes = new ArrayList<>();
    String rest = baseJson.substring(1, baseJson.length() - 1);
    for (String field : fields) {
      for (Map.Entry<String, String> v : Hostile.JSON_VALUES.entrySet()) {
        String json = "{" + (rest.isEmpty() || rest.startsWith("\"" + field + "\"") ? "" : rest + ",")
            + "\"" + field + "\":" + v.getValue() + "}";
        probes.add(base.body(type, Probe.utf8(json)).labelled(field + " " + v.getKey()));
      }
    }
    for (Map.Entry<String, String> k : Hostile.JSON_KEYS.entrySet()) {
      String json = "{" + (rest.isEmpty() ? "" : rest + ",") + "\"" + k.getValue() + "\":\"v\"}";
      probes.add(base.body(type, Probe.utf8(json)).labelled("member named " + k.getKey()));
    }
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 1000; i++) {
      many.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"v\"");
    }
    probes.add(base.body(type, Probe.utf8(many.append('}').toString())).labelled("1000 members"));
    return probes;
  }

  private static List<Probe> patchProbes(Probe base, String type) {
    List<Probe> probes = new ArrayList<>();
    for (String field : List.of("name", "visibility", "protected", "min_ram", "disk_format", "owner", "tags",
        "kernel_id", "custom_prop", "status")) {
      for (Map.Entry<String, String> v : Hostile.JSON_VALUES.entrySet()) {
        String op = field.equals("name") ? "replace" : "add";
        probes.add(base.body(type, Probe.utf8("[{\"op\":\"" + op + "\",\"path\":\"/" + field + "\",\"value\":"
            + v.getValue() + "}]")).labelled(op + " /" + field + " " + v.getKey()));
      }
    }
    for (Map.Entry<String, String> v : Hostile.JSON_VALUES.entrySet()) {
      probes.add(base.body(type, Probe.utf8("[{\"op\":" + v.getValue() + ",\"path\":\"/name\",\"value\":\"x\"}]"))
          .labelled("op " + v.getKey()));
      probes.add(base.body(type, Probe.utf8("[{\"op\":\"add\",\"path\":" + v.getValue() + ",\"value\":\"x\"}]"))
          .labelled("path " + v.getKey()));
      probes.add(base.body(type, Probe.utf8("[" + v.getValue() + "]")).labelled("operation " + v.getKey()));
      probes.add(base.body("application/openstack-images-v2.0-json-patch",
          Probe.utf8("[{\"replace\":" + v.getValue() + ",\"value\":\"x\"}]")).labelled("v2.0 pointer " + v.getKey()));
      probes.add(base.body(type, Probe.utf8("[{\"op\":\"add\",\"path\":\"/locations/-\",\"value\":"
          + v.getValue() + "}]")).labelled("add location " + v.getKey()));
    }
    for (String pointer : List.of("", "/", "//", "name", "/~", "/~2", "/a~", "/name/x", "/tags/-", "/tags/0",
        "/locations", "/locations/-", "/locations/0", "/locations/99999999999999999999", "/locations/-1",
        "/" + Hostile.LONG_256, "/" + Hostile.LONG_64K, "/\\u0000", "/a\\u0000b", "/\\ud800")) {
      for (String op : List.of("add", "remove", "replace")) {
        String value = pointer.startsWith("/locations") ? "{\"url\":\"http://example.com/x\",\"metadata\":{}}" : "\"x\"";
        probes.add(base.body(type, Probe.utf8("[{\"op\":\"" + op + "\",\"path\":\"" + pointer + "\",\"value\":"
            + value + "}]")).labelled(op + " at " + Probe.excerpt(pointer.length() > 40 ? pointer.substring(0, 40) : pointer)));
      }
    }
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 5000; i++) {
      many.append(i == 0 ? "" : ",").append("{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"n").append(i).append("\"}");
    }
    probes.add(base.body(type, Probe.utf8(many.append(']').toString())).labelled("5000 operations"));
    return probes;
  }

  private static byte[] chunked(byte[] body) {
    byte[] data = body == null ? new byte[0] : body;
    String head = data.length == 0 ? "" : Integer.toHexString(data.length) + "\r\n";
    byte[] out = new byte[head.length() + data.length + (data.length == 0 ? 0 : 2) + 5];
    int pos = 0;
    for (byte b : head.getBytes(StandardCharsets.ISO_8859_1)) {
      out[pos++] = b;
    }
    System.arraycopy(data, 0, out, pos, data.length);
    pos += data.length;
    if (data.length > 0) {
      out[pos++] = '\r';
      out[pos++] = '\n';
    }
    for (byte b : "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) {
      out[pos++] = b;
    }
    return out;
  }

  // --- sending, with fixtures -----------------------------------------------------------------

  private Probe.Outcome send(Endpoint e, Probe probe, Fixtures fixtures) {
    Probe resolved = probe.withTarget(fixtures.resolve(probe.target()));
    List<String[]> identity = List.of(new String[] {"X-Project-Id", e.caller().equals("member") ? MEMBER : OWNER},
        new String[] {"X-User-Id", "user"},
        new String[] {"X-Roles", e.caller().equals("admin") ? "admin" : "member,reader"});
    Probe.Outcome outcome = resolved.send(server.baseUrl(), identity);
    sent++;
    if (outcome.took().compareTo(slowest) > 0) {
      slowest = outcome.took();
    }
    return outcome;
  }

  /** The images and members a group of probes acts on, made when first needed. */
  private final class Fixtures {
    private final Map<String, String> perGroup = new java.util.HashMap<>();

    String resolve(String target) {
      String t = target;
      for (String name : List.of("{image}", "{active}", "{shared}")) {
        if (t.contains(name)) {
          t = t.replace(name, perGroup.computeIfAbsent(name, this::make));
        }
      }
      for (String name : List.of("{fresh}", "{fresh-active}", "{fresh-shared}")) {
        if (t.contains(name)) {
          t = t.replace(name, make(name));
        }
      }
      return t.replace("{member}", MEMBER).replace("{tag}", "a-tag");
    }

    private String make(String kind) {
      String id = owner.createImage("{\"name\":\"fixture\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}");
      if (kind.contains("active")) {
        expect(owner.putData("/v2/images/" + id + "/file", "bytes".getBytes(StandardCharsets.UTF_8)), 204);
      }
      if (kind.contains("shared")) {
        expect(owner.postJson("/v2/images/" + id + "/members", "{\"member\":\"" + MEMBER + "\"}"), 200);
      }
      if (kind.equals("{image}")) {
        expect(owner.put("/v2/images/" + id + "/tags/a-tag"), 204);
      }
      return id;
    }
  }

  private static void expect(Response r, int status) {
    assertThat(r.status()).as("fixture: %s", r).isEqualTo(status);
  }
}
