package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * /healthcheck as oslo.middleware answers it in Glance's pipeline (before authentication), with
 * the disable_by_file backend: 200 "OK" (HEAD: 204), or 503 "DISABLED BY FILE" while the file
 * exists; plain text unless the Accept header prefers HTML or JSON.
 */
class HealthcheckTest extends ServerTest {
  private final Path disableFile = createTempDir().resolve("healthcheck_disable");

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("glimpse-health-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected Map<String, String> overrides() {
    // no default identity: a request without credentials is anonymous, yet answered
    return Map.of("GLIMPSE_HEALTHCHECK__DISABLE_BY_FILE_PATH", disableFile.toString(),
        "GLIMPSE_NOAUTH__DEFAULT_PROJECT_ID", "");
  }

  @AfterEach
  void enable() throws IOException {
    Files.deleteIfExists(disableFile);
  }

  @Test
  void answersOkInPlainTextToAnyoneAndNoContentToHead() {
    Client anyone = server.anonymous();
    Response get = anyone.get("/healthcheck");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("OK");
    assertThat(get.header("Content-Type")).startsWith("text/plain");
    Response head = anyone.send("HEAD", "/healthcheck", HttpRequest.BodyPublishers.noBody());
    assertThat(head.status()).isEqualTo(204);
    assertThat(anyone.post("/healthcheck").body()).isEqualTo("OK");
    assertThat(anyone.get("/healthcheck?probe=1").status()).isEqualTo(200);
  }

  @Test
  void negotiatesJsonAndHtmlAsOsloDoes() {
    Client anyone = server.anonymous();
    Response json = anyone.get("/healthcheck", "Accept", "application/json");
    assertThat(json.header("Content-Type")).startsWith("application/json");
    assertThat(json.json().get("reasons").get(0).asText()).isEqualTo("OK");
    assertThat(json.json().get("detailed").asBoolean()).isFalse();
    Response html = anyone.get("/healthcheck", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(html.header("Content-Type")).startsWith("text/html");
    assertThat(html.body()).contains("<TD>OK</TD>");
    // nothing acceptable, or everything equally: plain text
    assertThat(anyone.get("/healthcheck", "Accept", "image/png").body()).isEqualTo("OK");
    assertThat(anyone.get("/healthcheck", "Accept", "*/*").body()).isEqualTo("OK");
  }

  @Test
  void theDisableFileTurnsItTo503UntilRemoved() throws IOException {
    Client anyone = server.anonymous();
    Files.createFile(disableFile);
    Response disabled = anyone.get("/healthcheck");
    assertThat(disabled.status()).isEqualTo(503);
    assertThat(disabled.body()).isEqualTo("DISABLED BY FILE");
    assertThat(anyone.send("HEAD", "/healthcheck", HttpRequest.BodyPublishers.noBody()).status())
        .isEqualTo(503);
    assertThat(anyone.get("/healthcheck", "Accept", "application/json").json().get("reasons")
        .get(0).asText()).isEqualTo("DISABLED BY FILE");
    // the API itself keeps serving: the file only takes the node out of a load balancer
    assertThat(a.get("/v2/images").status()).isEqualTo(200);

    Files.delete(disableFile);
    assertThat(anyone.get("/healthcheck").status()).isEqualTo(200);
  }
}
