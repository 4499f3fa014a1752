package org.glimpse.ft.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * web-download with the default [import_filtering_opts]: no URI can reach the server itself, its
 * network or the cloud's metadata service, however the address is written. Addresses written in
 * the URI are refused up front (400); names are resolved when the download starts and refused
 * there (the task fails, the image is queued again, nothing is stored).
 */
class SsrfTest extends ServerTest {
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";

  static final List<String> REFUSED_UP_FRONT = List.of(
      "http://127.0.0.1/image", "http://127.1.2.3/image", "http://10.1.2.3/image", "http://172.16.0.1/image",
      "http://172.31.255.254/image", "http://192.168.1.1/image", "http://169.254.169.254/latest/meta-data/",
      "http://100.64.0.1/image", "http://[::1]/image", "http://[::ffff:127.0.0.1]/image", "http://[::ffff:7f00:1]/image",
      "http://[::]/image", "http://0.0.0.0/image", "http://[fe80::1]/image", "http://[fd00::1]/image",
      "http://[fc00::1]/image", "http://224.0.0.1/image", "http://[ff02::1]/image", "http://[::127.0.0.1]/image",
      "http://[64:ff9b::7f00:1]/image", "http://255.255.255.255/image", "http://2130706433/image",
      "http://0x7f000001/image", "http://0177.0.0.1/image", "http://017700000001/image", "http://127.1/image",
      "http://example.com:22/image", "http://example.com:8080/image", "http://example.com:6443/image",
      "ftp://example.com/image", "file:///etc/passwd", "gopher://example.com/", "http://user:pw@example.com/image",
      "http:///image", "not a uri");

  @Test
  void internalAddressesOddPortsAndSchemesAreRefusedUpFront() {
    for (String uri : REFUSED_UP_FRONT) {
      String id = a.createImage(FORMATS);
      Response r = a.postJson("/v2/images/" + id + "/import",
          "{\"method\": {\"name\": \"web-download\", \"uri\": \"" + uri + "\"}}");
      assertThat(r.status()).as(uri + ": " + r.body()).isEqualTo(400);
      assertThat(r.errorText()).as(uri).contains("URI for web-download does not pass filtering");
      JsonNode image = a.get("/v2/images/" + id).json();
      assertThat(image.get("status").asText()).isEqualTo("queued");
      assertThat(image.has("os_glance_import_task")).isFalse();
    }
    assertThat(a.get("/v2/images/" + a.createImage(FORMATS) + "/tasks").json().get("tasks")).isEmpty();
  }

  @Test
  void namesResolvingToInternalAddressesAreRefusedWhenResolved() throws Exception {
    String id = a.createImage(FORMATS);
    a.postJson("/v2/images/" + id + "/import", "{\"method\": {\"name\": \"web-download\", \"uri\":"
        + " \"http://localhost/image\"}}").assertStatus(202);
    JsonNode task = null;
    for (int i = 0; i < 600; i++) {
      task = a.get("/v2/images/" + id + "/tasks").json().get("tasks").get(0);
      if (task.get("status").asText().equals("failure")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(task.get("status").asText()).isEqualTo("failure");
    assertThat(task.get("message").asText()).contains("resolves to a loopback address");
    assertThat(a.get("/v2/images/" + id).json().get("status").asText()).isEqualTo("queued");
    assertThat(server.storeFiles().stream().filter(f -> f.contains(id))).isEmpty();
  }
}
