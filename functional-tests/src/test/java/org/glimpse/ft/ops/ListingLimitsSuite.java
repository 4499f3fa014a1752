package org.glimpse.ft.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * What one listing may ask is capped (20 tags, 20 properties, 8 sort keys; 400 naming the
 * limit), and what it may ask is answered promptly: on PostgreSQL, 100 tag filters used to take
 * seconds and 200 more than a minute, running on after the client left. Every request here is
 * bounded by a client timeout, so a listing that explodes again fails the test instead of
 * stalling it. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListingLimitsSuite {
  static final String RAW = "\"disk_format\":\"raw\",\"container_format\":\"bare\"";

  private final TestDatabase database = database();
  private GlimpseTestServer server;
  private Client owner;
  private String skipReason;

  abstract TestDatabase database();

  @BeforeAll
  void start() {
    String connection;
    try {
      connection = database.create();
    } catch (TestAbortedException e) {
      skipReason = e.getMessage();
      System.err.println(getClass().getSimpleName() + ": " + skipReason);
      return;
    }
    server = GlimpseTestServer.start(connection, Map.of());
    owner = server.as("projLimits", "member,reader").withTimeout(Duration.ofSeconds(10));
  }

  @BeforeEach
  void skipWithoutDatabase() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    database.drop();
  }

  @Test
  void twentyTagsAndTwentyPropertiesFindTheImageThatHasThemAll() {
    StringBuilder json = new StringBuilder("{\"name\":\"tagged\"," + RAW);
    IntStream.range(0, 20).forEach(i -> json.append(",\"k").append(i).append("\":\"v").append(i).append('"'));
    json.append(",\"tags\":[").append(IntStream.range(0, 20).mapToObj(i -> "\"t" + i + "\"")
        .collect(Collectors.joining(","))).append("]}");
    String id = owner.createImage(json.toString());
    owner.createImage("{\"name\":\"other\"," + RAW + ",\"tags\":[\"t0\"]}");

    Response all = owner.get("/v2/images?" + tags(20) + "&" + properties(20));
    assertThat(ids(all)).containsExactly(id);
    Response oneMore = owner.get("/v2/images?" + tags(19) + "&tag=missing&" + properties(20));
    assertThat(ids(oneMore)).isEmpty();
  }

  @Test
  void moreThanAListingMayAskIsA400NamingTheLimit() {
    owner.get("/v2/images?" + tags(21))
        .assertError(400, "Too many tags in the query: 21 given, at most 20 allowed.");
    owner.get("/v2/images?" + tags(200))
        .assertError(400, "Too many tags in the query: 200 given, at most 20 allowed.");
    owner.get("/v2/images?" + properties(21))
        .assertError(400, "Too many properties in the query: 21 given, at most 20 allowed.");
    owner.get("/v2/images?" + "sort_key=name&".repeat(9) + "sort_dir=asc")
        .assertError(400, "Too many sort keys in the query: 9 given, at most 8 allowed.");
    owner.get("/v2/images?sort=" + "name:asc,".repeat(8) + "id:desc")
        .assertError(400, "Too many sort keys in the query: 9 given, at most 8 allowed.");
    String v1Properties = IntStream.range(0, 21).mapToObj(i -> "property-k" + i + "=v")
        .collect(Collectors.joining("&"));
    assertThat(owner.get("/v1/images?" + v1Properties).status()).isEqualTo(400);
  }

  private static String tags(int n) {
    return IntStream.range(0, n).mapToObj(i -> "tag=t" + i).collect(Collectors.joining("&"));
  }

  private static String properties(int n) {
    return IntStream.range(0, n).mapToObj(i -> "k" + i + "=v" + i).collect(Collectors.joining("&"));
  }

  private static List<String> ids(Response listing) {
    assertThat(listing.status()).as("%s", listing).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode image : listing.json().get("images")) {
      ids.add(image.get("id").asText());
    }
    return ids;
  }
}
