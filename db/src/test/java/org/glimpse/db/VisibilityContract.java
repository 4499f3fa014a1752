package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.image;
import static org.glimpse.db.TestImages.member;

import java.util.List;
import java.util.stream.Stream;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.VisibilityFilter;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who lists what: project "owner" owns one image of each visibility plus "unshared" (shared, no
 * members); "shared" has members pend (pending), acc (accepted) and rej (rejected), and had "gone"
 * until it was removed. A deleted image shared with acc and a community image of "acc" complete it.
 */
interface VisibilityContract extends RepositoryFixture {

  String ANONYMOUS = null;
  String ADMIN = "admin";
  VisibilityFilter DEFAULT = VisibilityFilter.DEFAULT;

  /** viewer, visibility filter, member status filter, the images listed (newest first). */
  static Stream<Arguments> visibilityMatrix() {
    return Stream.of(
        row("owner", DEFAULT, MemberStatus.ACCEPTED, "comm", "unshared", "shared", "priv", "pub"),
        row("acc", DEFAULT, MemberStatus.ACCEPTED, "acc-comm", "shared", "pub"),
        row("pend", DEFAULT, MemberStatus.ACCEPTED, "pub"),
        row("rej", DEFAULT, MemberStatus.ACCEPTED, "pub"),
        row("stranger", DEFAULT, MemberStatus.ACCEPTED, "pub"),
        row("gone", DEFAULT, null, "pub"),
        row(ADMIN, DEFAULT, MemberStatus.ACCEPTED, "unshared", "shared", "priv", "pub"),
        row(ANONYMOUS, DEFAULT, MemberStatus.ACCEPTED, "pub"),
        row("pend", DEFAULT, null, "shared", "pub"),
        row("rej", DEFAULT, null, "shared", "pub"),
        row("acc", DEFAULT, null, "acc-comm", "shared", "pub"),
        row("pend", DEFAULT, MemberStatus.PENDING, "shared", "pub"),
        row("acc", DEFAULT, MemberStatus.PENDING, "acc-comm", "pub"),
        row("rej", DEFAULT, MemberStatus.REJECTED, "shared", "pub"),
        row("owner", VisibilityFilter.ALL, MemberStatus.ACCEPTED,
            "acc-comm", "comm", "unshared", "shared", "priv", "pub"),
        row("acc", VisibilityFilter.ALL, MemberStatus.ACCEPTED,
            "acc-comm", "comm", "shared", "pub"),
        row("pend", VisibilityFilter.ALL, MemberStatus.ACCEPTED, "acc-comm", "comm", "pub"),
        row("stranger", VisibilityFilter.ALL, null, "acc-comm", "comm", "pub"),
        row(ADMIN, VisibilityFilter.ALL, MemberStatus.ACCEPTED,
            "acc-comm", "comm", "unshared", "shared", "priv", "pub"),
        row(ANONYMOUS, VisibilityFilter.ALL, null, "acc-comm", "comm", "pub"),
        row("owner", VisibilityFilter.COMMUNITY, MemberStatus.ACCEPTED, "acc-comm", "comm"),
        row("stranger", VisibilityFilter.COMMUNITY, MemberStatus.ACCEPTED, "acc-comm", "comm"),
        row(ANONYMOUS, VisibilityFilter.COMMUNITY, MemberStatus.ACCEPTED, "acc-comm", "comm"),
        row(ADMIN, VisibilityFilter.COMMUNITY, MemberStatus.ACCEPTED, "acc-comm", "comm"),
        row("owner", VisibilityFilter.PRIVATE, MemberStatus.ACCEPTED, "priv"),
        row(ADMIN, VisibilityFilter.PRIVATE, MemberStatus.ACCEPTED, "priv"),
        row("acc", VisibilityFilter.PRIVATE, null),
        row("stranger", VisibilityFilter.PRIVATE, null),
        row("owner", VisibilityFilter.SHARED, MemberStatus.ACCEPTED, "unshared", "shared"),
        row("acc", VisibilityFilter.SHARED, MemberStatus.ACCEPTED, "shared"),
        row("pend", VisibilityFilter.SHARED, MemberStatus.ACCEPTED),
        row("pend", VisibilityFilter.SHARED, null, "shared"),
        row(ADMIN, VisibilityFilter.SHARED, MemberStatus.ACCEPTED, "unshared", "shared"),
        row(ANONYMOUS, VisibilityFilter.SHARED, null),
        row("stranger", VisibilityFilter.PUBLIC, MemberStatus.ACCEPTED, "pub"),
        row(ANONYMOUS, VisibilityFilter.PUBLIC, null, "pub"),
        row("owner", VisibilityFilter.PUBLIC, null, "pub"));
  }

  private static Arguments row(
      String viewer, VisibilityFilter filter, MemberStatus status, String... listed) {
    return Arguments.of(viewer, filter, status, List.of(listed));
  }

  @ParameterizedTest(name = "{0} asking for {1} with member status {2} lists {3}")
  @MethodSource("org.glimpse.db.VisibilityContract#visibilityMatrix")
  default void listsWhatTheViewerMaySee(
      String viewer, VisibilityFilter filter, MemberStatus status, List<String> expected) {
    createAll(
        image("pub", "owner", Visibility.PUBLIC, 1),
        image("priv", "owner", Visibility.PRIVATE, 2),
        image("shared", "owner", Visibility.SHARED, 3),
        image("unshared", "owner", Visibility.SHARED, 4),
        image("comm", "owner", Visibility.COMMUNITY, 5),
        image("acc-comm", "acc", Visibility.COMMUNITY, 6),
        image("deleted", "owner", Visibility.SHARED, 7));
    addMembers(member("shared", "pend", MemberStatus.PENDING, 10));
    addMembers(member("shared", "acc", MemberStatus.ACCEPTED, 11));
    addMembers(member("shared", "rej", MemberStatus.REJECTED, 12));
    addMembers(member("shared", "gone", MemberStatus.ACCEPTED, 13));
    members().remove(TestImages.id("shared"), "gone", TestImages.T0.plusSeconds(14));
    addMembers(member("deleted", "acc", MemberStatus.ACCEPTED, 14));
    images().delete(TestImages.id("deleted"), TestImages.T0.plusSeconds(20));

    ImageQuery query = TestImages.asViewer(viewer);
    query.viewerIsAdmin = ADMIN.equals(viewer);
    query.visibility = filter;
    query.memberStatus = status;
    assertThat(listNames(query)).containsExactlyElementsOf(expected);
  }
}
