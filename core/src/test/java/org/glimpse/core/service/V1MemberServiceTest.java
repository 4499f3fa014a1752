package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.admin;
import static org.glimpse.core.service.ServiceFakes.project;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.error.UnauthorizedException;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class V1MemberServiceTest {
  final ServiceFakes f = ServiceFakes.v1(3, 1 << 20);
  String img;

  @BeforeEach
  void setUp() {
    img = f.img("a");
  }

  Map<String, Boolean> members() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    f.v1Members.list(project("a"), img).forEach(m -> out.put(m.memberId(), m.canShare()));
    return out;
  }

  @Test
  void newMembersArePendingV2MembersWithTheirFlag() {
    f.v1Members.put(project("a"), img, "b", true);
    Member b = f.members.find(img, "b").orElseThrow();
    assertThat(b.status()).isEqualTo(MemberStatus.PENDING);
    assertThat(b.canShare()).isTrue();
  }

  @Test
  void canShareSurvivesV2StatusAndStatusSurvivesCanShare() {
    f.v1Members.put(project("a"), img, "b", null);
    Member b = f.members.find(img, "b").orElseThrow();
    f.members.update(b.withStatus(MemberStatus.ACCEPTED, b.updatedAt()));
    f.v1Members.put(project("a"), img, "b", true);
    Member after = f.members.find(img, "b").orElseThrow();
    assertThat(after.status()).isEqualTo(MemberStatus.ACCEPTED);
    assertThat(after.canShare()).isTrue();
  }

  @Test
  void nonSharersAndStrangersGetNotFound() {
    f.v1Members.put(project("a"), img, "b", false);
    assertThatThrownBy(() -> f.v1Members.put(project("b"), img, "c", null))
        .isInstanceOf(NotFoundException.class).hasMessage("No permission to share that image");
    assertThatThrownBy(() -> f.v1Members.remove(project("b"), img, "b")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> f.v1Members.put(project("c"), img, "d", null)).isInstanceOf(NotFoundException.class);
    assertThat(members()).containsOnlyKeys("b");
  }

  @Test
  void sharersAddButDoNotTouchOthers() {
    f.v1Members.put(project("a"), img, "b", true);
    f.v1Members.put(project("a"), img, "c", false);
    f.v1Members.put(project("b"), img, "c", true);
    f.v1Members.put(project("b"), img, "d", null);
    assertThat(members()).containsExactly(Map.entry("b", true), Map.entry("c", false), Map.entry("d", false));
    assertThatThrownBy(() -> f.v1Members.remove(project("b"), img, "c")).hasMessage("Membership could not be found.");
    assertThat(f.v1Members.list(project("b"), img)).extracting(Member::memberId).containsExactly("b");
  }

  @Test
  void sharerReplacingKeepsOthersAndDropsItselfWhenUnlisted() {
    f.v1Members.put(project("a"), img, "b", true);
    f.v1Members.put(project("a"), img, "c", null);
    f.v1Members.replace(project("b"), img, List.of(new V1Membership("g", null)));
    assertThat(members()).containsOnlyKeys("c", "g");
  }

  @Test
  void ownerReplacingSetsExactlyTheListAndKeepsUnstatedFlags() {
    f.v1Members.put(project("a"), img, "b", true);
    f.v1Members.put(project("a"), img, "c", null);
    f.v1Members.replace(project("a"), img, List.of(new V1Membership("b", null), new V1Membership("d", null),
        new V1Membership("d", true)));
    assertThat(members()).containsOnly(Map.entry("b", true), Map.entry("d", true));
  }

  @Test
  void aRemovedMemberListedAgainByTheOwnerGetsBackItsFlag() {
    f.v1Members.replace(project("a"), img, List.of(new V1Membership("b", true), new V1Membership("c", null)));
    f.v1Members.replace(project("a"), img, List.of(new V1Membership("c", null)));
    f.v1Members.remove(project("a"), img, "c");
    f.v1Members.replace(project("a"), img, List.of(new V1Membership("b", null), new V1Membership("c", true)));
    assertThat(members()).containsOnly(Map.entry("b", true), Map.entry("c", true));
    // a flag the entry states wins, and adding one member alone starts from false (spec §9.4)
    f.v1Members.replace(project("a"), img, List.of());
    f.v1Members.replace(project("a"), img, List.of(new V1Membership("b", false)));
    f.v1Members.put(project("a"), img, "c", null);
    assertThat(members()).containsOnly(Map.entry("b", false), Map.entry("c", false));
  }

  @Test
  void aSharerListingARemovedMemberDoesNotRestoreItsFlag() {
    f.v1Members.put(project("a"), img, "b", true);
    f.v1Members.put(project("a"), img, "c", true);
    f.v1Members.remove(project("a"), img, "c");
    f.v1Members.replace(project("b"), img, List.of(new V1Membership("b", null), new V1Membership("c", null)));
    assertThat(members()).containsOnly(Map.entry("b", true), Map.entry("c", false));
  }

  @Test
  void quotaCountsOnlyNewMembers() {
    f.v1Members.replace(project("a"), img, List.of(new V1Membership("x", null), new V1Membership("y", null),
        new V1Membership("z", null)));
    assertThatThrownBy(() -> f.v1Members.put(project("a"), img, "w", null))
        .isInstanceOf(TooLargeException.class).hasMessageContaining("Attempted: 4, Maximum: 3");
    f.v1Members.put(project("a"), img, "x", true);
    assertThatThrownBy(() -> f.v1Members.replace(project("a"), img, List.of(new V1Membership("1", null),
        new V1Membership("2", null), new V1Membership("3", null), new V1Membership("4", null))))
        .isInstanceOf(TooLargeException.class);
    assertThat(members()).containsOnlyKeys("x", "y", "z");
  }

  @Test
  void tenantlessNonAdminsMayNotWrite() {
    RequestContext nop = new RequestContext(null, "u", Set.of("member"), true, "r");
    assertThatThrownBy(() -> f.v1Members.put(nop, img, "b", null)).isInstanceOf(UnauthorizedException.class);
    RequestContext tenantlessAdmin = new RequestContext(null, "u", Set.of("admin"), true, "r");
    f.v1Members.put(tenantlessAdmin, img, "b", null);
    assertThat(members()).containsOnlyKeys("b");
  }

  @Test
  void sharedWithIsScopedToTheCaller() {
    f.v1Members.put(project("a"), img, "b", null);
    String other = f.img("d");
    f.v1Members.put(project("d"), other, "b", true);
    assertThat(f.v1Members.sharedWith(project("b"), "b")).extracting(Member::imageId).containsExactly(img, other);
    assertThat(f.v1Members.sharedWith(project("a"), "b")).extracting(Member::imageId).containsExactly(img);
    assertThat(f.v1Members.sharedWith(project("c"), "b")).isEmpty();
    assertThat(f.v1Members.sharedWith(admin(), "b")).hasSize(2);
    f.v1Images.delete(project("a"), img);
    f.members.remove(img, "b", java.time.Instant.now());
    assertThat(f.v1Members.sharedWith(project("b"), "b")).extracting(Member::imageId).containsExactly(other);
  }

  @Test
  void deletedImagesHaveNoMembersEvenForAdmins() {
    f.v1Images.delete(project("a"), img);
    assertThatThrownBy(() -> f.v1Members.list(admin(), img)).hasMessageContaining("has been deleted");
  }
}
