package org.glimpse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** Targets are built as Glance builds them, so Glance's secure-RBAC rule strings work unchanged. */
class ImagePolicyTargetTest {
  private static final RequestContext OWNER_READER = ctx("owner", "reader");
  private static final RequestContext CONSUMER = ctx("consumer", "member,reader");
  private static final RequestContext STRANGER_READER = ctx("stranger", "reader");

  /** Glance's new (secure RBAC) check strings for the rules these tests touch. */
  private static final Policy SECURE_RBAC = Policy.withOverrides(Map.of(
      "get_images", "role:admin or (role:reader and project_id:%(project_id)s)",
      "get_members", "role:admin or role:reader and (project_id:%(project_id)s or project_id:%(member_id)s)",
      "modify_member", "role:admin or (role:member and project_id:%(member_id)s)",
      "modify_image", "role:admin or (role:member and project_id:%(project_id)s)"));

  private final ImagePolicy policy = new ImagePolicy(SECURE_RBAC);

  private static RequestContext ctx(String project, String roles) {
    return new RequestContext(project, "u-" + project, Set.of(roles.split(",")), true, "req");
  }

  private static Image image(Visibility visibility) {
    Image image = new Image();
    image.setId("img");
    image.setOwner("owner");
    image.setVisibility(visibility);
    image.getProperties().put("os_distro", "debian");
    return image;
  }

  @Test
  void membershipIsAskedOnlyWhenVisibilityDependsOnIt() {
    java.util.function.BooleanSupplier mustNotAsk = () -> {
      throw new AssertionError("membership looked up needlessly");
    };
    RequestContext admin = ctx("other", "admin");
    assertThat(policy.canSee(OWNER_READER, image(Visibility.SHARED), mustNotAsk)).isTrue();
    assertThat(policy.canSee(admin, image(Visibility.PRIVATE), mustNotAsk)).isTrue();
    assertThat(policy.canSee(STRANGER_READER, image(Visibility.PUBLIC), mustNotAsk)).isTrue();
    assertThat(policy.canSee(STRANGER_READER, image(Visibility.PRIVATE), mustNotAsk)).isFalse();

    int[] asked = {0};
    assertThat(policy.canSee(CONSUMER, image(Visibility.SHARED), () -> ++asked[0] > 0)).isTrue();
    assertThat(policy.canSee(STRANGER_READER, image(Visibility.SHARED), () -> ++asked[0] < 0)).isFalse();
    assertThat(asked[0]).isEqualTo(2);
  }

  @Test
  void listingTargetsTheCallersOwnProject() {
    assertThatCode(() -> policy.getImages(STRANGER_READER)).doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.getImages(ctx("p", "nobody"))).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void aConsumerOfASharedImageIsItsMemberId() {
    Image shared = image(Visibility.SHARED);
    assertThat(ImagePolicy.target(CONSUMER, shared)).containsEntry("member_id", "consumer")
        .containsEntry("project_id", "owner").containsEntry("owner", "owner");
    assertThatCode(() -> policy.getMembers(CONSUMER, shared)).doesNotThrowAnyException();
    assertThatCode(() -> policy.modifyMember(CONSUMER, shared)).doesNotThrowAnyException();
  }

  @Test
  void theOwnerIsNeverTheMemberId() {
    assertThat(ImagePolicy.target(OWNER_READER, image(Visibility.SHARED))).doesNotContainKey("member_id");
    assertThat(ImagePolicy.target(CONSUMER, image(Visibility.PRIVATE))).doesNotContainKey("member_id");
    assertThatCode(() -> policy.getMembers(OWNER_READER, image(Visibility.SHARED))).doesNotThrowAnyException();
  }

  @Test
  void aReaderMayNotModifyEvenItsOwnImage() {
    Image own = image(Visibility.PRIVATE);
    assertThatThrownBy(() -> policy.modifyImage(OWNER_READER, own)).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void targetsCarryAttributesAndCustomPropertiesAsGlanceDoes() {
    Map<String, String> target = ImagePolicy.target(CONSUMER, image(Visibility.SHARED));
    assertThat(target).containsEntry("id", "img").containsEntry("visibility", "shared")
        .containsEntry("status", "queued").containsEntry("protected", "False")
        .containsEntry("os_distro", "debian");
  }
}
