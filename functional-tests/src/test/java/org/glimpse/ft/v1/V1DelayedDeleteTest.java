package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spec scenario 27 and the rest of delayed_delete through v1. {@code holding} keeps pending images
 * for an hour (scrub_time 3600); {@code scrubbing} scrubs every second with no delay.
 */
class V1DelayedDeleteTest {
  static GlimpseTestServer holding;
  static GlimpseTestServer scrubbing;

  @BeforeAll
  static void start() {
    holding = GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__DELAYED_DELETE", "true",
        "GLIMPSE_DEFAULT__SCRUB_TIME", "3600", "GLIMPSE_DEFAULT__WAKEUP_TIME", "1"));
    scrubbing = GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__DELAYED_DELETE", "true",
        "GLIMPSE_DEFAULT__SCRUB_TIME", "0", "GLIMPSE_DEFAULT__WAKEUP_TIME", "1"));
  }

  @AfterAll
  static void stop() {
    for (GlimpseTestServer server : new GlimpseTestServer[] {holding, scrubbing}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void scenario27PendingDeleteImagesCannotBeDeletedAgain() {
    Actors x = new Actors(holding);
    String id = x.a.img();
    Path data = holding.dataFile(id);

    Response deleted = x.a.delete(id);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.bytes()).isEmpty();

    Response head = x.adm.head(id);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("x-image-meta-status")).isEqualTo("pending_delete");
    assertThat(head.header("x-image-meta-deleted")).isEqualTo("True");
    assertThat(head.header("x-image-meta-deleted_at")).isNotNull();
    Response again = x.adm.delete(id);
    assertThat(again.status()).isEqualTo(403);
    assertThat(again.body()).contains("Forbidden to delete a pending_delete image.");
    assertThat(data).exists();
  }

  @Test
  void pendingDeleteImagesAreHiddenLikeDeletedOnes() {
    Actors x = new Actors(holding);
    String id = x.a.img();
    assertThat(x.a.addMember(id, x.t("tB")).status()).isEqualTo(204);
    assertThat(x.a.delete(id).status()).isEqualTo(200);

    assertThat(x.a.head(id).status()).isEqualTo(404);
    assertThat(x.a.delete(id).status()).isEqualTo(404);
    assertThat(x.a.get("/v1/images/" + id).status()).isEqualTo(404);
    assertThat(x.b.head(id).status()).isEqualTo(404);
    assertThat(x.adm.get("/v1/images/" + id).status()).isEqualTo(404);
    assertThat(x.a.ids("/v1/images")).doesNotContain(id);
    assertThat(x.b.ids("/v1/images")).doesNotContain(id);
    assertThat(x.b.sharedImages(x.t("tB"))).doesNotContainKey(id);
    assertThat(x.adm.ids("/v1/images/detail?is_public=none")).doesNotContain(id);
    Response changes = x.a.get("/v1/images/detail?changes-since=2000-01-01");
    assertThat(changes.status()).isEqualTo(200);
    assertThat(changes.json().get("images").findValues("id").stream().map(n -> n.asText()))
        .contains(id);
    changes.json().get("images").forEach(i -> {
      if (i.get("id").asText().equals(id)) {
        assertThat(i.get("status").asText()).isEqualTo("pending_delete");
        assertThat(i.get("deleted").asBoolean()).isTrue();
      }
    });
    Response update = x.adm.update(id, "x-image-meta-name", "again");
    assertThat(update.status()).isEqualTo(403);
    assertThat(update.body()).contains("Forbidden to update deleted image.");
  }

  @Test
  void aReservedImageHasNoDataAndIsDeletedOutright() {
    Actors x = new Actors(holding);
    String id = x.a.reserve("x-image-meta-name", "empty");
    assertThat(x.a.delete(id).status()).isEqualTo(200);
    assertThat(x.adm.head(id).header("x-image-meta-status")).isEqualTo("deleted");
    assertThat(x.adm.delete(id).status()).isEqualTo(404);
  }

  @Test
  void theScrubberRemovesTheDataAndCompletesTheDeletion() throws InterruptedException {
    Actors x = new Actors(scrubbing);
    String id = x.a.img();
    Path data = scrubbing.dataFile(id);
    assertThat(data).exists();
    assertThat(x.a.delete(id).status()).isEqualTo(200);

    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!"deleted".equals(x.adm.head(id).header("x-image-meta-status")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Response head = x.adm.head(id);
    assertThat(head.header("x-image-meta-status")).isEqualTo("deleted");
    assertThat(head.header("x-image-meta-deleted")).isEqualTo("True");
    assertThat(data).doesNotExist();
    assertThat(x.adm.delete(id).status()).isEqualTo(404);
  }

  @Test
  void withoutDelayedDeleteTheDataGoesAtOnce() {
    Actors x = new Actors(V1Servers.standard());
    String id = x.a.img();
    Path data = x.server.dataFile(id);
    assertThat(data).exists();
    assertThat(x.a.delete(id).status()).isEqualTo(200);
    assertThat(data).doesNotExist();
    assertThat(x.adm.head(id).header("x-image-meta-status")).isEqualTo("deleted");
  }
}
