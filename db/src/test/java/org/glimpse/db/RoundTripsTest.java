package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.everything;
import static org.glimpse.db.TestImages.fullImage;
import static org.glimpse.db.TestImages.id;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statements per read, counted by H2's query statistics: a show is one statement whatever the
 * image holds (tags, properties, several locations), a list page two whatever its length.
 */
class RoundTripsTest {
  private Database db;

  @BeforeEach
  void open() {
    db = Database.open("h2:mem:" + UUID.randomUUID());
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aShowIsOneStatementWithTagsPropertiesAndLocations() throws SQLException {
    Image full = fullImage();
    full.setLocations(List.of(new ImageLocation("file:///a/full", "{\"store\": \"a\"}"),
        new ImageLocation("file:///b/full", "{\"store\": \"b\"}")));
    db.images().create(full);

    startCounting();
    Image found = db.images().find(id("full")).orElseThrow();
    assertThat(statementsRun()).isEqualTo(1);

    assertThat(found.getTags()).containsExactly("zebra", "alpha", "mid dle", "ünïcödé");
    assertThat(found.getProperties()).containsEntry("hw_disk_bus", "scsi").hasSize(3);
    assertThat(found.getLocations()).extracting(ImageLocation::url)
        .containsExactly("file:///a/full", "file:///b/full");
  }

  @Test
  void aListPageIsTwoStatementsWhateverItsLength() throws SQLException {
    for (int i = 0; i < 30; i++) {
      Image image = TestImages.image("listed-" + i);
      image.setTags(new java.util.LinkedHashSet<>(List.of("t" + i)));
      image.setProperties(java.util.Map.of("p", "v" + i));
      image.setLocations(List.of(ImageLocation.of("file:///l/" + i)));
      db.images().create(image);
    }

    startCounting();
    List<Image> page = db.images().list(everything());
    assertThat(statementsRun()).isEqualTo(2);

    assertThat(page).hasSize(30).allSatisfy(image -> {
      assertThat(image.getTags()).hasSize(1);
      assertThat(image.getProperties()).hasSize(1);
      assertThat(image.getLocations()).hasSize(1);
    });
  }

  private void startCounting() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SET QUERY_STATISTICS FALSE");
      s.execute("SET QUERY_STATISTICS TRUE");
    }
  }

  /** Executions of statements that read or write image tables since {@link #startCounting}. */
  private int statementsRun() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT"
            + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
      int total = 0;
      while (rs.next()) {
        String sql = rs.getString(1);
        if (!sql.contains("QUERY_STATISTICS") && sql.toLowerCase().contains("image")) {
          total += rs.getInt(2);
        }
      }
      return total;
    }
  }
}
