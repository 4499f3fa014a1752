package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.Visibility;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** Against the MariaDB at 127.0.0.1:3306 (user root, no password). */
class MariaDbRoundTripsTest extends AbstractRoundTripsTest {
  private final ExternalDatabase server = new ExternalDatabase(
      "MariaDB", "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=5000", "root");

  @Override
  protected Database openDatabase() {
    server.create();
    return Database.open("mysql+pymysql://root@127.0.0.1:3306/" + server.name + "?charset=utf8");
  }

  @Override
  protected void dropDatabase() {
    server.drop("DROP DATABASE IF EXISTS " + server.name);
  }

  /**
   * A project's listing unions its own, the public and the shared images; MariaDB copies such a
   * union into a temporary table, on disk when its rows hold TEXT. Only ids and sort keys go in.
   */
  @Test
  void aProjectsListPageWritesNoTemporaryTableToDisk() {
    for (int i = 0; i < 30; i++) {
      Image image = TestImages.image("mine-" + i, "p1", i % 2 == 0 ? Visibility.PUBLIC : Visibility.SHARED, i);
      image.setLocations(List.of(ImageLocation.of("file:///long/location/" + "x".repeat(300) + i)));
      db.images().create(image);
    }
    ImageQuery query = new ImageQuery();
    query.viewer = "p1";
    query.limit = 20;
    SqlBuilder sql = ImageListSql.build(query, LocalDateTime.now(ZoneOffset.UTC), Dialect.MARIADB);
    long written = db.jdbi().withHandle(handle -> {
      long before = diskTables(handle);
      List<String> ids = sql.bind(handle.createQuery(sql.text())).map((rs, ctx) -> rs.getString("id")).list();
      assertThat(ids).hasSize(20);
      return diskTables(handle) - before;
    });
    assertThat(written).isZero();
    assertThat(db.images().list(query)).hasSize(20)
        .allSatisfy(image -> assertThat(image.getLocations().get(0).url()).startsWith("file:///long/"));
  }

  /**
   * The own-images and public-images branches name their index, and read it in order: left to
   * itself, MariaDB's planner weighs every index on every execution, and with 100 images of one
   * project it was seen picking a range of the status index and a sort.
   */
  @Test
  void theOwnAndPublicBranchesReadTheirIndexInOrder() {
    // nearly every image is p1's (the case where the planner had gone astray)
    for (int i = 0; i < 60; i++) {
      db.images().create(TestImages.image("img-" + i, i % 10 == 9 ? "q" + i : "p1",
          i % 10 == 9 ? Visibility.PUBLIC : Visibility.SHARED, i));
    }
    ImageQuery query = new ImageQuery();
    query.viewer = "p1";
    query.limit = 25;
    SqlBuilder sql = ImageListSql.build(query, LocalDateTime.now(ZoneOffset.UTC), Dialect.MARIADB);
    List<java.util.Map<String, Object>> plan = db.jdbi().withHandle(handle ->
        sql.bind(handle.createQuery("EXPLAIN " + sql.text())).mapToMap().list());
    List<String> keys = plan.stream().filter(row -> "i".equals(row.get("table")))
        .map(row -> String.valueOf(row.get("key"))).toList();
    assertThat(keys).contains(VisibilitySql.OWNER_INDEX, VisibilitySql.VISIBILITY_INDEX);
    assertThat(plan).filteredOn(row -> VisibilitySql.OWNER_INDEX.equals(row.get("key"))
            || VisibilitySql.VISIBILITY_INDEX.equals(row.get("key")))
        .allSatisfy(row -> assertThat(String.valueOf(row.get("extra"))).doesNotContain("filesort"));
    assertThat(sql.text()).contains(" FORCE INDEX (" + VisibilitySql.OWNER_INDEX + ")",
        " FORCE INDEX (" + VisibilitySql.VISIBILITY_INDEX + ")");
    assertThat(TestImages.names(db.images().list(query))).hasSize(25)
        .startsWith("img-59", "img-58", "img-57");
  }

  private static long diskTables(Handle handle) {
    return handle.createQuery("SHOW SESSION STATUS LIKE 'Created_tmp_disk_tables'")
        .map((rs, ctx) -> rs.getLong(2)).one();
  }
}
