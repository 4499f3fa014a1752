package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quotas and policy overrides (scenarios 60, 62, 74) on the tight server: image_member_quota 3,
 * image_property_quota 4, member policies denied to the "blocked" role.
 */
class V1LimitsTest {
  Actors x;
  String img;

  @BeforeEach
  void setUp() {
    x = new Actors(V1Servers.tight());
    img = x.a.img();
  }

  String list(String... names) {
    return List.of(names).stream().map(n -> "{\"member_id\":\"" + x.t(n) + "\"}")
        .collect(Collectors.joining(",", "{\"memberships\":[", "]}"));
  }

  @Test
  void memberQuota() {
    assertThat(x.a.replaceMembers(img, list("a", "b", "c")).status()).isEqualTo(204);
    Response four = x.a.replaceMembers(img, list("a", "b", "c", "d"));
    assertThat(four.status()).isEqualTo(413);
    assertThat(four.body()).contains("Attempted: 4, Maximum: 3");
    assertThat(x.a.memberMap(img)).containsOnlyKeys(x.t("a"), x.t("b"), x.t("c"));
    Response one = x.a.addMember(img, x.t("d"));
    assertThat(one.status()).isEqualTo(413);
    assertThat(one.body()).contains("Attempted: 4, Maximum: 3");
    assertThat(x.a.addMember(img, x.t("a")).status()).isEqualTo(204);
    assertThat(x.a.addMember(img, x.t("a"), "{\"member\":{\"can_share\":true}}").status()).isEqualTo(204);
  }

  @Test
  void aSharerCannotGrowTheListPastTheQuota() {
    assertThat(x.a.replaceMembers(img, list("tB", "c")).status()).isEqualTo(204);
    x.a.addMember(img, x.t("tB"), "{\"member\":{\"can_share\":true}}");
    assertThat(x.b.replaceMembers(img, list("tB", "d", "e")).status()).isEqualTo(413);
    assertThat(x.b.replaceMembers(img, list("tB", "d")).status()).isEqualTo(204);
    assertThat(x.a.memberMap(img)).containsOnlyKeys(x.t("tB"), x.t("c"), x.t("d"));
  }

  @Test
  void defaultMemberQuotaIs128() {
    Actors s = new Actors(V1Servers.standard());
    String id = s.a.img();
    String members = IntStream.range(0, 129).mapToObj(i -> "{\"member_id\":\"m" + i + "\"}")
        .collect(Collectors.joining(",", "{\"memberships\":[", "]}"));
    Response r = s.a.replaceMembers(id, members);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("Attempted: 129, Maximum: 128");
    assertThat(s.a.memberMap(id)).isEmpty();
  }

  @Test
  void propertyQuota() {
    String id = x.a.reserve("x-image-meta-property-c", "1", "x-image-meta-property-d", "2");
    Response r = x.a.update(id, "x-glance-registry-purge-props", "false", "x-image-meta-property-e", "3",
        "x-image-meta-property-f", "4", "x-image-meta-property-g", "5");
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("Attempted: 5, Maximum: 4");
    assertThat(x.a.head(id).header("x-image-meta-property-e")).isNull();
    Response purging = x.a.update(id, "x-image-meta-property-e", "3", "x-image-meta-property-f", "4",
        "x-image-meta-property-g", "5", "x-image-meta-property-h", "6");
    assertThat(purging.status()).isEqualTo(200);
    Response create = x.a.create("x-image-meta-property-a", "1", "x-image-meta-property-b", "2",
        "x-image-meta-property-c", "3", "x-image-meta-property-d", "4", "x-image-meta-property-e", "5");
    assertThat(create.status()).isEqualTo(413);
  }

  @Test
  void memberPoliciesApplyToAdminsToo() {
    V1Client blocked = new V1Client(x.server.as(x.t("tAdm2"), "admin," + V1Servers.BLOCKED_ROLE), x.t("tAdm2"));
    assertThat(x.adm.addMember(img, x.t("tJ")).status()).isEqualTo(204);
    assertThat(blocked.addMember(img, x.t("tK")).status()).isEqualTo(403);
    assertThat(blocked.removeMember(img, x.t("tJ")).status()).isEqualTo(403);
    assertThat(blocked.members(img).status()).isEqualTo(403);
    assertThat(x.adm.memberMap(img)).containsOnlyKeys(x.t("tJ"));
  }
}
