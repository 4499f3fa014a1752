package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.Response;
import org.junit.jupiter.api.Test;

/** Spec scenario 60, last part: with image_member_quota=-1 the member list has no limit. */
class V1UnlimitedMembersTest {
  @Test
  void aNegativeQuotaAllowsAnyNumberOfMembers() {
    try (GlimpseTestServer server = GlimpseTestServer.start(null, Map.of("GLIMPSE_DEFAULT__IMAGE_MEMBER_QUOTA", "-1"))) {
      Client owner = server.as("unlimited-owner", "member");
      Response created = owner.send("POST", "/v1/images", BodyPublishers.noBody(), "x-image-meta-name", "many");
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().get("image").get("id").asText();

      String members = IntStream.range(0, 200)
          .mapToObj(i -> "{\"member_id\": \"p" + i + "\", \"can_share\": false}")
          .collect(Collectors.joining(", ", "{\"memberships\": [", "]}"));
      Response replaced = owner.putJson("/v1/images/" + id + "/members", members);
      assertThat(replaced.status()).as(replaced.toString()).isEqualTo(204);

      Response listed = owner.get("/v1/images/" + id + "/members");
      assertThat(listed.json().get("members")).hasSize(200);
    }
  }
}
