package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Image members through v1 (spec §9; scenarios 38–59, 61, 63–66). Each test starts from a fresh
 * IMG owned by A with no members; "sharer" is B after A's PUT M/tB {"member":{"can_share":true}}.
 */
class V1SharingTest {
  Actors x;
  String img;

  @BeforeEach
  void setUp() {
    x = new Actors(V1Servers.standard());
    img = x.a.img();
  }

  String t(String name) {
    return x.t(name);
  }

  void share(String member, boolean canShare) {
    assertThat(x.a.addMember(img, t(member), "{\"member\":{\"can_share\":" + canShare + "}}").status()).isEqualTo(204);
  }

  Map<String, Boolean> members() {
    return x.a.memberMap(img);
  }

  // ---- the permission matrix of §9.2 --------------------------------------------------------

  enum Role { OWNER, ADMIN, SHARER, MEMBER, STRANGER_PUBLIC, STRANGER, TENANTLESS }

  enum Op { LIST, ADD, REPLACE, REMOVE_OTHER }

  static Stream<Arguments> matrix() {
    int[][] expected = {
        // LIST ADD REPLACE REMOVE_OTHER
        {200, 204, 204, 204}, // owner
        {200, 204, 204, 204}, // admin
        {200, 204, 204, 404}, // sharer
        {200, 404, 404, 404}, // member
        {200, 404, 404, 404}, // stranger, image public
        {404, 404, 404, 404}, // stranger, image private
        {404, 401, 401, 401}, // tenantless
    };
    return Stream.of(Role.values()).flatMap(role -> Stream.of(Op.values())
        .map(op -> Arguments.of(role, op, expected[role.ordinal()][op.ordinal()])));
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @MethodSource("matrix")
  void permissionMatrix(Role role, Op op, int status) {
    share("tM", false);
    V1Client caller = switch (role) {
      case OWNER -> x.a;
      case ADMIN -> x.adm;
      case SHARER, MEMBER -> x.b;
      case STRANGER_PUBLIC, STRANGER -> x.c;
      case TENANTLESS -> x.nop;
    };
    if (role == Role.SHARER || role == Role.MEMBER) {
      share("tB", role == Role.SHARER);
    }
    if (role == Role.STRANGER_PUBLIC) {
      assertThat(x.adm.update(img, "x-image-meta-is_public", "true").status()).isEqualTo(200);
    }
    Response r = switch (op) {
      case LIST -> caller.members(img);
      case ADD -> caller.addMember(img, t("tX"));
      case REPLACE -> caller.replaceMembers(img, "{\"memberships\":[{\"member_id\":\"" + t("tX") + "\"}]}");
      case REMOVE_OTHER -> caller.removeMember(img, t("tM"));
    };
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    if (status >= 400 && op != Op.LIST) {
      assertThat(members()).containsOnlyKeys(role == Role.SHARER || role == Role.MEMBER ? new String[] {t("tM"), t("tB")}
          : new String[] {t("tM")});
    }
  }

  // ---- scenarios ----------------------------------------------------------------------------

  @Test
  void addingAMemberWithoutBodyMakesANonSharer() {
    assertThat(x.a.members(img).json().get("members").size()).isZero();
    assertThat(x.a.addMember(img, t("tB")).status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("tB"), false));
  }

  @Test
  void aMemberSeesTheImageAndOnlyItsOwnEntry() {
    x.a.addMember(img, t("tB"));
    x.a.addMember(img, t("tC"));
    assertThat(x.b.ids("/v1/images")).contains(img);
    assertThat(x.b.ids("/v1/images/detail")).contains(img);
    Response head = x.b.head(img);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("x-image-meta-owner")).isEqualTo(t("tA"));
    assertThat(head.header("x-image-meta-is_public")).isEqualTo("False");
    assertThat(x.b.get("/v1/images/" + img).body()).isEqualTo("abc");
    assertThat(x.b.memberMap(img)).containsExactly(Map.entry(t("tB"), false));
  }

  @Test
  void strangersCannotSeeOrShare() {
    assertThat(x.b.head(img).status()).isEqualTo(404);
    assertThat(x.b.members(img).status()).isEqualTo(404);
    assertThat(x.b.addMember(img, t("tC")).status()).isEqualTo(404);
    assertThat(x.b.ids("/v1/images")).doesNotContain(img);
  }

  @Test
  void aNonSharingMemberCannotShare() {
    x.a.addMember(img, t("tB"));
    Response add = x.b.addMember(img, t("tC"));
    assertThat(add.status()).isEqualTo(404);
    assertThat(add.body()).contains("No permission to share that image");
    assertThat(x.b.replaceMembers(img, "{\"memberships\":[{\"member_id\":\"" + t("tC") + "\"}]}").status()).isEqualTo(404);
    assertThat(x.b.removeMember(img, t("tB")).status()).isEqualTo(404);
    assertThat(members()).containsOnlyKeys(t("tB"));
  }

  @Test
  void membersCannotChangeOrDeleteTheImage() {
    x.a.addMember(img, t("tB"));
    assertThat(x.b.update(img, "x-image-meta-name", "x").status()).isEqualTo(403);
    assertThat(x.b.delete(img).status()).isEqualTo(403);
    assertThat(x.a.head(img).header("x-image-meta-name")).isEqualTo("img");
  }

  @Test
  void ownerSetsAndKeepsCanShare() {
    share("tB", true);
    assertThat(members()).containsExactly(Map.entry(t("tB"), true));
    assertThat(x.a.addMember(img, t("tB")).status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("tB"), true));
    share("tB", false);
    assertThat(members()).containsExactly(Map.entry(t("tB"), false));
  }

  @Test
  void aSharerAddsMembersThatSeeTheImage() {
    share("tB", true);
    assertThat(x.b.addMember(img, t("tC")).status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("tB"), true), Map.entry(t("tC"), false));
    assertThat(x.b.memberMap(img)).containsExactly(Map.entry(t("tB"), true));
    assertThat(x.c.ids("/v1/images")).contains(img);
  }

  @Test
  void delegationIsTransitive() {
    share("tB", true);
    assertThat(x.b.addMember(img, t("tD"), "{\"member\":{\"can_share\":true}}").status()).isEqualTo(204);
    assertThat(x.d.addMember(img, t("tE")).status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("tB"), true), Map.entry(t("tD"), true), Map.entry(t("tE"), false));
  }

  @Test
  void aSharerCannotRemoveOrChangeOthers() {
    share("tB", true);
    x.a.addMember(img, t("tC"));
    Response r = x.b.removeMember(img, t("tC"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).contains("Membership could not be found.");
    assertThat(x.b.addMember(img, t("tC"), "{\"member\":{\"can_share\":true}}").status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("tB"), true), Map.entry(t("tC"), false));
  }

  @Test
  void aSharerMayGiveUpSharing() {
    share("tB", true);
    assertThat(x.b.addMember(img, t("tB"), "{\"member\":{\"can_share\":false}}").status()).isEqualTo(204);
    assertThat(x.b.addMember(img, t("tX")).status()).isEqualTo(404);
    assertThat(members()).containsExactly(Map.entry(t("tB"), false));
  }

  @Test
  void aSharerReplacingTheListOnlyAddsAndKeepsItself() {
    share("tB", true);
    x.a.addMember(img, t("tC"));
    assertThat(x.b.replaceMembers(img, "{\"memberships\":[{\"member_id\":\"" + t("tB") + "\"},{\"member_id\":\""
        + t("tF") + "\"}]}").status()).isEqualTo(204);
    assertThat(members()).containsOnly(Map.entry(t("tB"), true), Map.entry(t("tC"), false), Map.entry(t("tF"), false));
  }

  @Test
  void aSharerLeavingItselfOutOfTheListLosesAccess() {
    share("tB", true);
    x.a.addMember(img, t("tC"));
    assertThat(x.b.replaceMembers(img, "{\"memberships\":[{\"member_id\":\"" + t("tG") + "\"}]}").status()).isEqualTo(204);
    assertThat(members()).containsOnlyKeys(t("tC"), t("tG"));
    assertThat(x.b.head(img).status()).isEqualTo(404);
  }

  @Test
  void aSharerMayRemoveItself() {
    share("tB", true);
    assertThat(x.b.removeMember(img, t("tB")).status()).isEqualTo(204);
    assertThat(x.b.head(img).status()).isEqualTo(404);
  }

  @Test
  void ownerReplacesTheWholeList() {
    assertThat(x.a.replaceMembers(img, "{\"memberships\":[{\"member_id\":\"" + t("tB") + "\",\"can_share\":true},"
        + "{\"member_id\":\"" + t("tC") + "\"}]}").status()).isEqualTo(204);
    assertThat(x.a.replaceMembers(img, "{\"memberships\":[{\"member_id\":\"" + t("tB") + "\"},{\"member_id\":\""
        + t("tD") + "\"}]}").status()).isEqualTo(204);
    assertThat(members()).containsOnly(Map.entry(t("tB"), true), Map.entry(t("tD"), false));
    assertThat(x.c.head(img).status()).isEqualTo(404);
    assertThat(x.a.replaceMembers(img, "{\"memberships\":[{\"member_id\":\"" + t("tC") + "\"},{\"member_id\":\""
        + t("tB") + "\",\"can_share\":false}]}").status()).isEqualTo(204);
    assertThat(members()).containsOnly(Map.entry(t("tB"), false), Map.entry(t("tC"), false));
    assertThat(x.a.replaceMembers(img, "{\"memberships\":[]}").status()).isEqualTo(204);
    assertThat(members()).isEmpty();
    assertThat(x.b.head(img).status()).isEqualTo(404);
  }

  @Test
  void duplicatesInAListMakeOneMembershipAndTheLastWins() {
    assertThat(x.a.replaceMembers(img, "{\"memberships\":[{\"member_id\":\"" + t("t5") + "\"},{\"member_id\":\""
        + t("t5") + "\",\"can_share\":true}]}").status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("t5"), true));
  }

  @ParameterizedTest(name = "PUT M/tH body {0} → can_share {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"member\":{\"can_share\":\"false\"}} | true",
      "{\"member\":{\"can_share\":1}} | true",
      "{\"member\":{\"can_share\":0}} | false",
      "{\"member\":{\"can_share\":\"\"}} | false",
      "{\"member\":{\"can_share\":null}} | false",
      "{\"member\":{\"can_share\":[]}} | false",
      "{\"member_id\":\"tH\",\"can_share\":true} | false",
      "{\"can_share\":true} | false",
      "{\"member\":{}} | false",
      "[{\"can_share\":true}] | false"})
  void canShareIsReadOnlyFromItsOwnShapeByTruthiness(String body, boolean expected) {
    assertThat(x.a.addMember(img, t("tH"), body).status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("tH"), expected));
  }

  @ParameterizedTest(name = "PUT M/tJ body {0} → 400 {1}")
  @CsvSource(delimiter = '|', value = {
      "not json | Malformed JSON",
      "\"str\" | Unexpected body type",
      "42 | Unexpected body type",
      "{\"member\":\"x\"} | Invalid member",
      "{\"member\":true} | Invalid member"})
  void badAddBodiesAreRefused(String body, String phrase) {
    Response r = x.a.addMember(img, t("tJ"), body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains(phrase);
    assertThat(members()).isEmpty();
  }

  @ParameterizedTest(name = "PUT M body {0} → 400")
  @CsvSource(delimiter = '|', value = {
      "{} | Invalid membership association",
      "{\"memberships\":{\"member_id\":\"y\"}} | Invalid membership association",
      "{\"memberships\":[{\"id\":\"y\"}]} | Invalid membership association",
      "{\"memberships\":[\"y\"]} | Invalid membership association",
      "{\"memberships\":null} | Invalid membership association",
      "{\"memberships\":\"y\"} | Invalid membership association",
      "{\"image_memberships\":[]} | Invalid membership association",
      "[{\"member_id\":\"x\"}] | Invalid membership association",
      "not json | Malformed JSON",
      "\"str\" | Unexpected body type"})
  void badReplaceBodiesChangeNothing(String body, String phrase) {
    x.a.addMember(img, t("tB"));
    Response r = x.a.replaceMembers(img, body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains(phrase);
    assertThat(members()).containsOnlyKeys(t("tB"));
  }

  @Test
  void replacingWithoutABodyIsRefused() {
    assertThat(x.a.send("PUT", "/v1/images/" + img + "/members", null).status()).isEqualTo(400);
  }

  @Test
  void aLoneMembershipObjectReplacesTheList() {
    x.a.addMember(img, t("tB"));
    assertThat(x.a.replaceMembers(img, "{\"member_id\":\"" + t("tI") + "\"}").status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("tI"), false));
  }

  @Test
  void memberIdsLongerThan255AreRefused() {
    assertThat(x.a.addMember(img, "m".repeat(256)).status()).isEqualTo(400);
    assertThat(x.a.addMember(img, "m".repeat(255)).status()).isEqualTo(204);
  }

  @Test
  void removingAndRestoringAMember() {
    x.a.addMember(img, t("tB"));
    assertThat(x.a.removeMember(img, t("tB")).status()).isEqualTo(204);
    Response again = x.a.removeMember(img, t("tB"));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).contains("Membership could not be found.");
    assertThat(x.b.head(img).status()).isEqualTo(404);
    assertThat(x.a.removeMember(img, t("tNever")).status()).isEqualTo(404);
    assertThat(x.a.addMember(img, t("tB")).status()).isEqualTo(204);
    assertThat(members()).containsExactly(Map.entry(t("tB"), false));
    assertThat(x.b.head(img).status()).isEqualTo(200);
  }

  @Test
  void tenantlessCallersMayNotWriteMembers() {
    for (Response r : new Response[] {x.nop.addMember(img, t("tZ")),
        x.nop.replaceMembers(img, "{\"memberships\":[]}"), x.nop.removeMember(img, t("tB"))}) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).contains("No authenticated user");
    }
    assertThat(x.nop.members(img).status()).isEqualTo(404);
  }

  @Test
  void adminsManageMembersWithOrWithoutAProject() {
    for (V1Client admin : new V1Client[] {x.adm, x.tenantlessAdmin()}) {
      assertThat(admin.addMember(img, t("tJ")).status()).isEqualTo(204);
      assertThat(admin.memberMap(img)).containsKey(t("tJ"));
      assertThat(admin.removeMember(img, t("tJ")).status()).isEqualTo(204);
    }
  }

  @Test
  void unknownImagesHaveNoMembers() {
    String none = UUID.randomUUID().toString();
    assertThat(x.a.members(none).status()).isEqualTo(404);
    assertThat(x.a.addMember(none, t("tB")).status()).isEqualTo(404);
    assertThat(x.a.removeMember(none, t("tB")).status()).isEqualTo(404);
    assertThat(x.a.replaceMembers(none, "{\"memberships\":[]}").status()).isEqualTo(404);
  }

  @Test
  void deletingTheImageEndsItsMemberships() {
    x.a.addMember(img, t("tB"));
    assertThat(x.a.delete(img).status()).isEqualTo(200);
    assertThat(x.a.members(img).status()).isEqualTo(404);
    Response admin = x.adm.members(img);
    assertThat(admin.status()).isEqualTo(404);
    assertThat(admin.body()).contains("has been deleted");
    assertThat(x.adm.addMember(img, t("tX")).status()).isEqualTo(404);
    assertThat(x.b.sharedImages(t("tB"))).isEmpty();
  }

  @Test
  void publicImagesMayHaveMembers() {
    String p = V1Client.idOf(x.adm.create("x-image-meta-is_public", "true"), 201);
    assertThat(x.adm.addMember(p, t("tB")).status()).isEqualTo(204);
    assertThat(x.b.memberMap(p)).containsExactly(Map.entry(t("tB"), false));
    assertThat(x.c.memberMap(p)).isEmpty();
    assertThat(x.c.addMember(p, t("tX")).status()).isEqualTo(404);
  }

  @Test
  void membersSeeQueuedImagesButCannotDownloadThem() {
    String q = x.a.reserve();
    x.a.addMember(q, t("tB"));
    assertThat(x.b.ids("/v1/images")).contains(q);
    Response get = x.b.get("/v1/images/" + q);
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.body()).contains("is not active");
    Response head = x.b.head(q);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("x-image-meta-status")).isEqualTo("queued");
  }

  @Test
  void makingASharedImagePublicAndBackKeepsMembers() {
    x.a.addMember(img, t("tB"));
    assertThat(x.adm.update(img, "x-image-meta-is_public", "true").status()).isEqualTo(200);
    assertThat(x.a.update(img, "x-image-meta-is_public", "false").status()).isEqualTo(200);
    assertThat(members()).containsOnlyKeys(t("tB"));
    assertThat(x.b.head(img).status()).isEqualTo(200);
    assertThat(x.c.head(img).status()).isEqualTo(404);
  }
}
