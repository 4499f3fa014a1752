package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.everything;
import static org.glimpse.db.TestImages.fullImage;
import static org.glimpse.db.TestImages.id;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statements per read, counted as the repositories run them: over a network (PostgreSQL,
 * MariaDB) a show is one statement whatever the image holds (tags, properties, several
 * locations), a list page two whatever its length; H2, embedded, reads one table per plain
 * statement (see {@link Dialect#reusesUnions}). Run per database.
 */
abstract class AbstractRoundTripsTest {
  protected Database db;
  /** The statements run since {@link #startCounting}, as sent to the driver. */
  protected final List<String> statements = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean counting;

  /** A fresh, migrated database; skips when its server is unreachable. */
  protected abstract Database openDatabase();

  protected void dropDatabase() {}

  @BeforeEach
  void open() {
    db = openDatabase();
    db.jdbi().getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
      @Override
      public void logAfterExecution(StatementContext context) {
        if (counting) {
          statements.add(context.getParsedSql().getSql());
        }
      }
    });
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
    dropDatabase();
  }

  private int showStatements() {
    return db.dialect().reusesUnions() ? 1 : 4;
  }

  /**
   * PostgreSQL: one. MariaDB: the page and its children, in a transaction opened and closed by
   * three statements. H2: the page and one read per kind of child (its transaction is the
   * driver's, not statements).
   */
  private int pageStatements() {
    return db.dialect().readsPagesInOneStatement() ? 1 : db.dialect().reusesUnions() ? 5 : 4;
  }

  @Test
  void aShowIsOneStatementWithTagsPropertiesAndLocations() {
    Image full = fullImage();
    full.setLocations(List.of(new ImageLocation("file:///a/full", "{\"store\": \"a\"}"),
        new ImageLocation("file:///b/full", "{\"store\": \"b\"}")));
    db.images().create(full);

    startCounting();
    Image found = db.images().find(id("full")).orElseThrow();
    assertThat(statements).hasSize(showStatements());

    assertThat(found.getTags()).containsExactly("zebra", "alpha", "mid dle", "ünïcödé");
    assertThat(found.getProperties()).containsEntry("hw_disk_bus", "scsi").hasSize(3);
    assertThat(found.getLocations()).extracting(ImageLocation::url)
        .containsExactly("file:///a/full", "file:///b/full");
  }

  @Test
  void aMissingImageIsOneStatement() {
    startCounting();
    assertThat(db.images().find(id("absent"))).isEmpty();
    assertThat(statements).hasSize(1);
  }

  @Test
  void aListPageIsTheSameStatementsWhateverItsLength() {
    createListed(30);

    startCounting();
    List<Image> page = db.images().list(everything());
    assertThat(statements).hasSize(pageStatements());

    assertThat(page).hasSize(30).allSatisfy(image -> {
      assertThat(image.getTags()).hasSize(1);
      assertThat(image.getProperties()).hasSize(1);
      assertThat(image.getLocations()).hasSize(1);
    });
  }

  /** Images listed-0 … listed-(count-1), each with a tag, a property and a location. */
  protected void createListed(int count) {
    for (int i = 0; i < count; i++) {
      Image image = TestImages.image("listed-" + i);
      image.setTags(new LinkedHashSet<>(List.of("t" + i)));
      image.getProperties().put("k", "v" + i);
      image.setLocations(List.of(ImageLocation.of("file:///l/" + i)));
      db.images().create(image);
    }
  }

  protected void startCounting() {
    statements.clear();
    counting = true;
  }
}
