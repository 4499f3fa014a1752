package org.glimpse.ft.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.DatabaseSuite;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Answers where Glimpse used to differ from Glance and the database is involved: v2 listings
 * filter on the image columns Glance filters on (size, virtual_size, min_ram, min_disk,
 * os_hash_algo) rather than on custom properties of those names, and a v1 membership that was
 * removed and is listed again gets back the can_share it had. Subclasses choose the database.
 */
abstract class GlanceAnswersSuite extends DatabaseSuite {
  private final String tag = "sizes-" + UUID.randomUUID();
  private Client a;

  @Override
  protected void prepare() {
    a = server.as("projSizes", "member,reader");
    a.createActiveImage("{\"name\":\"five\",\"disk_format\":\"raw\",\"container_format\":\"bare\",\"min_ram\":7,"
        + "\"tags\":[\"" + tag + "\"]}", "12345");
    a.createActiveImage("{\"name\":\"three\",\"disk_format\":\"raw\",\"container_format\":\"bare\",\"min_disk\":2,"
        + "\"tags\":[\"" + tag + "\"]}", "123");
    a.createImage("{\"name\":\"empty\",\"tags\":[\"" + tag + "\"]}");
  }

  private List<String> names(String filters) {
    Response r = a.get("/v2/images?sort_key=name&sort_dir=asc&tag=" + tag + "&" + filters);
    r.assertStatus(200);
    List<String> names = new ArrayList<>();
    r.json().get("images").forEach(i -> names.add(i.get("name").asText()));
    return names;
  }

  /** Glance 25 (on its own database) gives the same lists for these. */
  @ParameterizedTest(name = "?{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "size=5                  | five",
      "size=3                  | three",
      "size=5.0                | five",
      "size=+5                 | five",
      "size=5e0                | five",
      "size=%205%20            | five",
      "size=5.5                | ''",
      "size=abc                | ''",
      "size=                   | ''",
      "size=-1                 | ''",
      "size=99999999999999999999 | ''",
      "size=1e999999999        | ''",
      "size=5&size=3           | three",
      "size_min=4              | five",
      "size_max=4              | three",
      "size_min=3&size_max=5   | five,three",
      "size=5&size_max=4       | ''",
      "virtual_size=3          | three",
      "min_ram=7               | five",
      "min_ram=7.0             | five",
      "min_ram=3000000000      | ''",
      "min_disk=2              | three",
      "min_disk=0              | empty,five",
      "os_hash_algo=sha512     | five,three",
      "os_hash_algo=md5        | ''"})
  void imageColumnsAreFilteredOnAsGlanceDoes(String filters, String expected) {
    List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
    assertThat(names(filters)).containsExactlyElementsOf(want);
  }

  @Test
  void aV1MemberListedAgainGetsBackTheCanShareItHadWhenRemoved() {
    String img = a.createActiveImage("{\"name\":\"v1-shared\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}",
        "abc");
    String m = "/v1/images/" + img + "/members";
    replace(m, "{\"memberships\":[{\"member_id\":\"tB\",\"can_share\":true},{\"member_id\":\"tC\"}]}");
    replace(m, "{\"memberships\":[{\"member_id\":\"tC\"}]}");
    assertThat(members(m)).containsExactly(Map.entry("tC", false));
    // tB was a sharer when it was removed: listed again without can_share, it is one again
    replace(m, "{\"memberships\":[{\"member_id\":\"tB\"},{\"member_id\":\"tC\"}]}");
    assertThat(members(m)).containsOnly(Map.entry("tB", true), Map.entry("tC", false));
    assertThat(server.as("tB", "member").put(m + "/tX").status()).isEqualTo(204);

    // removed on its own (DELETE) rather than by a replacement: the flag comes back all the same
    a.delete(m + "/tB").assertStatus(204);
    replace(m, "{\"memberships\":[{\"member_id\":\"tB\"},{\"member_id\":\"tC\"}]}");
    assertThat(members(m)).containsOnly(Map.entry("tB", true), Map.entry("tC", false));

    // a flag the entry states wins; a member added on its own starts without one (spec §9.4)
    replace(m, "{\"memberships\":[{\"member_id\":\"tB\",\"can_share\":false}]}");
    replace(m, "{\"memberships\":[]}");
    replace(m, "{\"memberships\":[{\"member_id\":\"tB\"}]}");
    assertThat(members(m)).containsOnly(Map.entry("tB", false));
    replace(m, "{\"memberships\":[{\"member_id\":\"tC\",\"can_share\":true}]}");
    replace(m, "{\"memberships\":[]}");
    a.put(m + "/tC").assertStatus(204);
    assertThat(members(m)).containsOnly(Map.entry("tC", false));
  }

  @Test
  void aV2MemberAddedAgainStartsAfresh() {
    String img = a.createImage("{\"name\":\"v2-shared\",\"visibility\":\"shared\"}");
    String m = "/v2/images/" + img + "/members";
    a.postJson(m, "{\"member\":\"projAgain\"}").assertStatus(200);
    server.as("projAgain", "member").putJson(m + "/projAgain", "{\"status\":\"accepted\"}").assertStatus(200);
    a.delete(m + "/projAgain").assertStatus(204);
    a.get(m + "/projAgain").assertStatus(404);
    assertThat(a.postJson(m, "{\"member\":\"projAgain\"}").assertStatus(200).json().get("status").asText())
        .isEqualTo("pending");
    assertThat(a.get(m).json().get("members")).hasSize(1);
  }

  private void replace(String membersPath, String body) {
    a.putJson(membersPath, body).assertStatus(204);
  }

  private Map<String, Boolean> members(String membersPath) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    a.get(membersPath).assertStatus(200).json().get("members")
        .forEach(e -> out.put(e.get("member_id").asText(), e.get("can_share").asBoolean()));
    return out;
  }
}
