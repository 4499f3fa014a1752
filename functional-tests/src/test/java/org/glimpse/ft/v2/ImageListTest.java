package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET /v2/images as project L, which owns alpha (private, protected, active), beta (hidden),
 * gamma (community) and delta (shared), next to an admin's public images and another
 * project's community image. Newest first: delta, gamma, beta, alpha, pub2, pub1, comm.
 */
class ImageListTest extends ServerTest {
  static final String ALPHA_DATA = "0123456789abcdef";
  private Client l;
  private Client c;
  private final Map<String, String> ids = new java.util.HashMap<>();

  @BeforeAll
  void createImages() {
    l = server.as("projL", "member,reader");
    c = server.as("projC", "member,reader");
    ids.put("comm", c.createImage("{\"name\":\"comm\",\"visibility\":\"community\"}"));
    ids.put("pub1", admin.createImage("{\"name\":\"pub1\",\"visibility\":\"public\",\"disk_format\":\"qcow2\"}"));
    ids.put("pub2", admin.createActiveImage("{\"name\":\"pub2\",\"visibility\":\"public\",\"disk_format\":\"raw\","
        + "\"container_format\":\"bare\"}", "public-bytes"));
    ids.put("alpha", l.createActiveImage("{\"name\":\"alpha\",\"visibility\":\"private\",\"protected\":true,"
        + "\"tags\":[\"x\",\"y\"],\"foo\":\"bar\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}", ALPHA_DATA));
    ids.put("beta", l.createImage("{\"name\":\"beta\",\"os_hidden\":true}"));
    ids.put("gamma", l.createImage("{\"name\":\"gamma\",\"visibility\":\"community\",\"tags\":[\"x\"]}"));
    ids.put("delta", l.createImage("{\"name\":\"delta\",\"foo\":\"baz\"}"));
  }

  static List<String> names(Response r) {
    r.assertStatus(200);
    List<String> names = new ArrayList<>();
    r.json().get("images").forEach(i -> names.add(i.get("name").asText()));
    return names;
  }

  @Test
  void defaultListing() {
    Response r = l.get("/v2/images");
    assertThat(names(r)).containsExactly("delta", "gamma", "alpha", "pub2", "pub1");
    JsonNode body = r.json();
    assertThat(ImageCreateTest.fieldNames(body)).containsExactly("images", "first", "schema");
    assertThat(body.get("first").asText()).isEqualTo("/v2/images");
    assertThat(body.get("schema").asText()).isEqualTo("/v2/schemas/images");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    JsonNode alpha = body.get("images").get(2);
    assertThat(alpha).isEqualTo(l.get("/v2/images/" + ids.get("alpha")).json());
  }

  @Test
  void pagesFollowNextLinks() {
    Response page = l.get("/v2/images?limit=2");
    assertThat(names(page)).containsExactly("delta", "gamma");
    assertThat(page.json().get("first").asText()).isEqualTo("/v2/images?limit=2");
    String next = page.json().get("next").asText();
    assertThat(next).isEqualTo("/v2/images?limit=2&marker=" + ids.get("gamma"));
    page = l.get(next);
    assertThat(names(page)).containsExactly("alpha", "pub2");
    assertThat(page.json().get("first").asText()).isEqualTo("/v2/images?limit=2");
    page = l.get(page.json().get("next").asText());
    assertThat(names(page)).containsExactly("pub1");
    assertThat(page.json().has("next")).isFalse();
  }

  @Test
  void aFullPageAlwaysHasANextLink() {
    Response page = l.get("/v2/images?limit=5");
    assertThat(names(page)).hasSize(5);
    Response after = l.get(page.json().get("next").asText());
    assertThat(names(after)).isEmpty();
    assertThat(after.json().has("next")).isFalse();
    Response empty = l.get("/v2/images?limit=0");
    assertThat(names(empty)).isEmpty();
    assertThat(empty.json().has("next")).isFalse();
    assertThat(empty.json().get("first").asText()).isEqualTo("/v2/images?limit=0");
  }

  @Test
  void linksKeepTheQueryWithoutMarkerAndWithLastValues() {
    Response r = l.get("/v2/images?limit=1&tag=x&sort=name:asc");
    assertThat(names(r)).containsExactly("alpha");
    assertThat(r.json().get("first").asText()).isEqualTo("/v2/images?limit=1&tag=x&sort=name%3Aasc");
    assertThat(r.json().get("next").asText()).isEqualTo("/v2/images?limit=1&tag=x&sort=name%3Aasc&marker=" + ids.get("alpha"));
    r = l.get("/v2/images?name=alpha&limit=1");
    assertThat(r.json().get("next").asText()).isEqualTo("/v2/images?name=alpha&limit=1&marker=" + ids.get("alpha"));
    r = l.get("/v2/images?tag=x&tag=y");
    assertThat(names(r)).containsExactly("alpha");
    assertThat(r.json().get("first").asText()).isEqualTo("/v2/images?tag=y");
    r = l.get("/v2/images?marker=" + ids.get("gamma") + "&limit=1");
    assertThat(names(r)).containsExactly("alpha");
    assertThat(r.json().get("first").asText()).isEqualTo("/v2/images?limit=1");
  }

  @Test
  void limitsAreCappedByApiLimitMax() {
    try (GlimpseTestServer small = GlimpseTestServer.start(null,
        Map.of("GLIMPSE_DEFAULT__API_LIMIT_MAX", "3", "GLIMPSE_DEFAULT__LIMIT_PARAM_DEFAULT", "2"))) {
      Client k = small.as("projK", "member");
      for (int i = 0; i < 5; i++) {
        k.createImage("{\"name\":\"k" + i + "\"}");
      }
      Response r = k.get("/v2/images");
      assertThat(names(r)).containsExactly("k4", "k3");
      assertThat(r.json().get("next").asText()).startsWith("/v2/images?marker=");
      r = k.get("/v2/images?limit=1000");
      assertThat(names(r)).containsExactly("k4", "k3", "k2");
      assertThat(r.json().get("next").asText()).startsWith("/v2/images?limit=1000&marker=");
      assertThat(names(k.get(r.json().get("next").asText()))).containsExactly("k1", "k0");
    }
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of("sort_key=name&sort_dir=asc", List.of("alpha", "delta", "gamma", "pub1", "pub2")),
        Arguments.of("sort_key=name&sort_key=created_at&sort_dir=asc&sort_dir=desc&owner=projL", List.of("alpha", "delta", "gamma")),
        Arguments.of("sort=name:asc,created_at&owner=projL", List.of("alpha", "delta", "gamma")),
        Arguments.of("sort=name&owner=projL", List.of("gamma", "delta", "alpha")),
        Arguments.of("sort=name:&owner=projL", List.of("gamma", "delta", "alpha")),
        Arguments.of("sort_key=created_at&sort_dir=asc", List.of("pub1", "pub2", "alpha", "gamma", "delta")),
        Arguments.of("sort_key=size&sort_dir=desc&size_min=0", List.of("alpha", "pub2")),
        Arguments.of("name=alpha", List.of("alpha")),
        Arguments.of("name=in:alpha,beta", List.of("alpha")),
        Arguments.of("name=eq:alpha", List.of("alpha")),
        Arguments.of("name=in:%22alpha%22,beta", List.of("alpha")),
        Arguments.of("name=ALPHA", List.of()),
        Arguments.of("status=bogus", List.of()),
        Arguments.of("status=active", List.of("alpha", "pub2")),
        Arguments.of("status=ACTIVE", List.of()),
        Arguments.of("status=deleted", List.of()),
        Arguments.of("status=in:active,queued&owner=projL", List.of("delta", "gamma", "alpha")),
        Arguments.of("visibility=private", List.of("alpha")),
        Arguments.of("visibility=shared", List.of("delta")),
        Arguments.of("visibility=community", List.of("gamma", "comm")),
        Arguments.of("visibility=public", List.of("pub2", "pub1")),
        Arguments.of("visibility=all", List.of("delta", "gamma", "alpha", "pub2", "pub1", "comm")),
        Arguments.of("owner=projL", List.of("delta", "gamma", "alpha")),
        Arguments.of("owner=projA", List.of()),
        Arguments.of("tag=x", List.of("gamma", "alpha")),
        Arguments.of("tag=x&tag=y", List.of("alpha")),
        Arguments.of("tag=nope", List.of()),
        Arguments.of("protected=true", List.of("alpha")),
        Arguments.of("protected=false&owner=projL", List.of("delta", "gamma")),
        Arguments.of("os_hidden=true", List.of("beta")),
        // openstacksdk sends the capitalised form; Glance lower-cases os_hidden (not protected)
        Arguments.of("os_hidden=True", List.of("beta")),
        Arguments.of("os_hidden=false&owner=projL", List.of("delta", "gamma", "alpha")),
        Arguments.of("size_min=5", List.of("alpha", "pub2")),
        Arguments.of("size_min=13", List.of("alpha")),
        Arguments.of("size_max=12", List.of("pub2")),
        Arguments.of("size_max=5", List.of()),
        Arguments.of("size_min=-1", List.of("alpha", "pub2")),
        // size is a column: Glance matches it exactly (tempest's test_list_images_param_size)
        Arguments.of("size=12", List.of("pub2")),
        Arguments.of("size=16", List.of("alpha")),
        Arguments.of("size=13", List.of()),
        Arguments.of("size=16&size_max=12", List.of()),
        Arguments.of("created_at=gt:2020-01-01T00:00:00Z&owner=projL", List.of("delta", "gamma", "alpha")),
        Arguments.of("created_at=lt:2020-01-01T00:00:00Z", List.of()),
        Arguments.of("created_at=2020-01-01T00:00:00Z", List.of()),
        Arguments.of("updated_at=gte:2020-01-01T00:00:00Z&owner=projL", List.of("delta", "gamma", "alpha")),
        Arguments.of("updated_at=lte:2020-01-01T00:00:00Z", List.of()),
        Arguments.of("id=in:bad,worse", List.of()),
        Arguments.of("member_status=all", List.of("delta", "gamma", "alpha", "pub2", "pub1")),
        Arguments.of("foo=bar", List.of("alpha")),
        Arguments.of("foo=in:bar,baz", List.of()),
        Arguments.of("bogus_param=1", List.of()),
        Arguments.of("disk_format=raw", List.of("alpha", "pub2")),
        Arguments.of("disk_format=in:raw,qcow2", List.of("alpha", "pub2", "pub1")),
        Arguments.of("disk_format=bogus", List.of()),
        Arguments.of("container_format=bare&owner=projL", List.of("alpha")));
  }

  @ParameterizedTest(name = "?{0}")
  @MethodSource("filters")
  void filtersAndSorting(String query, List<String> expected) {
    assertThat(names(l.get("/v2/images?" + query))).containsExactlyElementsOf(expected);
  }

  @Test
  void filtersById() {
    assertThat(names(l.get("/v2/images?id=" + ids.get("alpha")))).containsExactly("alpha");
    assertThat(names(l.get("/v2/images?id=in:" + ids.get("alpha") + "," + ids.get("gamma")))).containsExactly("gamma", "alpha");
    String md5 = l.get("/v2/images/" + ids.get("alpha")).json().get("checksum").asText();
    assertThat(names(l.get("/v2/images?checksum=" + md5))).containsExactly("alpha");
    String sha = l.get("/v2/images/" + ids.get("alpha")).json().get("os_hash_value").asText();
    assertThat(names(l.get("/v2/images?os_hash_value=" + sha))).containsExactly("alpha");
  }

  static Stream<Arguments> refused() {
    String keys = "It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.";
    return Stream.of(
        Arguments.of("limit=-1", "limit param must be positive"),
        Arguments.of("limit=abc", "limit param must be an integer"),
        Arguments.of("limit=1.5", "limit param must be an integer"),
        Arguments.of("marker=00000000-0000-0000-0000-000000000000", "No image found with ID 00000000-0000-0000-0000-000000000000"),
        Arguments.of("marker=not-a-uuid", "No image found with ID not-a-uuid"),
        Arguments.of("sort_key=bogus", "Invalid sort key: bogus. " + keys),
        Arguments.of("sort_key=foo", "Invalid sort key: foo. " + keys),
        Arguments.of("sort_dir=bogus", "Invalid sort direction: bogus"),
        Arguments.of("sort_key=name&sort_dir=asc&sort_dir=desc", "Number of sort dirs does not match the number of sort keys"),
        Arguments.of("sort=name:bogus", "Invalid sort direction: bogus"),
        Arguments.of("sort=bogus:asc", "Invalid sort key: bogus. " + keys),
        Arguments.of("sort=name:asc&sort_key=name", "Old and new sorting syntax cannot be combined"),
        Arguments.of("sort=name:asc&sort_dir=asc", "Old and new sorting syntax cannot be combined"),
        Arguments.of("visibility=bogus", "Invalid visibility value: bogus"),
        Arguments.of("protected=yes", "Invalid value 'yes' for 'protected' filter. Valid values are 'true' or 'false'."),
        Arguments.of("protected=True", "Invalid value 'True' for 'protected' filter. Valid values are 'true' or 'false'."),
        Arguments.of("os_hidden=bogus", "Invalid value 'bogus' for 'os_hidden' filter. Valid values are 'true' or 'false'."),
        Arguments.of("size_min=abc", "Unable to filter on a range with a non-numeric value."),
        Arguments.of("size_max=1e3", "Unable to filter on a range with a non-numeric value."),
        Arguments.of("created_at=bad", "Bad \"created_at\" query filter format. Use ISO 8601 DateTime notation."),
        Arguments.of("created_at=gt:bad", "Bad \"created_at\" query filter format. Use ISO 8601 DateTime notation."),
        Arguments.of("updated_at=lt:", "Bad \"updated_at\" query filter format. Use ISO 8601 DateTime notation."),
        Arguments.of("created_at=bogus:2020-01-01T00:00:00Z", "Unable to filter on a unknown operator."),
        Arguments.of("name=neq:alpha", "Unable to filter by unknown operator 'neq'."),
        Arguments.of("created_at=lt:2020-13-01", "Bad \"created_at\" query filter format. Use ISO 8601 DateTime notation."),
        Arguments.of("member_status=bogus", "Invalid status: bogus"),
        // a v1 filter, which Glance's v2 refuses (even empty)
        Arguments.of("changes-since=2020-01-01T00:00:00Z", "The \"changes-since\" filter is no longer available on v2."),
        Arguments.of("changes-since=", "The \"changes-since\" filter is no longer available on v2."));
  }

  @ParameterizedTest(name = "?{0}")
  @MethodSource("refused")
  void badQueriesAreRefused(String query, String message) {
    l.get("/v2/images?" + query).assertError(400, message);
  }

  @Test
  void markersMustBeVisibleAndAlive() {
    String gone = l.createImage("{\"name\":\"gone\"}");
    l.delete("/v2/images/" + gone).assertStatus(204);
    l.get("/v2/images?marker=" + gone).assertError(400, "No image found with ID " + gone);
    String hidden = b.createImage("{\"visibility\":\"private\"}");
    l.get("/v2/images?marker=" + hidden).assertError(400, "No image found with ID " + hidden);
  }

  @Test
  void timeFiltersCompareWithTheStoredInstant() {
    Client e = server.as("projE", "member");
    String id = e.createImage("{\"name\":\"e1\"}");
    String shown = e.get("/v2/images/" + id).json().get("created_at").asText();
    // stored to the microsecond, shown to the second: the image is just after its shown time
    assertThat(names(e.get("/v2/images?owner=projE&created_at=gt:" + shown))).containsExactly("e1");
    assertThat(names(e.get("/v2/images?owner=projE&created_at=gte:" + shown))).containsExactly("e1");
    assertThat(names(e.get("/v2/images?owner=projE&created_at=neq:" + shown))).containsExactly("e1");
    assertThat(names(e.get("/v2/images?owner=projE&created_at=lt:" + shown))).isEmpty();
    assertThat(names(e.get("/v2/images?owner=projE&updated_at=lt:2999-01-01T00:00:00Z"))).containsExactly("e1");
    assertThat(names(e.get("/v2/images?owner=projE&created_at=gt:2999-01-01T00:00:00"))).isEmpty();
  }

  @Test
  void otherProjectsSeePublicAndAskForCommunity() {
    assertThat(names(c.get("/v2/images"))).containsExactly("pub2", "pub1", "comm");
    assertThat(names(c.get("/v2/images?visibility=community"))).containsExactly("gamma", "comm");
    assertThat(names(c.get("/v2/images?visibility=all&owner=projL"))).containsExactly("gamma");
    c.get("/v2/images/" + ids.get("gamma")).assertStatus(200);
    c.get("/v2/images/" + ids.get("alpha")).assertError(404, "No image found with ID " + ids.get("alpha"));
  }

  @Test
  void adminsSeeEveryProjectButNotOthersCommunityImages() {
    assertThat(names(admin.get("/v2/images?owner=projL"))).containsExactly("delta", "alpha");
    assertThat(names(admin.get("/v2/images?owner=projL&visibility=all"))).containsExactly("delta", "gamma", "alpha");
    assertThat(names(admin.get("/v2/images?visibility=private&owner=projL"))).containsExactly("alpha");
  }

  @Test
  void sharedImagesAppearOnceAccepted() {
    Client m = server.as("projM", "member,reader");
    String shared = l.createImage("{\"name\":\"to-m\"}");
    l.postJson("/v2/images/" + shared + "/members", "{\"member\":\"projM\"}").assertStatus(200);
    assertThat(names(m.get("/v2/images?owner=projL"))).isEmpty();
    assertThat(names(m.get("/v2/images?owner=projL&member_status=pending"))).containsExactly("to-m");
    assertThat(names(m.get("/v2/images?owner=projL&member_status=all"))).containsExactly("to-m");
    m.putJson("/v2/images/" + shared + "/members/projM", "{\"status\":\"accepted\"}").assertStatus(200);
    assertThat(names(m.get("/v2/images?owner=projL"))).containsExactly("to-m");
    assertThat(names(m.get("/v2/images?visibility=shared"))).containsExactly("to-m");
    l.delete("/v2/images/" + shared).assertStatus(204);
    assertThat(names(m.get("/v2/images?owner=projL"))).isEmpty();
  }
}
