package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Images stored before their rows carried a copy of their children (migration V13) are shown
 * whole at once, from their child tables, and get their copy from the server's housekeeping soon
 * after it starts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildrenCopyBackfillTest {
  private static final String IMAGE = "{\"name\": \"older\", \"disk_format\": \"raw\","
      + " \"container_format\": \"bare\", \"os_distro\": \"fedora\", \"hw_disk_bus\": \"scsi\","
      + " \"tags\": [\"zebra\", \"alpha\"]}";

  @Test
  void olderImagesAreReadWholeAndGetTheirCopyInTheBackground() throws Exception {
    try (GlimpseTestServer server = GlimpseTestServer.start(null, Map.of())) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(server.as("projOld", "member,reader").createImage(IMAGE));
      }
      server.stop();
      try (Connection db = server.openDatabase()) {
        db.createStatement().executeUpdate("UPDATE images SET children = NULL");
      }
      assertThat(missingCopies(server)).isEqualTo(3);

      server.startAgain();
      Client owner = server.as("projOld", "member,reader");
      assertWhole(owner.get("/v2/images/" + ids.get(0)).assertStatus(200).json());
      JsonNode listed = owner.get("/v2/images").assertStatus(200).json().get("images");
      assertThat(listed).hasSize(3).allSatisfy(ChildrenCopyBackfillTest::assertWhole);

      Instant end = Instant.now().plus(Duration.ofSeconds(20));
      while (missingCopies(server) > 0 && Instant.now().isBefore(end)) {
        Thread.sleep(100);
      }
      assertThat(missingCopies(server)).isZero();
      assertWhole(owner.get("/v2/images/" + ids.get(2)).assertStatus(200).json());
      // a change after the backfill is in the copy too
      owner.patch("/v2/images/" + ids.get(1),
          "[{\"op\": \"replace\", \"path\": \"/os_distro\", \"value\": \"debian\"}]").assertStatus(200);
      assertThat(owner.get("/v2/images/" + ids.get(1)).json().get("os_distro").asText())
          .isEqualTo("debian");
    }
  }

  private static void assertWhole(JsonNode image) {
    assertThat(image.get("os_distro").asText()).isEqualTo("fedora");
    assertThat(image.get("hw_disk_bus").asText()).isEqualTo("scsi");
    assertThat(image.get("tags")).extracting(JsonNode::asText).containsExactly("zebra", "alpha");
  }

  private static int missingCopies(GlimpseTestServer server) throws SQLException {
    try (Connection db = server.openDatabase();
        PreparedStatement s = db.prepareStatement("SELECT COUNT(*) FROM images WHERE children IS NULL");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
