package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.image;

import java.time.Instant;
import java.util.Set;
import java.util.TimeZone;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** Create, find and soft delete. */
interface ImageCrudContract extends RepositoryFixture {

  @Test
  default void createThenFindReturnsEveryFieldToTheMicrosecond() {
    Image image = TestImages.fullImage();
    images().create(image);

    Image found = images().find(image.getId()).orElseThrow();
    assertThat(found).usingRecursiveComparison().ignoringFields("updatedAt", "tags")
        .isEqualTo(image);
    assertThat(found.getUpdatedAt()).isEqualTo(T0.plusNanos(999_999_000));
    assertThat(found.getTags()).containsExactly("zebra", "alpha", "mid dle", "ünïcödé");
    assertThat(found.getDeletedAt()).isNull();
  }

  @Test
  default void instantsSurviveAJvmZoneWhereTheirUtcWallClockDoesNotExist() {
    TimeZone original = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
    try {
      Image image = image("dst");
      // 02:30 on 2024-03-31 is skipped by Berlin's clocks
      image.setCreatedAt(Instant.parse("2024-03-31T02:30:00.000001Z"));
      images().create(image);
      assertThat(images().find(image.getId()).orElseThrow().getCreatedAt())
          .isEqualTo(image.getCreatedAt());
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  default void nullableFieldsStayNull() {
    Image image = image("bare");
    image.setName(null);
    image.setOwner(null);
    images().create(image);

    Image found = images().find(image.getId()).orElseThrow();
    assertThat(found).usingRecursiveComparison().isEqualTo(image);
    assertThat(found.getSize()).isNull();
    assertThat(found.getTags()).isEmpty();
  }

  @Test
  default void createWithATakenIdConflictsEvenWhenTheImageIsDeleted() {
    images().create(image("one"));
    assertThatThrownBy(() -> images().create(image("one"))).isInstanceOf(ConflictException.class);

    images().delete(TestImages.id("one"), T0.plusSeconds(5));
    assertThatThrownBy(() -> images().create(image("one"))).isInstanceOf(ConflictException.class);
  }

  @Test
  default void findOfAnUnknownIdIsEmpty() {
    assertThat(images().find("no-such-image")).isEmpty();
    assertThat(images().findIncludingDeleted("no-such-image")).isEmpty();
  }

  @Test
  default void deleteIsSoftAndEndsEveryMembership() {
    Image image = image("shared", "p1", Visibility.SHARED, 0);
    image.setTags(Set.of("t"));
    images().create(image);
    addMembers(TestImages.member("shared", "p2", MemberStatus.ACCEPTED, 1));
    addMembers(TestImages.member("shared", "p3", MemberStatus.PENDING, 2));

    images().delete(image.getId(), T0.plusSeconds(30));

    assertThat(images().find(image.getId())).isEmpty();
    Image deleted = images().findIncludingDeleted(image.getId()).orElseThrow();
    assertThat(deleted.isDeleted()).isTrue();
    assertThat(deleted.getStatus()).isEqualTo(ImageStatus.DELETED);
    assertThat(deleted.getDeletedAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(deleted.getUpdatedAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(deleted.getTags()).containsExactly("t");
    assertThat(members().count(image.getId())).isZero();
    assertThat(members().listForImage(image.getId())).isEmpty();
    assertThat(members().listForMember("p2")).isEmpty();
    assertThat(members().find(image.getId(), "p2")).isEmpty();
    assertThatThrownBy(() -> images().delete(image.getId(), T0.plusSeconds(31)))
        .isInstanceOf(NotFoundException.class);
  }
}
