package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v1/shared-images/{member} (spec §9.8; scenarios 68–71). */
class V1SharedImagesTest {
  Actors x;
  String img;
  String img2;

  @BeforeEach
  void setUp() {
    x = new Actors(V1Servers.standard());
    img = x.a.img();
    img2 = x.a.img();
    x.a.addMember(img, x.t("tB"));
    x.a.addMember(img2, x.t("tB"), "{\"member\":{\"can_share\":true}}");
  }

  @Test
  void listsWhatIsSharedWithTheMemberAsFarAsTheCallerMayKnow() {
    Map<String, Boolean> both = Map.of(img, false, img2, true);
    assertThat(x.a.sharedImages(x.t("tB"))).isEqualTo(both);
    assertThat(x.b.sharedImages(x.t("tB"))).isEqualTo(both);
    assertThat(x.adm.sharedImages(x.t("tB"))).isEqualTo(both);
    assertThat(x.c.sharedImages(x.t("tB"))).isEmpty();
    assertThat(x.nop.sharedImages(x.t("tB"))).isEmpty();
  }

  @Test
  void anOwnerIsNotAMemberOfItsImages() {
    assertThat(x.a.sharedImages(x.t("tA"))).isEmpty();
    assertThat(x.a.sharedImages("nobody")).isEmpty();
  }

  @Test
  void anOwnerSeesOnlyWhatItShared() {
    String other = x.d.img();
    x.d.addMember(other, x.t("tB"));
    assertThat(x.a.sharedImages(x.t("tB"))).containsOnlyKeys(img, img2);
    assertThat(x.b.sharedImages(x.t("tB"))).containsOnlyKeys(img, img2, other);
  }

  @Test
  void removedMembershipsDisappear() {
    assertThat(x.a.removeMember(img, x.t("tB")).status()).isEqualTo(204);
    assertThat(x.b.sharedImages(x.t("tB"))).containsOnlyKeys(img2);
  }

  @Test
  void queuedImagesAppear() {
    String q = x.a.reserve();
    x.a.addMember(q, x.t("tB"));
    assertThat(x.b.sharedImages(x.t("tB"))).containsKey(q);
  }
}
