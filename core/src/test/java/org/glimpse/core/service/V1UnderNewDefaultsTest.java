package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.project;

import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Member;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.Policy;
import org.glimpse.core.policy.PropertyProtections;
import org.junit.jupiter.api.Test;

/**
 * v1 under Glance's new defaults (owner checks off): its checks use v2's image targets, so the
 * owner's members write, its readers only read, and other projects get nothing.
 */
class V1UnderNewDefaultsTest {
  private final ServiceFakes f = new ServiceFakes(new DataLimits(1 << 20, 0), false, 128,
      new ImagePolicy(Policy.glance(true, true, Map.of()), PropertyProtections.none(), false));
  private static final RequestContext READER_OF_A =
      new RequestContext("a", "u-reader", Set.of("reader"), true, "req-test");

  @Test
  void theOwnersMemberSharesAndEndsShares() {
    String img = f.img("a");
    f.v1Members.put(project("a"), img, "b", false);
    assertThat(f.v1Members.list(project("a"), img)).extracting(Member::memberId).containsExactly("b");
    assertThat(f.v1Members.list(READER_OF_A, img)).extracting(Member::memberId).containsExactly("b");
    assertThatThrownBy(() -> f.v1Members.put(READER_OF_A, img, "c", false))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> f.v1Members.remove(READER_OF_A, img, "b"))
        .isInstanceOf(ForbiddenException.class);
    f.v1Members.remove(project("a"), img, "b");
    assertThat(f.v1Members.list(project("a"), img)).isEmpty();
  }

  @Test
  void theOwnersMemberUpdatesAndDeletesItsReaderMayNot() {
    String img = f.img("a");
    V1ImageMeta rename = new V1ImageMeta().put("name", "renamed");
    assertThatThrownBy(() -> f.v1Images.update(READER_OF_A, img, rename, null))
        .isInstanceOf(ForbiddenException.class);
    assertThat(f.v1Images.update(project("a"), img, rename, null).getName()).isEqualTo("renamed");
    assertThatThrownBy(() -> f.v1Images.delete(READER_OF_A, img)).isInstanceOf(ForbiddenException.class);
    assertThatCode(() -> f.v1Images.delete(project("a"), img)).doesNotThrowAnyException();
  }
}
