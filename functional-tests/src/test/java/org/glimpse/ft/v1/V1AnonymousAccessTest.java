package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec scenario 77: with allow_anonymous_access, a caller with no identity reads public images only. */
class V1AnonymousAccessTest {
  static GlimpseTestServer server;
  static String publicId;
  static String privateId;

  @BeforeAll
  static void start() {
    server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_NOAUTH__DEFAULT_PROJECT_ID", "",
        "GLIMPSE_DEFAULT__ALLOW_ANONYMOUS_ACCESS", "true"));
    Client admin = server.as("anon-admin", "admin");
    publicId = create(admin, "true");
    privateId = create(server.as("anon-owner", "member"), "false");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String create(Client client, String isPublic) {
    Response r = client.send("POST", "/v1/images", BodyPublishers.noBody(),
        "x-image-meta-name", "anon-" + isPublic, "x-image-meta-is_public", isPublic);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("image").get("id").asText();
  }

  @Test
  void listsOnlyPublicImages() {
    Response r = server.anonymous().get("/v1/images");
    assertThat(r.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("images").forEach(i -> ids.add(i.get("id").asText()));
    assertThat(ids).contains(publicId).doesNotContain(privateId);
  }

  @Test
  void showsPublicButNotPrivateImages() {
    assertThat(server.anonymous().send("HEAD", "/v1/images/" + publicId, BodyPublishers.noBody()).status()).isEqualTo(200);
    assertThat(server.anonymous().send("HEAD", "/v1/images/" + privateId, BodyPublishers.noBody()).status()).isEqualTo(404);
  }

  @Test
  void refusesEveryWriteAsReadOnly() {
    Client anon = server.anonymous();
    Response create = anon.send("POST", "/v1/images", BodyPublishers.noBody(), "x-image-meta-name", "nope");
    Response share = anon.send("PUT", "/v1/images/" + publicId + "/members/tB", BodyPublishers.noBody());
    Response delete = anon.delete("/v1/images/" + publicId);
    for (Response r : List.of(create, share, delete)) {
      assertThat(r.status()).as(r.toString()).isEqualTo(403);
      assertThat(r.body()).contains("Read-only access");
    }
    assertThat(server.as("anon-admin", "admin").send("HEAD", "/v1/images/" + publicId, BodyPublishers.noBody()).status())
        .isEqualTo(200);
  }

  @Test
  void withoutTheOptionAnAnonymousCallerMustAuthenticate() {
    try (GlimpseTestServer closed = GlimpseTestServer.start(null, Map.of("GLIMPSE_NOAUTH__DEFAULT_PROJECT_ID", ""))) {
      assertThat(closed.anonymous().get("/v1/images").status()).isEqualTo(401);
      assertThat(closed.anonymous().send("POST", "/v1/images", BodyPublishers.noBody()).status()).isEqualTo(401);
    }
  }
}
