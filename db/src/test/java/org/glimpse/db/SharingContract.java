package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.asViewer;
import static org.glimpse.db.TestImages.id;
import static org.glimpse.db.TestImages.image;
import static org.glimpse.db.TestImages.member;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SharedWithMe;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.port.SharingRepository.DomainAnswer;
import org.junit.jupiter.api.Test;

/**
 * Glimpse's sharing extensions in the database: expiry (of memberships and domain shares) in
 * every read and in the listing, shares with a domain and their projects' answers, trusted
 * producers, batches that write all or nothing, the inbox, and the expiry sweep's queries.
 * Expiries are set around the real clock, which the repositories read.
 */
interface SharingContract extends RepositoryFixture {
  String DOMAIN = "dom-a";

  private static Instant past() {
    return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
  }

  private static Instant future() {
    return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
  }

  private static Member expiring(String image, String project, MemberStatus status, int second, Instant at) {
    Member m = member(image, project, status, second);
    return new Member(m.imageId(), m.memberId(), m.status(), false, m.createdAt(), m.updatedAt(), at);
  }

  private static DomainShare share(String image, String domain, int second, Instant expiresAt) {
    Instant at = T0.plusSeconds(second);
    return new DomainShare(id(image), domain, at, at, expiresAt);
  }

  private void shareWithDomain(DomainShare... shares) {
    sharing().addAll(List.of(), List.of(shares), -1);
  }

  private static ImageQuery viewer(String project, String domain, MemberStatus status) {
    ImageQuery q = asViewer(project);
    q.viewerDomain = domain;
    q.memberStatus = status;
    return q;
  }

  @Test
  default void anExpiredMembershipIsGoneForEveryReadAndComesBackWhenAddedAgain() {
    createAll(image("s1", "owner", Visibility.SHARED, 1), image("s2", "owner", Visibility.SHARED, 2));
    addMembers(expiring("s1", "p1", MemberStatus.ACCEPTED, 1, past()),
        expiring("s2", "p1", MemberStatus.ACCEPTED, 2, future()));

    assertThat(members().find(id("s1"), "p1")).isEmpty();
    assertThat(members().listForImage(id("s1"))).isEmpty();
    assertThat(members().count(id("s1"))).isZero();
    assertThat(members().listForMember("p1")).extracting(Member::imageId).containsExactly(id("s2"));
    assertThat(members().remove(id("s1"), "p1", T0.plusSeconds(9))).isFalse();
    assertThat(listNames(viewer("p1", null, MemberStatus.ACCEPTED))).containsExactly("s2");
    assertThat(listNames(viewer("p1", null, null))).containsExactly("s2");

    // adding the project again replaces the expired membership, which counts for nothing
    assertThat(members().add(member("s1", "p1", MemberStatus.PENDING, 5), 1)).isTrue();
    assertThat(members().find(id("s1"), "p1")).map(Member::status).contains(MemberStatus.PENDING);
    assertThat(members().find(id("s1"), "p1")).map(Member::expiresAt).isEmpty();
  }

  @Test
  default void aDomainShareReachesEveryProjectOfTheDomainEachWithItsOwnAnswer() {
    createAll(image("d1", "owner", Visibility.SHARED, 1), image("d2", "owner", Visibility.SHARED, 2),
        image("priv", "owner", Visibility.PRIVATE, 3));
    shareWithDomain(share("d1", DOMAIN, 1, null), share("d2", DOMAIN, 2, null), share("priv", DOMAIN, 3, null));

    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.PENDING))).containsExactly("d2", "d1");
    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.ACCEPTED))).isEmpty();
    assertThat(listNames(viewer("p9", "dom-b", null))).isEmpty();
    assertThat(listNames(viewer("p1", null, null))).as("no domain, no domain shares").isEmpty();

    sharing().answerAll(List.of(), List.of(new DomainAnswer(id("d1"), DOMAIN, "p1", MemberStatus.ACCEPTED,
        T0.plusSeconds(20))));
    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.ACCEPTED))).containsExactly("d1");
    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.PENDING))).containsExactly("d2");
    assertThat(listNames(viewer("p2", DOMAIN, MemberStatus.PENDING))).containsExactly("d2", "d1");
    assertThat(sharing().findDomainMembership(id("d1"), "p1", DOMAIN))
        .contains(new Member(id("d1"), "p1", MemberStatus.ACCEPTED, false, T0.plusSeconds(1),
            T0.plusSeconds(20), null));
    assertThat(sharing().findDomainMembership(id("d1"), "p2", DOMAIN)).map(Member::status)
        .contains(MemberStatus.PENDING);
    assertThat(sharing().findDomainMembership(id("d1"), "p1", "dom-b")).isEmpty();
    // nothing per project was written at share time: one row per answer only
    assertThat(count("image_domain_answers")).isEqualTo(1);
  }

  @Test
  default void aTrustedProducersDomainSharesArriveAcceptedAndItsProjectSharesAreWhatTheyWereStored() {
    createAll(image("t1", "trusted", Visibility.SHARED, 1), image("u1", "other", Visibility.SHARED, 2));
    shareWithDomain(share("t1", DOMAIN, 1, null), share("u1", DOMAIN, 2, null));
    sharing().trust("p1", "trusted", T0);
    sharing().trust("p1", "trusted", T0.plusSeconds(5));

    assertThat(sharing().trusted("p1")).hasSize(1).first()
        .satisfies(t -> assertThat(t.createdAt()).isEqualTo(T0));
    assertThat(sharing().consumersTrusting("trusted", List.of("p1", "p2"))).containsExactly("p1");
    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.ACCEPTED))).containsExactly("t1");
    assertThat(listNames(viewer("p2", DOMAIN, MemberStatus.ACCEPTED))).isEmpty();
    assertThat(sharing().untrust("p1", "trusted")).isTrue();
    assertThat(sharing().untrust("p1", "trusted")).isFalse();
    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.ACCEPTED))).isEmpty();
  }

  @Test
  default void aProjectsOwnMembershipWinsOverItsDomainsShareAndNothingIsListedTwice() {
    createAll(image("both", "owner", Visibility.SHARED, 1));
    addMembers(member("both", "p1", MemberStatus.REJECTED, 1));
    shareWithDomain(share("both", DOMAIN, 1, null));

    assertThat(listNames(viewer("p1", DOMAIN, null))).containsExactly("both");
    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.PENDING))).isEmpty();
    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.REJECTED))).containsExactly("both");
    assertThat(listNames(viewer("p2", DOMAIN, MemberStatus.PENDING))).containsExactly("both");
  }

  @Test
  default void anExpiredDomainShareReachesNobodyAndCanBeMadeAgain() {
    createAll(image("e1", "owner", Visibility.SHARED, 1));
    shareWithDomain(share("e1", DOMAIN, 1, past()));
    assertThat(listNames(viewer("p1", DOMAIN, null))).isEmpty();
    assertThat(sharing().findDomainShare(id("e1"), DOMAIN)).isEmpty();
    assertThat(sharing().listDomainShares(id("e1"))).isEmpty();

    shareWithDomain(share("e1", DOMAIN, 5, future()));
    assertThat(listNames(viewer("p1", DOMAIN, MemberStatus.PENDING))).containsExactly("e1");
    assertThat(sharing().listDomainShares(id("e1"))).extracting(DomainShare::createdAt)
        .containsExactly(T0.plusSeconds(5));
  }

  @Test
  default void aBatchAddPastTheLimitOnOneImageWritesNothingAnywhere() {
    createAll(image("b1", "owner", Visibility.SHARED, 1), image("b2", "owner", Visibility.SHARED, 2));
    addMembers(member("b2", "p1", MemberStatus.PENDING, 1));
    List<Member> batch = new ArrayList<>();
    for (String project : List.of("p1", "p2", "p3")) {
      batch.add(member("b1", project, MemberStatus.PENDING, 3));
      batch.add(member("b2", project, MemberStatus.PENDING, 3));
    }
    assertThatThrownBy(() -> sharing().addAll(batch, List.of(share("b1", DOMAIN, 3, null)), 3))
        .isInstanceOf(TooLargeException.class).hasMessageContaining(id("b1"));
    assertThat(members().count(id("b1"))).isZero();
    assertThat(members().count(id("b2"))).isEqualTo(1);
    assertThat(sharing().listDomainShares(id("b1"))).isEmpty();

    var added = sharing().addAll(batch, List.of(), 3);
    assertThat(added.added()).hasSize(5);
    assertThat(added.existing()).extracting(Member::imageId, Member::memberId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(id("b2"), "p1"));
    assertThat(members().count(id("b1"))).isEqualTo(3);
    assertThat(members().count(id("b2"))).isEqualTo(3);
  }

  @Test
  default void aDomainShareCountsAgainstTheMemberLimitOfASingleAdd() {
    createAll(image("q1", "owner", Visibility.SHARED, 1));
    shareWithDomain(share("q1", DOMAIN, 1, null));
    assertThat(members().add(member("q1", "p1", MemberStatus.PENDING, 2), 1)).isFalse();
    assertThat(members().add(member("q1", "p1", MemberStatus.PENDING, 2), 2)).isTrue();
    assertThat(members().count(id("q1"))).isEqualTo(1);
  }

  @Test
  default void aBatchOnAMissingImageOrMembershipWritesNothing() {
    createAll(image("b1", "owner", Visibility.SHARED, 1));
    assertThatThrownBy(() -> sharing().addAll(List.of(member("b1", "p1", MemberStatus.PENDING, 1),
        member("missing", "p1", MemberStatus.PENDING, 1)), List.of(), -1))
        .isInstanceOf(NotFoundException.class);
    assertThat(members().count(id("b1"))).isZero();

    addMembers(member("b1", "p1", MemberStatus.PENDING, 1));
    Member accepted = member("b1", "p1", MemberStatus.ACCEPTED, 7);
    assertThatThrownBy(() -> sharing().answerAll(List.of(accepted, member("b1", "p2", MemberStatus.ACCEPTED, 7)),
        List.of())).isInstanceOf(NotFoundException.class);
    assertThat(members().find(id("b1"), "p1")).map(Member::status).contains(MemberStatus.PENDING);
    assertThatThrownBy(() -> sharing().answerAll(List.of(accepted),
        List.of(new DomainAnswer(id("b1"), DOMAIN, "p5", MemberStatus.ACCEPTED, T0))))
        .isInstanceOf(NotFoundException.class);
    assertThat(members().find(id("b1"), "p1")).map(Member::status).contains(MemberStatus.PENDING);

    assertThatThrownBy(() -> sharing().removeAll(List.of(member("b1", "p1", MemberStatus.PENDING, 1),
        member("b1", "p2", MemberStatus.PENDING, 1)), List.of(), T0.plusSeconds(9)))
        .isInstanceOf(NotFoundException.class);
    assertThat(members().count(id("b1"))).isEqualTo(1);
    sharing().removeAll(List.of(member("b1", "p1", MemberStatus.PENDING, 1)), List.of(), T0.plusSeconds(9));
    assertThat(members().count(id("b1"))).isZero();
  }

  @Test
  default void theInboxPagesThroughDirectAndDomainSharesOnceEachWithCounts() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      createAll(image("in" + i, "prod" + (i % 2), Visibility.SHARED, i));
      if (i % 3 == 0) {
        addMembers(member("in" + i, "p1", i == 0 ? MemberStatus.ACCEPTED : MemberStatus.PENDING, 10 + i));
      } else {
        shareWithDomain(share("in" + i, DOMAIN, 10 + i, null));
      }
      expected.add(id("in" + i));
    }
    shareWithDomain(share("in0", DOMAIN, 30, null)); // also held directly: listed once
    createAll(image("mine", "p1", Visibility.SHARED, 40), image("gone", "prod0", Visibility.SHARED, 41));
    shareWithDomain(share("mine", DOMAIN, 40, null), share("gone", DOMAIN, 41, null));
    images().delete(id("gone"), T0.plusSeconds(50));
    sharing().trust("p1", "prod1", T0);

    List<String> walked = new ArrayList<>();
    SharedWithMe after = null;
    for (int pages = 0; pages < 10; pages++) {
      List<SharedWithMe> page = sharing().inbox("p1", DOMAIN, null, after, 3);
      page.forEach(e -> walked.add(e.imageId()));
      if (page.size() < 3) {
        break;
      }
      after = page.get(page.size() - 1);
    }
    assertThat(walked).containsExactlyElementsOf(expected);
    // in1, in5 (prod1, trusted: accepted), in0 (accepted); in3, in6 pending direct; in2, in4 domain pending
    assertThat(sharing().inboxCounts("p1", DOMAIN)).isEqualTo(Map.of(MemberStatus.ACCEPTED, 3,
        MemberStatus.PENDING, 4, MemberStatus.REJECTED, 0));
    assertThat(sharing().inbox("p1", DOMAIN, MemberStatus.ACCEPTED, null, 10))
        .extracting(SharedWithMe::imageId).containsExactly(id("in0"), id("in1"), id("in5"));
    assertThat(sharing().inboxEntry("p1", DOMAIN, id("in2"))).map(SharedWithMe::via).contains("domain");
    assertThat(sharing().inboxEntry("p1", DOMAIN, id("in0"))).map(SharedWithMe::via).contains("project");
    assertThat(sharing().inboxEntry("p1", DOMAIN, id("mine"))).isEmpty();
    assertThat(sharing().inbox("p1", null, null, null, 10)).extracting(SharedWithMe::imageId)
        .containsExactly(id("in0"), id("in3"), id("in6"));
  }

  @Test
  default void theSweepFindsExpiredSharesAndRemovesOnlyWhatItRead() {
    createAll(image("x1", "owner", Visibility.SHARED, 1), image("x2", "owner", Visibility.SHARED, 2));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Instant expired = now.minusSeconds(5);
    addMembers(expiring("x1", "p1", MemberStatus.ACCEPTED, 1, expired),
        expiring("x2", "p1", MemberStatus.ACCEPTED, 2, now.plusSeconds(3600)));
    shareWithDomain(share("x1", DOMAIN, 1, expired));

    List<Member> found = sharing().expiredMembers(now, 10);
    assertThat(found).extracting(Member::imageId).containsExactly(id("x1"));
    Member moved = found.get(0).withExpiresAt(expired.minusSeconds(1), now);
    assertThat(sharing().removeExpired(moved, now)).as("a different expiry").isFalse();
    assertThat(sharing().removeExpired(found.get(0), now)).isTrue();
    assertThat(sharing().removeExpired(found.get(0), now)).isFalse();
    assertThat(sharing().expiredMembers(now, 10)).isEmpty();
    assertThat(members().findRemoved(id("x1"), "p1")).isPresent();

    List<DomainShare> shares = sharing().expiredDomainShares(now, 10);
    assertThat(shares).extracting(DomainShare::imageId).containsExactly(id("x1"));
    assertThat(sharing().removeExpired(shares.get(0))).isTrue();
    assertThat(sharing().expiredDomainShares(now, 10)).isEmpty();
  }

  @Test
  default void listingWalksWithDomainSharesMixedInMissNothingAndRepeatNothing() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String name = "w" + i;
      Image image = image(name, i % 4 == 0 ? "p1" : "prod", i % 4 == 1 ? Visibility.PUBLIC : Visibility.SHARED, i);
      createAll(image);
      switch (i % 4) {
        case 0, 1 -> expected.add(name); // own, public
        case 2 -> {
          shareWithDomain(share(name, DOMAIN, i, null));
          sharing().answerAll(List.of(), List.of(new DomainAnswer(id(name), DOMAIN, "p1",
              MemberStatus.ACCEPTED, T0.plusSeconds(30))));
          expected.add(name);
        }
        default -> {
          addMembers(member(name, "p1", MemberStatus.ACCEPTED, i));
          shareWithDomain(share(name, DOMAIN, i, null));
          expected.add(name);
        }
      }
    }
    List<String> newestFirst = new ArrayList<>(expected);
    java.util.Collections.reverse(newestFirst);
    List<String> walked = new ArrayList<>();
    ImageQuery q = viewer("p1", DOMAIN, MemberStatus.ACCEPTED);
    q.limit = 2;
    for (int pages = 0; pages < 20; pages++) {
      List<Image> page = images().list(q);
      page.forEach(i -> walked.add(i.getName()));
      if (page.size() < 2) {
        break;
      }
      q = viewer("p1", DOMAIN, MemberStatus.ACCEPTED);
      q.limit = 2;
      q.marker = page.get(1);
    }
    assertThat(walked).containsExactlyElementsOf(newestFirst);
  }

  /**
   * The domain path is ordered and bounded by the share's copy of the image's created_at and id:
   * with creation times that tie across paths and a sort on another key, pages still follow the
   * listing's order and miss nothing.
   */
  @Test
  default void listingWithDomainSharesKeepsTheOrderOnTiesAndOtherSorts() {
    List<Image> all = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String name = "t" + (8 - i);
      Image image = image(name, i % 3 == 0 ? "p1" : "prod", Visibility.SHARED, i / 3);
      createAll(image);
      if (i % 3 != 0) {
        shareWithDomain(share(name, DOMAIN, 40 + i, null));
      }
      all.add(image);
    }
    List<String> newestFirst = all.stream()
        .sorted(java.util.Comparator.comparing(Image::getCreatedAt).thenComparing(Image::getId)
            .reversed())
        .map(Image::getName).toList();
    List<String> byName = all.stream().map(Image::getName).sorted().toList();
    assertThat(walk(List.of())).containsExactlyElementsOf(newestFirst);
    assertThat(walk(List.of(new ImageQuery.Sort(org.glimpse.core.image.SortKey.NAME, true))))
        .containsExactlyElementsOf(byName);
  }

  private List<String> walk(List<ImageQuery.Sort> sort) {
    List<String> walked = new ArrayList<>();
    Image marker = null;
    for (int pages = 0; pages < 20; pages++) {
      ImageQuery q = viewer("p1", DOMAIN, null);
      q.sort.addAll(sort);
      q.limit = 2;
      q.marker = marker;
      List<Image> page = images().list(q);
      page.forEach(i -> walked.add(i.getName()));
      if (page.size() < 2) {
        break;
      }
      marker = page.get(1);
    }
    return walked;
  }

  private int count(String table) {
    try (var c = dataSource().getConnection(); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
