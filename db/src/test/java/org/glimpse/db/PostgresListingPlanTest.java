package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.Sort;
import org.glimpse.core.image.ImageQuery.VisibilityFilter;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SortKey;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A listing must not read what its viewer may not see. Project "me" sees a handful of images
 * among 30,000 private and shared images of other projects (with 24,000 memberships of others)
 * and 4,000 deleted rows, newer than all of them (public ones of others, and its own);
 * PostgreSQL's EXPLAIN ANALYZE of each listing, the page's tags, properties and locations with
 * it, must show no sequential scan of those tables and (almost) no rows read only to be thrown away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresListingPlanTest {
  private static final int OTHERS = 30_000;
  private static final Pattern REMOVED = Pattern.compile("Rows Removed by (?:Filter|Join Filter): (\\d+)");

  private final ExternalDatabase server = new ExternalDatabase(
      "PostgreSQL", "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=5", "postgres");
  private Database database;
  private Jdbi jdbi;

  @BeforeAll
  void fill() {
    server.create();
    database = Database.open("postgresql+psycopg2://postgres@127.0.0.1:5432/" + server.name);
    jdbi = Jdbi.create(database.dataSource());
    jdbi.useHandle(handle -> {
      handle.execute("INSERT INTO images (id, name, status, visibility, owner, created_at, updated_at)"
          + " SELECT md5(g::text)::uuid::text, 'other' || g, 'active',"
          + " CASE WHEN g % 5 < 3 THEN 'private' ELSE 'shared' END, 'p' || (g % 1000),"
          + " timestamp '2024-01-01' + g * interval '1 second', timestamp '2024-01-01' + g * interval '1 second'"
          + " FROM generate_series(1, " + OTHERS + ") g");
      for (int offset : new int[] {1, 2}) {
        handle.execute("INSERT INTO image_members (image_id, member, status, created_at, updated_at)"
            + " SELECT id, 'p' || ((substr(name, 6)::int + " + offset + ") % 1000), 'accepted',"
            + " created_at, created_at FROM images WHERE visibility = 'shared'");
      }
      // spread among the others in time: own, public and shared-with-me images
      handle.execute("UPDATE images SET owner = 'me' WHERE name IN ('other100', 'other15000', 'other29000')");
      handle.execute("UPDATE images SET visibility = 'public' WHERE name IN ('other200', 'other16000')");
      handle.execute("UPDATE images SET visibility = 'community' WHERE name = 'other17000'");
      handle.execute("INSERT INTO image_members (image_id, member, status, created_at, updated_at)"
          + " SELECT id, 'me', CASE WHEN name = 'other24' THEN 'pending' ELSE 'accepted' END,"
          + " created_at, created_at FROM images WHERE name IN ('other4', 'other14', 'other24')");
      // shares with domains: 6,000 with a domain "me" is not in, three with its domain (one answered)
      handle.execute("INSERT INTO image_domain_shares (image_id, domain_id, image_created_at,"
          + " created_at, updated_at) SELECT id, 'dom-other', created_at, created_at, created_at"
          + " FROM images WHERE visibility = 'shared'"
          + " AND substr(name, 6)::int % 2 = 0");
      handle.execute("INSERT INTO image_domain_shares (image_id, domain_id, image_created_at,"
          + " created_at, updated_at) SELECT id, 'dom-me', created_at, created_at, created_at FROM images"
          + " WHERE name IN ('other34', 'other15034', 'other28034')");
      handle.execute("INSERT INTO image_domain_answers (image_id, domain_id, member, status, created_at,"
          + " updated_at) SELECT id, 'dom-me', 'me', 'accepted', created_at, created_at FROM images"
          + " WHERE name = 'other34'");
      // images deleted long ago stay as rows (as in Glance): public ones of others and the viewer's own
      handle.execute("INSERT INTO images (id, name, status, visibility, owner, created_at, updated_at, deleted,"
          + " deleted_at) SELECT md5('gone' || g)::uuid::text, 'gone' || g, 'deleted',"
          + " CASE WHEN g % 2 = 0 THEN 'public' ELSE 'private' END, CASE WHEN g % 2 = 0 THEN 'p7' ELSE 'me' END,"
          + " timestamp '2025-01-01' + g * interval '1 second', timestamp '2025-01-01' + g * interval '1 second',"
          + " TRUE, timestamp '2025-06-01' FROM generate_series(1, 4000) g");
      // every image has a property, a tag and a location: a page must find its own by index
      handle.execute("INSERT INTO image_properties (image_id, name, value) SELECT id, 'k', name FROM images");
      handle.execute("INSERT INTO image_tags (image_id, value) SELECT id, name FROM images");
      handle.execute("INSERT INTO image_locations (image_id, pos, url, metadata, created_at, updated_at)"
          + " SELECT id, 0, 'file:///' || name, '{}', created_at, created_at FROM images");
      handle.execute("ANALYZE");
    });
  }

  @AfterAll
  void drop() {
    if (database != null) {
      database.close();
    }
    server.drop("DROP DATABASE IF EXISTS " + server.name + " WITH (FORCE)");
  }

  static Stream<Arguments> listings() {
    return Stream.of(
        Arguments.of("default", VisibilityFilter.DEFAULT, MemberStatus.ACCEPTED, null, 7),
        Arguments.of("visibility=shared", VisibilityFilter.SHARED, MemberStatus.ACCEPTED, null, 2),
        Arguments.of("member_status=all", VisibilityFilter.DEFAULT, null, null, 8),
        Arguments.of("visibility=all", VisibilityFilter.ALL, MemberStatus.PENDING, null, 7),
        Arguments.of("visibility=private", VisibilityFilter.PRIVATE, MemberStatus.ACCEPTED, null, 3),
        Arguments.of("sort=name:asc", VisibilityFilter.DEFAULT, MemberStatus.ACCEPTED, SortKey.NAME, 7),
        Arguments.of("sort=size", VisibilityFilter.DEFAULT, MemberStatus.ACCEPTED, SortKey.SIZE, 7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listings")
  void readsOnlyWhatTheViewerMaySee(String title, VisibilityFilter filter, MemberStatus status,
      SortKey sortKey, int visible) {
    ImageQuery query = TestImages.asViewer("me");
    query.visibility = filter;
    query.memberStatus = status;
    if (sortKey != null) {
      query.sort.add(new Sort(sortKey, true));
    }
    List<Image> all = database.images().list(query);
    assertThat(all).hasSize(visible);
    assertCheap(query);

    if (visible > 2) {
      // a later page, after a marker, is as cheap
      query.limit = 2;
      query.marker = database.images().list(query).get(1);
      assertThat(database.images().list(query)).hasSize(Math.min(2, visible - 2));
      assertCheap(query);
    }
  }

  static Stream<Arguments> domainListings() {
    return Stream.of(
        Arguments.of("default", VisibilityFilter.DEFAULT, MemberStatus.ACCEPTED, 8),
        Arguments.of("member_status=all", VisibilityFilter.DEFAULT, null, 11),
        Arguments.of("visibility=shared&member_status=pending", VisibilityFilter.SHARED, MemberStatus.PENDING, 3));
  }

  /** The viewer's domain adds its path: an index lookup by domain, however many other domains share. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("domainListings")
  void withDomainSharesReadsOnlyWhatTheViewerMaySee(String title, VisibilityFilter filter, MemberStatus status,
      int visible) {
    ImageQuery query = TestImages.asViewer("me");
    query.viewerDomain = "dom-me";
    query.visibility = filter;
    query.memberStatus = status;
    assertThat(database.images().list(query)).hasSize(visible);
    assertCheap(query);
    query.limit = 2;
    query.marker = database.images().list(query).get(1);
    assertThat(database.images().list(query)).hasSize(Math.min(2, visible - 2));
    assertCheap(query);
  }

  private void assertCheap(ImageQuery query) {
    SqlBuilder sql = ImageChildren.pageWithChildren(ImageListSql.build(query,
        java.time.LocalDateTime.now(java.time.ZoneOffset.UTC), Dialect.POSTGRESQL), KeysetSql.of(query.sort));
    String plan = jdbi.withHandle(handle ->
        String.join("\n", sql.bind(handle.createQuery("EXPLAIN (ANALYZE, COSTS OFF) " + sql.text()))
            .mapTo(String.class).list()));
    assertThat(plan).as(plan).doesNotContain("Seq Scan on images ", "Seq Scan on image_properties",
        "Seq Scan on image_tags", "Seq Scan on image_locations");
    long removed = 0;
    for (Matcher m = REMOVED.matcher(plan); m.find(); ) {
      removed += Long.parseLong(m.group(1));
    }
    assertThat(removed).as("rows read and thrown away:\n%s", plan).isLessThan(100);
  }
}
