package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static GlimpseTestServer server;

  @BeforeAll
  static void start() {
    server = GlimpseTestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createsUploadsAndDownloadsAnImage() {
    Client a = server.as("projA", "member,reader");
    Response created = a.postJson("/v2/images", "{\"name\":\"smoke\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(a.putData("/v2/images/" + id + "/file", "hello".getBytes()).status()).isEqualTo(204);
    Response shown = a.get("/v2/images/" + id);
    assertThat(shown.json().get("status").asText()).isEqualTo("active");
    assertThat(shown.json().get("checksum").asText()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    assertThat(a.get("/v2/images/" + id + "/file").body()).isEqualTo("hello");
    assertThat(server.as("projB", "member").get("/v2/images/" + id).status()).isEqualTo(404);
  }
}
