package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET /v1/images and /detail (spec §7.2, §8.6; scenarios 30–37) on the tight server
 * (limit_param_default 3, api_limit_max 4). Setup: A's private a (os=linux, min_ram 100, 5 bytes),
 * ADM's public b (1 byte), B's private c shared with A (3 bytes), B's private d, A's queued e.
 */
class V1ListTest {
  static Actors x;
  static final Map<String, String> ids = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() {
    x = new Actors(V1Servers.tight());
    String[] formats = {"x-image-meta-disk_format", "raw", "x-image-meta-container_format", "bare"};
    ids.put("a", V1Client.idOf(x.a.create("12345".getBytes(), V1Client.with(formats, "x-image-meta-name", "a",
        "x-image-meta-property-os", "linux", "x-image-meta-min_ram", "100")), 201));
    ids.put("b", V1Client.idOf(x.adm.create("1".getBytes(), V1Client.with(formats, "x-image-meta-name", "b",
        "x-image-meta-is_public", "true")), 201));
    ids.put("c", V1Client.idOf(x.b.create("123".getBytes(), V1Client.with(formats, "x-image-meta-name", "c")), 201));
    ids.put("d", V1Client.idOf(x.b.create("x-image-meta-name", "d"), 201));
    ids.put("e", V1Client.idOf(x.a.create("x-image-meta-name", "e"), 201));
    assertThat(x.b.addMember(ids.get("c"), x.t("tA")).status()).isEqualTo(204);
  }

  /** The setup's names among the ids, in order; other images on the server are left out. */
  static List<String> names(List<String> listed) {
    Map<String, String> byId = ids.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    return listed.stream().filter(byId::containsKey).map(byId::get).toList();
  }

  /** Every page of a listing, following markers. */
  static List<String> all(V1Client caller, String query) {
    List<String> out = new ArrayList<>();
    String marker = null;
    while (true) {
      List<String> page = caller.ids("/v1/images?limit=4" + (query.isEmpty() ? "" : "&" + query)
          + (marker == null ? "" : "&marker=" + marker));
      if (page.isEmpty()) {
        return out;
      }
      out.addAll(page);
      marker = page.get(page.size() - 1);
    }
  }

  @Test
  void aSeesPublicOwnAndSharedButNotOthersPrivate() {
    assertThat(names(x.a.ids("/v1/images?limit=10"))).containsExactlyInAnyOrder("a", "b", "c", "e");
    Response index = x.a.get("/v1/images?limit=10");
    index.json().get("images").forEach(i -> assertThat(V1ImagesTest.keys(i))
        .containsExactlyInAnyOrder("id", "name", "size", "disk_format", "container_format", "checksum"));
    Response detail = x.a.get("/v1/images/detail?limit=10");
    assertThat(detail.json().get("images").size()).isEqualTo(4);
    detail.json().get("images").forEach(i -> assertThat(V1ImagesTest.keys(i))
        .containsExactlyInAnyOrderElementsOf(V1ImagesTest.DETAIL_KEYS));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "name=a | a", "name=A | ''", "status=queued | e", "size_min=3&size_max=5 | a c", "min_ram=100 | a",
      "property-os=linux | a", "property-OS=linux | ''", "disk_format=raw | a b c", "container_format=bare&size_max=1 | b",
      "protected=false&name=e | e", "protected=1 | ''", "min_disk=0&name=c | c", "is_public=false | a b c e"})
  void filters(String query, String expected) {
    List<String> want = expected.isBlank() ? List.of() : List.of(expected.split(" "));
    assertThat(names(all(x.a, query))).containsExactlyInAnyOrderElementsOf(want);
  }

  @ParameterizedTest(name = "{0} → 400 {1}")
  @CsvSource(delimiter = '|', value = {
      "is_public=xyz | Bad value passed to filter is_public got xyz",
      "size_min=-1 | Bad value passed to filter size_min got -1",
      "size_max=big | Bad value passed to filter size_max got big",
      "min_ram=-5 | Bad value passed to filter min_ram got -5",
      "min_disk=x | Bad value passed to filter min_disk got x",
      "protected=yes | Bad value passed to filter protected got yes",
      "protected=None | protected must be True, or False",
      "changes-since=notadate | Unrecognized changes-since value",
      "sort_key=owner | Unsupported sort_key",
      "sort_dir=up | Unsupported sort_dir",
      "limit=-1 | limit param must be positive",
      "limit=ten | limit param must be an integer",
      "marker=00000000-0000-0000-0000-000000000000 | Invalid marker",
      "marker=not-a-uuid | Invalid marker format"})
  void invalidParameters(String query, String phrase) {
    Response r = x.a.get("/v1/images?" + query);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains(phrase);
    assertThat(x.a.get("/v1/images/detail?" + query).status()).isEqualTo(400);
  }

  @Test
  void markerMustBeVisible() {
    Response r = x.a.get("/v1/images?marker=" + ids.get("d"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Invalid marker. Image could not be found.");
  }

  @Test
  void changesSinceAcceptsItsForms() {
    for (String since : List.of("2000-01-01", "2000-01-01T00:00:00", "2000-01-01T00:00:00Z", "2000-01-01T00:00:00%2B05:00")) {
      assertThat(names(all(x.a, "changes-since=" + since))).as(since).containsExactlyInAnyOrder("a", "b", "c", "e");
    }
    assertThat(names(all(x.a, "changes-since=2999-01-01"))).isEmpty();
  }

  @Test
  void adminScopes() {
    assertThat(names(all(x.adm, ""))).containsExactlyInAnyOrder("b");
    assertThat(names(all(x.adm, "is_public=true"))).containsExactlyInAnyOrder("b");
    assertThat(names(all(x.adm, "is_public=none"))).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    assertThat(names(all(x.adm, "is_public=NONE"))).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    assertThat(names(all(x.adm, "is_public=false"))).containsExactlyInAnyOrder("a", "c", "d", "e");
  }

  @Test
  void sortingAndPaging() {
    assertThat(names(x.a.ids("/v1/images?sort_key=name&sort_dir=asc&limit=2"))).containsExactly("a", "b");
    assertThat(names(x.a.ids("/v1/images?sort_key=name&sort_dir=asc&limit=2&marker=" + ids.get("b"))))
        .containsExactly("c", "e");
    assertThat(names(x.a.ids("/v1/images?sort_key=size&sort_dir=desc"))).containsExactly("a", "c", "b");
    assertThat(x.a.ids("/v1/images?limit=0")).isEmpty();
  }

  @Test
  void defaultPageAndOrder() {
    assertThat(x.a.ids("/v1/images")).hasSize(3);
    assertThat(x.a.ids("/v1/images?limit=100")).hasSize(4);
    JsonNode images = x.a.get("/v1/images/detail?limit=100").json().get("images");
    List<JsonNode> listed = new ArrayList<>();
    images.forEach(listed::add);
    List<JsonNode> sorted = new ArrayList<>(listed);
    sorted.sort(Comparator.<JsonNode, String>comparing(i -> i.get("created_at").asText())
        .thenComparing(i -> i.get("id").asText()).reversed());
    assertThat(listed).containsExactlyElementsOf(sorted);
  }

  @Test
  void deletedImagesShowOnlyWithChangesSince() {
    String gone = V1Client.idOf(x.b.create("x-image-meta-name", "gone"), 201);
    assertThat(x.b.delete(gone).status()).isEqualTo(200);
    assertThat(all(x.b, "")).doesNotContain(gone);
    JsonNode found = null;
    for (JsonNode i : x.b.get("/v1/images/detail?limit=100&changes-since=2000-01-01T00:00:00").json().get("images")) {
      if (i.get("id").asText().equals(gone)) {
        found = i;
      }
    }
    assertThat(found).isNotNull();
    assertThat(found.get("deleted").asBoolean()).isTrue();
    assertThat(found.get("status").asText()).isEqualTo("deleted");
  }

  @Test
  void tenantlessCallersSeeOnlyPublicImages() {
    assertThat(names(all(x.nop, ""))).containsExactly("b");
  }

  @Test
  void membersSeeSharedImagesInAnyStatus() {
    Set<String> seen = Set.copyOf(names(all(x.a, "")));
    assertThat(seen).contains("c");
    assertThat(x.a.http.putJson("/v2/images/" + ids.get("c") + "/members/" + x.t("tA"), "{\"status\":\"rejected\"}")
        .status()).isEqualTo(200);
    assertThat(names(all(x.a, ""))).contains("c");
    assertThat(x.a.head(ids.get("c")).status()).isEqualTo(200);
  }
}
