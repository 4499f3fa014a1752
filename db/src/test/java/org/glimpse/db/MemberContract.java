package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.id;
import static org.glimpse.db.TestImages.image;
import static org.glimpse.db.TestImages.member;

import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/**
 * Memberships: add (within a limit), duplicate, update, remove, re-add, count and the member's own
 * list.
 */
interface MemberContract extends RepositoryFixture {
  int NO_LIMIT = -1;

  private void createSharedImages() {
    createAll(
        image("one", "owner", Visibility.SHARED, 1),
        image("two", "owner", Visibility.SHARED, 2),
        image("three", "owner", Visibility.SHARED, 3));
  }

  @Test
  default void addedMembershipsAreFoundListedOldestFirstAndCounted() {
    createSharedImages();
    Member late = member("one", "p2", MemberStatus.PENDING, 20);
    Member early = new Member(id("one"), "p1", MemberStatus.ACCEPTED, true,
        T0.plusNanos(1_234_567_891), T0.plusSeconds(30));
    assertThat(members().add(late, NO_LIMIT)).isTrue();
    assertThat(members().add(early, NO_LIMIT)).isTrue();

    assertThat(members().find(id("one"), "p1")).contains(new Member(id("one"), "p1",
        MemberStatus.ACCEPTED, true, T0.plusNanos(1_234_567_000), T0.plusSeconds(30)));
    assertThat(members().find(id("one"), "p3")).isEmpty();
    assertThat(members().find(id("two"), "p1")).isEmpty();
    assertThat(members().listForImage(id("one"))).extracting(Member::memberId)
        .containsExactly("p1", "p2");
    assertThat(members().listForImage(id("two"))).isEmpty();
    assertThat(members().count(id("one"))).isEqualTo(2);
    assertThat(members().count(id("two"))).isZero();
  }

  @Test
  default void aSecondMembershipOfTheSameProjectConflicts() {
    createSharedImages();
    assertThat(members().add(member("one", "p1", MemberStatus.PENDING, 1), NO_LIMIT)).isTrue();
    assertThatThrownBy(() -> members().add(member("one", "p1", MemberStatus.ACCEPTED, 2), NO_LIMIT))
        .isInstanceOf(ConflictException.class);
    assertThat(members().count(id("one"))).isEqualTo(1);
  }

  @Test
  default void membershipOfAnUnknownOrDeletedImageIsNotFound() {
    assertThatThrownBy(() -> members().add(member("missing", "p1", MemberStatus.PENDING, 1), 5))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No image found with ID " + id("missing"));

    createSharedImages();
    images().delete(id("one"), T0.plusSeconds(10));
    assertThatThrownBy(() -> members().add(member("one", "p1", MemberStatus.PENDING, 11), 5))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  default void addStopsAtTheLimitAndWritesNothingThen() {
    createSharedImages();
    assertThat(members().add(member("one", "p1", MemberStatus.PENDING, 1), 2)).isTrue();
    assertThat(members().add(member("one", "p2", MemberStatus.PENDING, 2), 2)).isTrue();
    assertThat(members().add(member("one", "p3", MemberStatus.PENDING, 3), 2)).isFalse();
    assertThat(members().find(id("one"), "p3")).isEmpty();
    assertThat(members().count(id("one"))).isEqualTo(2);

    // the limit counts per image, and a removed membership frees its place
    assertThat(members().add(member("two", "p3", MemberStatus.PENDING, 4), 1)).isTrue();
    assertThat(members().remove(id("one"), "p1", T0.plusSeconds(8))).isTrue();
    assertThat(members().add(member("one", "p3", MemberStatus.PENDING, 5), 2)).isTrue();
    assertThat(members().listForImage(id("one"))).extracting(Member::memberId)
        .containsExactly("p2", "p3");
  }

  @Test
  default void aLimitOfZeroRefusesEveryAddAndANegativeOneNone() {
    createSharedImages();
    assertThat(members().add(member("one", "p1", MemberStatus.PENDING, 1), 0)).isFalse();
    assertThat(members().count(id("one"))).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(members().add(member("one", "p" + i, MemberStatus.PENDING, i), NO_LIMIT))
          .isTrue();
    }
    assertThat(members().count(id("one"))).isEqualTo(5);
  }

  @Test
  default void updateWritesStatusCanShareAndUpdatedAt() {
    createSharedImages();
    Member added = member("one", "p1", MemberStatus.PENDING, 1);
    assertThat(members().add(added, NO_LIMIT)).isTrue();

    Member accepted = added.withStatus(MemberStatus.ACCEPTED, T0.plusSeconds(5))
        .withCanShare(true, T0.plusSeconds(6));
    members().update(accepted);
    assertThat(members().find(id("one"), "p1")).contains(accepted);

    members().update(accepted);
    assertThat(members().find(id("one"), "p1")).contains(accepted);
  }

  @Test
  default void updateOfAMissingMembershipIsNotFound() {
    createSharedImages();
    assertThatThrownBy(() -> members().update(member("one", "p1", MemberStatus.ACCEPTED, 1)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  default void removedMembershipsAreGoneAndMayBeAddedAgain() {
    createSharedImages();
    Member sharer = member("one", "p1", MemberStatus.ACCEPTED, 1).withCanShare(true, T0.plusSeconds(3));
    assertThat(members().add(sharer, NO_LIMIT)).isTrue();
    assertThat(members().add(member("one", "p2", MemberStatus.ACCEPTED, 2), NO_LIMIT)).isTrue();
    assertThat(members().findRemoved(id("one"), "p1")).isEmpty();

    assertThat(members().remove(id("one"), "p1", T0.plusSeconds(8))).isTrue();
    assertThat(members().remove(id("one"), "p1", T0.plusSeconds(8))).isFalse();
    assertThat(members().remove(id("two"), "p1", T0.plusSeconds(8))).isFalse();
    assertThat(members().find(id("one"), "p1")).isEmpty();
    assertThat(members().count(id("one"))).isEqualTo(1);
    assertThat(members().listForMember("p1")).isEmpty();
    // what it was is kept (updated when it was removed), for v1 to restore its can_share
    assertThat(members().findRemoved(id("one"), "p1")).contains(sharer.withCanShare(true, T0.plusSeconds(8)));
    assertThat(members().findRemoved(id("two"), "p1")).isEmpty();

    Member again = member("one", "p1", MemberStatus.PENDING, 9);
    assertThat(members().add(again, NO_LIMIT)).isTrue();
    assertThat(members().find(id("one"), "p1")).contains(again);
    assertThat(members().findRemoved(id("one"), "p1")).isEmpty();
    assertThat(members().count(id("one"))).isEqualTo(2);
    assertThat(members().listForImage(id("one"))).extracting(Member::memberId)
        .containsExactly("p2", "p1");
  }

  @Test
  default void listForMemberSkipsDeletedImages() {
    createSharedImages();
    assertThat(members().add(member("three", "p1", MemberStatus.PENDING, 1), NO_LIMIT)).isTrue();
    assertThat(members().add(member("one", "p1", MemberStatus.ACCEPTED, 2), NO_LIMIT)).isTrue();
    assertThat(members().add(member("two", "p1", MemberStatus.REJECTED, 3), NO_LIMIT)).isTrue();
    assertThat(members().add(member("one", "p2", MemberStatus.ACCEPTED, 4), NO_LIMIT)).isTrue();
    images().delete(id("two"), T0.plusSeconds(10));

    assertThat(members().listForMember("p1")).extracting(Member::imageId)
        .containsExactly(id("three"), id("one"));
    assertThat(members().listForMember("p2")).extracting(Member::imageId)
        .containsExactly(id("one"));
    assertThat(members().listForMember("nobody")).isEmpty();
  }
}
