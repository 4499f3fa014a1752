package org.glimpse.ft.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.glimpse.ft.support.Client;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET /v2/images with every member_status and visibility filter, combined with a tag filter and
 * two sort orders, walked two images a page by following the {@code next} links: each listing
 * must hold exactly the images Glance's rules give, in order, none missing or repeated.
 *
 * <p>The viewer owns one image of each visibility; project "lender" owns public, community,
 * private and unshared images, and images shared with the viewer that it left pending, accepted
 * and rejected (several of each, so that pages cross them); one more was shared, accepted and
 * then deleted. Subclasses choose the database.
 */
abstract class SharedListingSuite extends SharingSuite {
  private static final String VIEWER = "projViewer";
  private final String tag = "listing-" + UUID.randomUUID();
  private final List<Pop> population = new ArrayList<>();

  /** One image of the population: how the viewer relates to it. */
  record Pop(String id, String name, String owner, String visibility, String viewerStatus) {}

  @Override
  void prepare() {
    Client viewer = server.as(VIEWER, "member,reader");
    Client lender = server.as("projLender", "member,reader");
    create(viewer, "own-private", "private", null);
    create(viewer, "own-shared", "shared", null);
    create(viewer, "own-community", "community", null);
    create(viewer, "own-public", "public", null);
    create(lender, "lent-public-1", "public", null);
    create(lender, "lent-public-2", "public", null);
    create(lender, "lent-community-1", "community", null);
    create(lender, "lent-community-2", "community", null);
    create(lender, "lent-private", "private", null);
    create(lender, "lent-unshared", "shared", null);
    for (int i = 1; i <= 3; i++) {
      create(lender, "lent-pending-" + i, "shared", "pending");
      create(lender, "lent-accepted-" + i, "shared", "accepted");
      create(lender, "lent-rejected-" + i, "shared", "rejected");
    }
    String gone = create(lender, "lent-deleted", "shared", "accepted");
    expect(lender.delete("/v2/images/" + gone), 204);
    population.removeIf(pop -> pop.id().equals(gone));
  }

  private String create(Client owner, String name, String visibility, String viewerStatus) {
    String initial = visibility.equals("public") ? "shared" : visibility;
    JsonNode image = expect(owner.postJson("/v2/images", "{\"name\":\"" + name
        + "\",\"visibility\":\"" + initial + "\",\"tags\":[\"" + tag + "\"]}"), 201).json();
    String id = image.get("id").asText();
    if (visibility.equals("public")) {
      expect(as(Actor.ADMIN).patch("/v2/images/" + id,
          "[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"public\"}]"), 200);
    }
    if (viewerStatus != null) {
      expect(owner.postJson(members(id), "{\"member\":\"" + VIEWER + "\"}"), 200);
      if (!viewerStatus.equals("pending")) {
        expect(server.as(VIEWER, "member,reader").putJson(members(id) + "/" + VIEWER,
            "{\"status\":\"" + viewerStatus + "\"}"), 200);
      }
    }
    population.add(new Pop(id, name, image.get("owner").asText(), visibility, viewerStatus));
    return id;
  }

  static Stream<Arguments> filters() {
    List<Arguments> all = new ArrayList<>();
    for (String viewer : new String[] {VIEWER, null}) {
      for (String memberStatus : new String[] {null, "pending", "accepted", "rejected", "all"}) {
        for (String visibility : new String[] {null, "public", "private", "shared", "community", "all"}) {
          all.add(Arguments.of(viewer == null ? "anonymous" : "viewer", memberStatus, visibility));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} lists member_status={1} visibility={2}")
  @MethodSource("org.glimpse.ft.sharing.SharedListingSuite#filters")
  void pagesHoldExactlyTheImagesTheRulesGive(String who, String memberStatus, String visibility) {
    Client client = who.equals("viewer") ? server.as(VIEWER, "member,reader") : as(Actor.ANONYMOUS);
    String filters = (memberStatus == null ? "" : "&member_status=" + memberStatus)
        + (visibility == null ? "" : "&visibility=" + visibility);
    List<Pop> expected = population.stream()
        .filter(pop -> listed(pop, who.equals("viewer"), memberStatus, visibility)).toList();

    // created_at is kept below the second (shown to the second): newest first is creation order reversed
    List<String> newestFirst = new ArrayList<>(expected.stream().map(Pop::name).toList());
    Collections.reverse(newestFirst);
    assertThat(walk(client, filters)).containsExactlyElementsOf(newestFirst);
    assertThat(walk(client, filters + "&sort_key=name&sort_dir=asc"))
        .containsExactlyElementsOf(expected.stream().map(Pop::name).sorted().toList());
  }

  /** Glance's listing rule, written out. */
  private static boolean listed(Pop pop, boolean isViewer, String memberStatus, String visibility) {
    boolean own = isViewer && VIEWER.equals(pop.owner());
    String wanted = memberStatus == null ? "accepted" : memberStatus;
    boolean reachable = own || pop.visibility().equals("public") || pop.visibility().equals("community")
        || (isViewer && pop.visibility().equals("shared") && pop.viewerStatus() != null
            && (wanted.equals("all") || wanted.equals(pop.viewerStatus())));
    boolean kept = visibility == null ? own || !pop.visibility().equals("community")
        : visibility.equals("all") || visibility.equals(pop.visibility());
    return reachable && kept;
  }

  /** Names of every image listed, following next links two at a time. */
  private List<String> walk(Client client, String filters) {
    List<String> names = new ArrayList<>();
    String next = "/v2/images?tag=" + tag + "&limit=2" + filters;
    for (int pages = 0; next != null; pages++) {
      assertThat(pages).as("pages of %s", filters).isLessThan(20);
      JsonNode page = expect(client.get(next), 200).json();
      int size = page.get("images").size();
      assertThat(size).isLessThanOrEqualTo(2);
      page.get("images").forEach(image -> names.add(image.get("name").asText()));
      // Glance: a next link whenever the page is full, none after a short page
      assertThat(page.has("next")).as("next link after %d images", size).isEqualTo(size == 2);
      next = page.has("next") ? page.get("next").asText() : null;
    }
    assertThat(names).as("listed twice").doesNotHaveDuplicates();
    return names;
  }
}
