package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/** [metrics]: Prometheus' text format on a listener of its own, counters that move with requests. */
class MetricsTest extends ServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Override
  protected Map<String, String> overrides() {
    return Map.of("GLIMPSE_METRICS__ENABLED", "true", "GLIMPSE_METRICS__BIND_PORT", "0");
  }

  private HttpResponse<String> scrapeResponse(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = scrapeResponse("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
    return r.body();
  }

  /** The value of the first sample of {@code name} that has all {@code labels} (name, value pairs), or -1. */
  private static double value(String text, String name, String... labels) {
    StringBuilder regex = new StringBuilder("(?m)^").append(Pattern.quote(name));
    for (int i = 0; i + 1 < labels.length; i += 2) {
      regex.append("(?=[^\\n]*[{,]").append(Pattern.quote(labels[i] + "=\"" + labels[i + 1] + "\"")).append(")");
    }
    regex.append("\\{[^\\n]*\\} (\\S+)$");
    Matcher m = Pattern.compile(regex.toString()).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void requestsAreCountedByRouteTemplateAndStatusWithLatencyAndBytes() throws Exception {
    String before = scrape();
    double created = Math.max(0, value(before, "glimpse_http_server_requests_seconds_count",
        "method", "POST", "route", "/v2/images", "status", "201"));

    String id = a.createImage("{\"name\": \"m\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}");
    a.putData("/v2/images/" + id + "/file", new byte[4096]).assertStatus(204);
    a.get("/v2/images/" + id).assertStatus(200);
    a.get("/v2/images/" + id + "/file").assertStatus(200);
    a.get("/v2/images/00000000-0000-0000-0000-000000000000").assertStatus(404);

    // Jetty logs a request (and so counts it) just after its answer went out: wait for the last one
    String after = scrape();
    for (int i = 0; i < 50 && value(after, "glimpse_http_server_requests_seconds_count",
        "method", "GET", "route", "/v2/images/{image_id}", "status", "404") < 1; i++) {
      Thread.sleep(100);
      after = scrape();
    }
    String counts = after.lines().filter(l -> l.startsWith("glimpse_http_server_requests_seconds_count"))
        .reduce("", (x, y) -> x + "\n" + y);
    assertThat(value(after, "glimpse_http_server_requests_seconds_count",
        "method", "POST", "route", "/v2/images", "status", "201")).as(counts).isEqualTo(created + 1);
    assertThat(value(after, "glimpse_http_server_requests_seconds_count",
        "method", "GET", "route", "/v2/images/{image_id}", "status", "200")).as(counts).isEqualTo(1);
    assertThat(value(after, "glimpse_http_server_requests_seconds_count",
        "method", "GET", "route", "/v2/images/{image_id}", "status", "404")).as(counts).isEqualTo(1);
    // a latency histogram: cumulative buckets up to +Inf
    assertThat(value(after, "glimpse_http_server_requests_seconds_bucket",
        "method", "PUT", "route", "/v2/images/{image_id}/file", "status", "204", "le", "+Inf")).isEqualTo(1);
    assertThat(value(after, "glimpse_http_server_request_bytes_total",
        "method", "PUT", "route", "/v2/images/{image_id}/file")).isEqualTo(4096);
    assertThat(value(after, "glimpse_http_server_response_bytes_total",
        "method", "GET", "route", "/v2/images/{image_id}/file")).isEqualTo(4096);
    // ids never become labels
    assertThat(after).doesNotContain(id);
  }

  @Test
  void poolUploadsStoreAndNotificationMetricsAreThere() throws Exception {
    String text = scrape();
    assertThat(value(text, "hikaricp_connections_max", "pool", "glimpse-db")).isGreaterThan(0);
    assertThat(text).contains("hikaricp_connections_active{");
    assertThat(text).contains("glimpse_uploads_in_flight 0.0");
    assertThat(value(text, "glimpse_store_errors_total", "operation", "stage")).isEqualTo(0);
    assertThat(text).contains("glimpse_notifications_pending ");
    assertThat(text).contains("glimpse_notifications_publish_failures_total ");
    assertThat(text).contains("jvm_memory_used_bytes{");
  }

  @Test
  void onlyMetricsIsServedThere() throws Exception {
    assertThat(scrapeResponse("/v2/images").statusCode()).isEqualTo(404);
    assertThat(server.metricsPort()).isNotEqualTo(Integer.parseInt(server.baseUrl().replaceAll(".*:", "")));
  }

  @Test
  void metricsAreOffByDefault() {
    try (GlimpseTestServer plain = GlimpseTestServer.start()) {
      assertThat(plain.metricsPort()).isEqualTo(-1);
    }
  }
}
