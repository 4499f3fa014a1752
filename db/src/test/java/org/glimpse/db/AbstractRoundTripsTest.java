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
 * Statements per read, counted as the repositories run them: a show is one statement whatever the
 * image holds (tags, properties, several locations), and so is a list page whatever its length,
 * as each image's row carries a copy of its children ({@link ChildrenCopy}). An image without a
 * usable copy is read from its child tables: over a network (PostgreSQL, MariaDB) in as few
 * statements as the dialect allows; H2, embedded, reads one table per plain statement (see
 * {@link Dialect#reusesUnions}). Run per database.
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

  /** A show read from the child tables: after the row with its (missing) copy, one or four. */
  private int showStatementsFromTables() {
    return 1 + (db.dialect().reusesUnions() ? 1 : 4);
  }

  /**
   * A page read from the child tables, after the page with its copies: PostgreSQL one more.
   * MariaDB: the page and its children, in a transaction opened and closed by three statements.
   * H2: the page and one read per kind of child (its transaction is the driver's, not
   * statements).
   */
  private int pageStatementsFromTables() {
    return 1 + (db.dialect().readsPagesInOneStatement() ? 1 : db.dialect().reusesUnions() ? 5 : 4);
  }

  @Test
  void aShowIsOneStatementWithTagsPropertiesAndLocations() {
    Image full = fullImage();
    full.setLocations(List.of(new ImageLocation("file:///a/full", "{\"store\": \"a\"}"),
        new ImageLocation("file:///b/full", "{\"store\": \"b\"}")));
    db.images().create(full);

    startCounting();
    Image found = db.images().find(id("full")).orElseThrow();
    assertThat(statements).hasSize(1);
    assertFull(found);
  }

  private static void assertFull(Image found) {
    assertThat(found.getTags()).containsExactly("zebra", "alpha", "mid dle", "ünïcödé");
    assertThat(found.getProperties()).containsEntry("hw_disk_bus", "scsi").hasSize(3);
    assertThat(found.getLocations())
        .containsExactly(new ImageLocation("file:///a/full", "{\"store\": \"a\"}"),
            new ImageLocation("file:///b/full", "{\"store\": \"b\"}"));
  }

  @Test
  void anImageStoredWithoutACopyIsReadFromItsTablesUntilTheBackfillWritesIt() {
    Image full = fullImage();
    full.setLocations(List.of(new ImageLocation("file:///a/full", "{\"store\": \"a\"}"),
        new ImageLocation("file:///b/full", "{\"store\": \"b\"}")));
    db.images().create(full);
    createListed(3);
    // as a database migrated to V13, or images seeded by a tool, leave them
    db.jdbi().useHandle(h -> h.execute("UPDATE images SET children = NULL"));

    startCounting();
    assertFull(db.images().find(id("full")).orElseThrow());
    assertThat(statements).hasSize(showStatementsFromTables());
    statements.clear();
    List<Image> page = db.images().list(everything());
    assertThat(statements).hasSize(pageStatementsFromTables());
    assertListed(page, 3); // the full image is hidden (os_hidden) from listings
    counting = false;

    assertThat(ChildrenCopyBackfill.run(db.jdbi(), db.dialect())).isEqualTo(4);
    assertThat(ChildrenCopyBackfill.run(db.jdbi(), db.dialect())).isZero();

    startCounting();
    assertFull(db.images().find(id("full")).orElseThrow());
    assertListed(db.images().list(everything()), 3);
    assertThat(statements).hasSize(2);
  }

  @Test
  void childrenTooLongForACopyAreReadFromTheirTables() {
    Image big = fullImage();
    String value = "x".repeat(60_000);
    for (int i = 0; i < 5; i++) {
      big.getProperties().put("big_" + i, value);
    }
    db.images().create(big);

    startCounting();
    Image found = db.images().find(id("full")).orElseThrow();
    assertThat(statements).hasSize(showStatementsFromTables());
    assertThat(found.getProperties()).hasSize(8).containsEntry("big_4", value);
    assertThat(found.getTags()).containsExactly("zebra", "alpha", "mid dle", "ünïcödé");
    counting = false;

    // shrunk below the bound, the copy is written again
    Image changed = db.images().update(id("full"), image -> {
      for (int i = 0; i < 5; i++) {
        image.getProperties().remove("big_" + i);
      }
      image.getTags().remove("alpha");
    });
    assertThat(changed.getProperties()).hasSize(3);
    startCounting();
    found = db.images().find(id("full")).orElseThrow();
    assertThat(statements).hasSize(1);
    assertThat(found.getProperties()).hasSize(3);
    assertThat(found.getTags()).containsExactly("zebra", "mid dle", "ünïcödé");
  }

  @Test
  void anUpdateRewritesTheCopyInTheOrderOfTheRows() {
    db.images().create(fullImage());
    db.images().update(id("full"), image -> {
      image.getTags().remove("alpha");
      image.getTags().add("omega");
      image.getProperties().put("hw_disk_bus", "virtio");
      image.setLocations(List.of(ImageLocation.of("file:///c/full")));
    });

    startCounting();
    Image found = db.images().find(id("full")).orElseThrow();
    assertThat(statements).hasSize(1);
    assertThat(found.getTags()).containsExactly("zebra", "mid dle", "ünïcödé", "omega");
    assertThat(found.getProperties()).containsEntry("hw_disk_bus", "virtio").hasSize(3);
    assertThat(found.getLocations()).containsExactly(ImageLocation.of("file:///c/full"));
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
    assertThat(statements).hasSize(1);

    assertListed(page, 30);
  }

  /** The page holds the images {@link #createListed} made, each with its own children. */
  private static void assertListed(List<Image> page, int count) {
    assertThat(page).hasSize(count).allSatisfy(image -> {
      String n = image.getName().substring("listed-".length());
      assertThat(image.getTags()).containsExactly("t" + n);
      assertThat(image.getProperties()).containsExactly(java.util.Map.entry("k", "v" + n));
      assertThat(image.getLocations()).containsExactly(ImageLocation.of("file:///l/" + n));
    });
  }

  @Test
  void theCopyReadsAsTheTablesWhateverTheUpdates() {
    db.images().create(fullImage());
    java.util.Random random = new java.util.Random(14);
    List<String> words = List.of("a", "b", "c", "d", "e", "f", "g", "ünï", "x y");
    for (int round = 0; round < 150; round++) {
      int move = random.nextInt(6);
      String word = words.get(random.nextInt(words.size()));
      String other = words.get(random.nextInt(words.size()));
      db.images().update(id("full"), image -> {
        switch (move) {
          case 0 -> image.getTags().add(word);
          case 1 -> image.getTags().remove(word);
          case 2 -> image.getProperties().put(word, other.repeat(random.nextInt(3)));
          case 3 -> image.getProperties().remove(word);
          case 4 -> image.setLocations(random.nextBoolean() ? List.of()
              : List.of(new ImageLocation("file:///" + word, "{\"k\": \"" + other + "\"}"),
                  ImageLocation.of("file:///" + other + "/2")));
          default -> image.setName(word + other);
        }
      });
      Image fromCopy = db.images().find(id("full")).orElseThrow();
      Image fromTables = db.jdbi()
          .withHandle(h -> ImageChildren.loadOne(h, db.dialect(), id("full"))).orElseThrow();
      assertThat(fromCopy.sameContent(fromTables))
          .as("round %d: %s %s / %s %s", round, fromCopy.getTags(), fromCopy.getLocations(),
              fromTables.getTags(), fromTables.getLocations()).isTrue();
    }
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
