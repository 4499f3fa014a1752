package org.glimpse.ft.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.Test;

/**
 * Sharing stories the matrix cannot tell in one call: who sees which memberships, memberships
 * surviving visibility changes, the member quota, and access ending with the image or the
 * membership. Listings across member statuses and visibilities are in {@link SharedListingSuite}.
 * Subclasses choose the database.
 */
abstract class SharingScenariosSuite extends SharingSuite {

  @Test
  void theOwnerAndAdminsSeeEveryMembershipAndAMemberOnlyItsOwn() {
    String image = sharedImage("shared");
    List<JsonNode> all = memberList(Actor.OWNER, image);
    assertThat(all).extracting(m -> m.get("member_id").asText())
        .containsExactly("projPending", "projAccepted", "projRejected");
    assertThat(all).extracting(m -> m.get("status").asText())
        .containsExactly("pending", "accepted", "rejected");
    JsonNode first = all.get(0);
    assertThat(fieldNames(first))
        .containsExactly("member_id", "image_id", "status", "created_at", "updated_at", "schema");
    assertThat(first.get("image_id").asText()).isEqualTo(image);
    assertThat(first.get("schema").asText()).isEqualTo("/v2/schemas/member");
    assertThat(first.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(memberList(Actor.ADMIN, image)).isEqualTo(all);

    for (Actor member : Actor.MEMBERS) {
      List<JsonNode> own = memberList(member, image);
      assertThat(own).as("%s sees", member).hasSize(1);
      assertThat(own.get(0).get("member_id").asText()).isEqualTo(member.project);
      assertThat(own.get(0).get("status").asText()).isEqualTo(member.memberStatus());
      assertError(call(member, "GET", members(image) + "/" + member.otherMemberId(), null), 404,
          member.otherMemberId() + " not found in the member list of the image " + image + ".");
    }
    assertError(call(Actor.STRANGER, "GET", members(image), null), 404,
        "Image " + image + " not found.");
    assertError(call(Actor.ANONYMOUS, "GET", members(image), null), 404,
        "Image " + image + " not found.");

    Response list = expect(as(Actor.OWNER).get(members(image)), 200);
    assertThat(fieldNames(list.json())).containsExactly("members", "schema");
    assertThat(list.json().get("schema").asText()).isEqualTo("/v2/schemas/members");
  }

  @Test
  void memberSchemasAreServed() {
    JsonNode member = expect(as(Actor.STRANGER).get("/v2/schemas/member"), 200).json();
    assertThat(member.get("name").asText()).isEqualTo("member");
    assertThat(fieldNames(member.get("properties")))
        .contains("member_id", "image_id", "created_at", "updated_at", "status", "schema");
    assertThat(member.at("/properties/status/enum").toString())
        .isEqualTo("[\"pending\",\"accepted\",\"rejected\"]");
    JsonNode members = expect(as(Actor.ANONYMOUS).get("/v2/schemas/members"), 200).json();
    assertThat(members.get("name").asText()).isEqualTo("members");
    assertThat(members.at("/properties/members/items/name").asText()).isEqualTo("member");
  }

  @Test
  void membershipsSurviveVisibilityChangesAndOnlyCountWhileShared() {
    String image = sharedImage("shared");
    List<JsonNode> before = memberList(Actor.OWNER, image);
    for (String visibility : List.of("private", "community", "public")) {
      setVisibility(image, visibility);
      assertError(call(Actor.OWNER, "GET", members(image), null), 403, "Not allowed to list members"
          + " for image " + image + ": Only shared images have members.");
      assertError(call(Actor.OWNER, "POST", members(image), "{\"member\":\"projLate\"}"), 403,
          "Not allowed to create members for image " + image + ".");
      // members keep their rows but gain nothing from them: private hides the image from them,
      // community and public show it to everyone (others' community images only when asked)
      boolean hidden = visibility.equals("private");
      for (Actor member : Actor.MEMBERS) {
        expect(as(member).get("/v2/images/" + image), hidden ? 404 : 200);
        assertThat(listedIds(member, "member_status=all").contains(image))
            .as("%s lists the %s image", member, visibility).isEqualTo(visibility.equals("public"));
      }
      if (hidden) {
        assertError(call(Actor.ACCEPTED, "GET", members(image), null), 404,
            "Image " + image + " not found.");
      }

      setVisibility(image, "shared");
      assertThat(memberList(Actor.OWNER, image)).as("members after %s and back", visibility)
          .isEqualTo(before);
      expect(as(Actor.REJECTED).get("/v2/images/" + image), 200);
      assertThat(listedIds(Actor.ACCEPTED, "")).contains(image);
      assertThat(listedIds(Actor.PENDING, "member_status=pending")).contains(image);
    }
  }

  @Test
  void theMemberQuotaAnswers413ThenCountsFreedPlaces() {
    try (GlimpseTestServer small = startServer(Map.of("GLIMPSE_DEFAULT__IMAGE_MEMBER_QUOTA", "2"))) {
      Client owner = small.as(Actor.OWNER.project, Actor.OWNER.roles);
      Response created = owner.postJson("/v2/images", "{\"name\":\"quota\"}");
      String image = expect(created, 201).json().get("id").asText();
      expect(owner.postJson(members(image), "{\"member\":\"projOne\"}"), 200);
      expect(owner.postJson(members(image), "{\"member\":\"projTwo\"}"), 200);
      String full = "Image member limit exceeded for image " + image + ": The limit has been"
          + " exceeded on the number of allowed image members for this image. Attempted: 3,"
          + " Maximum: 2:";
      assertError(jsonCall(owner, "POST", members(image), "{\"member\":\"projThree\"}"), 413, full);
      // as in Glance, the quota is checked before the duplicate
      assertError(jsonCall(owner, "POST", members(image), "{\"member\":\"projTwo\"}"), 413, full);
      Client admin = small.as(Actor.ADMIN.project, Actor.ADMIN.roles);
      assertError(jsonCall(admin, "POST", members(image), "{\"member\":\"projThree\"}"), 413, full);

      expect(owner.delete(members(image) + "/projOne"), 204);
      expect(owner.postJson(members(image), "{\"member\":\"projThree\"}"), 200);
      assertError(jsonCall(owner, "POST", members(image), "{\"member\":\"projTwo\"}"), 413,
          "Attempted: 3, Maximum: 2:");
    }
  }

  @Test
  void deletingTheImageEndsItsMemberships() {
    String image = sharedImage("shared");
    assertThat(listedIds(Actor.ACCEPTED, "")).contains(image);
    expect(as(Actor.OWNER).delete("/v2/images/" + image), 204);
    for (Actor actor : List.of(Actor.OWNER, Actor.ADMIN, Actor.PENDING, Actor.ACCEPTED, Actor.REJECTED)) {
      assertError(call(actor, "GET", members(image), null), 404, "Image " + image + " not found.");
      expect(as(actor).get("/v2/images/" + image), 404);
      assertThat(listedIds(actor, "member_status=all&visibility=all")).doesNotContain(image);
    }
    assertError(call(Actor.ACCEPTED, "PUT", members(image) + "/projAccepted",
        "{\"status\":\"rejected\"}"), 404, "Image " + image + " not found.");
    assertError(call(Actor.OWNER, "POST", members(image), "{\"member\":\"projLate\"}"), 404,
        "Image " + image + " not found.");
  }

  @Test
  void removingAMembershipEndsTheMembersAccessAtOnce() {
    String image = sharedImage("shared");
    String file = "/v2/images/" + image + "/file";
    assertThat(expect(as(Actor.ACCEPTED).get(file), 200).bytes()).isEqualTo(DATA);

    expect(as(Actor.OWNER).delete(members(image) + "/projAccepted"), 204);
    expect(as(Actor.ACCEPTED).get("/v2/images/" + image), 404);
    expect(as(Actor.ACCEPTED).get(file), 404);
    assertError(call(Actor.ACCEPTED, "GET", members(image), null), 404, "Image " + image + " not found.");
    assertThat(listedIds(Actor.ACCEPTED, "member_status=all")).doesNotContain(image);
    assertThat(memberList(Actor.OWNER, image)).extracting(m -> m.get("member_id").asText())
        .containsExactly("projPending", "projRejected");

    // shared again, the project starts over: pending, so seen but not listed by default
    addMember(image, "projAccepted");
    expect(as(Actor.ACCEPTED).get("/v2/images/" + image), 200);
    assertThat(memberList(Actor.ACCEPTED, image).get(0).get("status").asText()).isEqualTo("pending");
    assertThat(listedIds(Actor.ACCEPTED, "")).doesNotContain(image);
    assertThat(listedIds(Actor.ACCEPTED, "member_status=pending")).contains(image);
  }

  @Test
  void memberCallsAnswerWithGlancesErrors() {
    String image = sharedImage("shared");
    String privateImage = sharedImage("private");
    String m = members(image);
    assertError(call(Actor.OWNER, "POST", m, "{\"member\":\"projPending\"}"), 409,
        "Member projPending is duplicated for image " + image);
    assertError(call(Actor.OWNER, "POST", m, "{\"foo\":\"x\"}"), 400, "Member to be added not specified");
    assertError(call(Actor.OWNER, "POST", m, "{\"member\":\"\"}"), 400, "Member can't be empty");
    assertError(call(Actor.OWNER, "POST", m, "[\"projX\"]"), 400,
        "Expected a member in the form: {\"member\": \"image_id\"}");
    assertError(call(Actor.OWNER, "POST", m, "{bad"), 400, "Malformed JSON in request body.");
    assertError(call(Actor.ACCEPTED, "POST", m, "{\"member\":\"projX\"}"), 403,
        "Not allowed to create members for image " + image + ".");
    assertError(call(Actor.STRANGER, "POST", m, "{\"member\":\"projX\"}"), 404,
        "Image " + image + " not found.");
    assertError(call(Actor.OWNER, "POST", members(privateImage), "{\"member\":\"projX\"}"), 403,
        "Not allowed to create members for image " + privateImage + ".");

    assertError(call(Actor.OWNER, "PUT", m + "/projPending", "{\"status\":\"accepted\"}"), 403,
        "Not allowed to update members for image " + image + ".");
    assertError(call(Actor.PENDING, "PUT", m + "/projPending", "{\"status\":\"bogus\"}"), 400,
        "Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\".");
    assertError(call(Actor.PENDING, "PUT", m + "/projPending", "{\"status\":null}"), 400,
        "Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\".");
    assertError(call(Actor.PENDING, "PUT", m + "/projPending", "{\"state\":\"accepted\"}"), 400,
        "Status not specified");
    // the status is checked after access, as in Glance: a stranger learns nothing
    assertError(call(Actor.STRANGER, "PUT", m + "/projStranger", "{\"status\":\"bogus\"}"), 404,
        "Image " + image + " not found.");
    assertError(call(Actor.PENDING, "PUT", m + "/projAccepted", "{\"status\":\"rejected\"}"), 404,
        "projAccepted not found in the member list of the image " + image + ".");

    assertError(call(Actor.ACCEPTED, "DELETE", m + "/projAccepted", null), 403,
        "Not allowed to delete members for image " + image + ".");
    assertError(call(Actor.OWNER, "DELETE", m + "/projNobody", null), 404,
        "projNobody not found in the member list of the image " + image + ".");
    assertError(call(Actor.OWNER, "GET", members(privateImage) + "/projPending", null), 404,
        "Only shared images have members.");
    assertError(call(Actor.ANONYMOUS, "POST", m, "{\"member\":\"projX\"}"), 403, "Read-only access");
    Response method = expect(as(Actor.OWNER).send("PUT", m, HttpRequest.BodyPublishers.noBody()), 405);
    assertThat(method.header("Allow")).isEqualTo("GET, POST");
  }

  @Test
  void membersAreRecordedAsSentAndAnsweredAsGlanceDoes() {
    String image = sharedImage("shared");
    // Glance 25 takes a number, answers it as sent and stores its text; a member id is a string
    for (String notAString : List.of("5", "1.5", "true", "false")) {
      assertError(call(Actor.OWNER, "POST", members(image), "{\"member\":" + notAString + "}"), 400,
          "Member must be a string");
    }
    Response extra = expect(as(Actor.OWNER).postJson(members(image),
        "{\"member\":\"projExtra\",\"status\":\"accepted\"}"), 200);
    assertThat(extra.json().get("status").asText()).isEqualTo("pending");
    expect(as(Actor.OWNER).postJson(members(image), "{\"member\":\"projOwner\"}"), 200);
    assertThat(memberList(Actor.OWNER, image)).extracting(m -> m.get("member_id").asText())
        .containsExactly("projPending", "projAccepted", "projRejected", "projExtra", "projOwner");
    expect(as(Actor.OWNER).postJson(members(image), "{\"member\":\"" + "m".repeat(255) + "\"}"), 200);
    // Glance's member column holds 255 characters: longer is refused, not a database error
    assertError(call(Actor.OWNER, "POST", members(image), "{\"member\":\"" + "m".repeat(256) + "\"}"),
        400, "Member can't be longer than 255 characters");

    Response removed = expect(as(Actor.OWNER).delete(members(image) + "/projExtra"), 204);
    assertThat(removed.header("Content-Type")).isNull();
    assertThat(removed.bytes()).isEmpty();
    Response accepted = expect(as(Actor.PENDING).putJson(members(image) + "/projPending",
        "{\"status\":\"accepted\"}"), 200);
    assertThat(accepted.json().get("status").asText()).isEqualTo("accepted");
    expect(as(Actor.ADMIN).putJson(members(image) + "/projPending", "{\"status\":\"pending\"}"), 200);
    expect(as(Actor.ADMIN).delete(members(image) + "/projPending"), 204);
  }

  // ---------------------------------------------------------------------------------------------

  List<JsonNode> memberList(Actor actor, String image) {
    List<JsonNode> members = new ArrayList<>();
    expect(as(actor).get(members(image)), 200).json().get("members").forEach(members::add);
    return members;
  }

  /** Ids of the images a listing with {@code query} shows, every page. */
  List<String> listedIds(Actor actor, String query) {
    List<String> ids = new ArrayList<>();
    String next = "/v2/images?limit=1000" + (query.isEmpty() ? "" : "&" + query);
    while (next != null) {
      JsonNode page = expect(as(actor).get(next), 200).json();
      page.get("images").forEach(i -> ids.add(i.get("id").asText()));
      next = page.has("next") ? page.get("next").asText() : null;
    }
    return ids;
  }

  /** A request asking for a JSON error body. */
  Response call(Actor actor, String method, String path, String json) {
    return jsonCall(as(actor), method, path, json);
  }

  static Response jsonCall(Client client, String method, String path, String json) {
    HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json);
    return json == null ? client.send(method, path, body, "Accept", "application/json")
        : client.send(method, path, body, "Accept", "application/json", "Content-Type", "application/json");
  }

  /** The status and the explanation of a Glance error (the JSON message up to its first break). */
  static void assertError(Response r, int status, String message) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    String text = r.json().get("message").asText();
    int cut = text.indexOf("<br />");
    assertThat(cut < 0 ? text.trim() : text.substring(0, cut).trim()).as("%s", r).contains(message);
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
