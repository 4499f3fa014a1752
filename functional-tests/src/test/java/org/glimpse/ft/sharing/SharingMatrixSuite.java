package org.glimpse.ft.sharing;

import static java.net.http.HttpRequest.BodyPublishers.noBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.glimpse.ft.sharing.SharingMatrix.Cell;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every cell of a {@link SharingMatrix} against the real server: performs the operation as
 * the cell's caller and compares what happened with the cell. Where the call succeeds, its body
 * and effect are checked too. Subclasses choose the database, and may choose another matrix and
 * the server configuration it holds for.
 *
 * <p>What each cell got is written, as a table of the matrix's form, to {@code
 * target/sharing-matrix/<class>.txt}; run against the reference Glance ({@link #reference}), that
 * is how a matrix's table is obtained.
 */
abstract class SharingMatrixSuite extends SharingSuite {
  /** The read-only matrix images, one per visibility, all tagged {@link #tag}. */
  private final Map<String, String> fixtures = new HashMap<>();
  private final String tag = "matrix-" + UUID.randomUUID();
  /** What each cell got. */
  private final Map<Cell, String> observed = new ConcurrentHashMap<>();

  /** The expectations; Glance's default policy unless a subclass says otherwise. */
  SharingMatrix matrix() {
    return SharingMatrix.LEGACY;
  }

  List<Cell> cells() {
    return matrix().cells();
  }

  @Override
  void prepare() {
    for (String visibility : SharingMatrix.VISIBILITIES) {
      fixtures.put(visibility, sharedImage(visibility, tag));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void cell(Cell cell) {
    String image = SharingMatrix.MUTATING.contains(cell.operation())
        ? sharedImage(cell.visibility()) : fixtures.get(cell.visibility());
    String got;
    try {
      got = perform(cell, image);
    } catch (AssertionError e) {
      observed.putIfAbsent(cell, "error");
      throw e;
    }
    observed.put(cell, got);
    assertThat(got).as("%s", cell).isEqualTo(cell.expected());
  }

  @AfterAll
  void recordObserved() throws IOException {
    if (observed.isEmpty()) {
      return;
    }
    Path file = Path.of("target", "sharing-matrix", getClass().getSimpleName() + ".txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "# " + (reference() != null ? reference() : "Glimpse") + "\n"
        + matrix().format(cell -> observed.getOrDefault(cell, "?")));
  }

  /** Does the cell's operation as its actor and says what happened, in the matrix's terms. */
  private String perform(Cell cell, String image) {
    String operation = cell.operation();
    Actor actor = cell.actor();
    Client client = as(actor);
    String path = "/v2/images/" + image;
    if (operation.startsWith("list")) {
      return listed(cell, image);
    }
    return switch (operation) {
      case "show" -> status(client.get(path), r ->
          assertThat(r.json().get("id").asText()).isEqualTo(image));
      case "download" -> status(client.get(path + "/file"), r ->
          assertThat(r.bytes()).isEqualTo(DATA));
      case "update" -> status(client.patch(path,
          "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"}]"), r ->
          assertThat(r.json().get("name").asText()).isEqualTo("renamed"));
      case "delete" -> status(client.delete(path), r ->
          expect(as(Actor.OWNER).get(path), 404));
      case "tag" -> status(client.send("PUT", path + "/tags/added", noBody()), r ->
          assertThat(ownersView(image).get("tags").toString()).contains("\"added\""));
      case "deactivate" -> status(client.send("POST", path + "/actions/deactivate", noBody()), r ->
          assertThat(ownersView(image).get("status").asText()).isEqualTo("deactivated"));
      case "members" -> memberList(client.get(members(image)), actor);
      case "member-own" -> shownMember(client.get(members(image) + "/" + actor.memberId()),
          image, actor.memberId());
      case "member-other" -> shownMember(
          client.get(members(image) + "/" + actor.otherMemberId()), image, actor.otherMemberId());
      case "member-add" -> status(client.postJson(members(image), "{\"member\":\"projNewcomer\"}"),
          r -> assertThat(memberIds(as(Actor.OWNER).get(members(image))))
              .endsWith("projNewcomer"));
      case "status-own" -> accept(client, image, actor.memberId());
      case "status-other" -> accept(client, image, actor.otherMemberId());
      case "remove-own" -> removed(client, image, actor.memberId());
      case "remove-other" -> removed(client, image, actor.otherMemberId());
      default -> throw new IllegalArgumentException("unknown matrix operation " + operation);
    };
  }

  /**
   * "+" when the image is listed, "-" when not; and the whole list must be the matrix images
   * whose cells in this row say "+".
   */
  private String listed(Cell cell, String image) {
    String operation = cell.operation();
    Actor actor = cell.actor();
    String query = operation.contains("?") ? "&" + operation.substring(operation.indexOf('?') + 1) : "";
    Response r = as(actor).get("/v2/images?tag=" + tag + query);
    if (r.status() != 200) {
      return String.valueOf(r.status());
    }
    List<String> ids = new ArrayList<>();
    r.json().get("images").forEach(i -> ids.add(i.get("id").asText()));
    String got = ids.contains(image) ? "+" : "-";
    observed.put(cell, got);
    List<String> expected = SharingMatrix.VISIBILITIES.stream()
        .filter(v -> matrix().expected(operation, v, actor).equals("+"))
        .map(fixtures::get).toList();
    assertThat(ids).as("%s as %s lists", operation, actor).containsExactlyInAnyOrderElementsOf(expected);
    return got;
  }

  /** "all" or "own" for the member lists the matrix expects; the status otherwise. */
  private static String memberList(Response r, Actor actor) {
    if (r.status() != 200) {
      return String.valueOf(r.status());
    }
    List<String> entries = new ArrayList<>();
    r.json().get("members").forEach(m ->
        entries.add(m.get("member_id").asText() + ":" + m.get("status").asText()));
    if (entries.equals(List.of("projPending:pending", "projAccepted:accepted", "projRejected:rejected"))) {
      return "all";
    }
    if (entries.equals(List.of(actor.project + ":" + actor.memberStatus()))) {
      return "own";
    }
    return "200 " + entries;
  }

  private static String shownMember(Response r, String image, String memberId) {
    return status(r, ok -> {
      assertThat(ok.json().get("member_id").asText()).isEqualTo(memberId);
      assertThat(ok.json().get("image_id").asText()).isEqualTo(image);
    });
  }

  private String accept(Client client, String image, String memberId) {
    return status(client.putJson(members(image) + "/" + memberId, "{\"status\":\"accepted\"}"), r -> {
      assertThat(r.json().get("status").asText()).isEqualTo("accepted");
      assertThat(as(Actor.OWNER).get(members(image) + "/" + memberId).json().get("status").asText())
          .isEqualTo("accepted");
    });
  }

  private String removed(Client client, String image, String memberId) {
    return status(client.delete(members(image) + "/" + memberId), r ->
        expect(as(Actor.OWNER).get(members(image) + "/" + memberId), 404));
  }

  private JsonNode ownersView(String image) {
    return expect(as(Actor.OWNER).get("/v2/images/" + image), 200).json();
  }

  private static List<String> memberIds(Response r) {
    List<String> ids = new ArrayList<>();
    r.json().get("members").forEach(m -> ids.add(m.get("member_id").asText()));
    return ids;
  }

  /** The status, after checking a successful answer with {@code onSuccess}. */
  private static String status(Response r, java.util.function.Consumer<Response> onSuccess) {
    if (r.status() / 100 == 2) {
      onSuccess.accept(r);
    }
    return String.valueOf(r.status());
  }
}
