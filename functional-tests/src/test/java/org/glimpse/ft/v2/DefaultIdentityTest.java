package org.glimpse.ft.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * With the default configuration, a request without identity headers acts as [noauth]
 * default_project_id ("admin") with the default roles (admin, member, reader).
 */
class DefaultIdentityTest extends ServerTest {

  @Test
  void noHeadersMeansTheDefaultAdminProject() {
    Client none = server.anonymous();
    JsonNode image = none.postJson("/v2/images", "{\"name\":\"by-default\",\"visibility\":\"public\"}")
        .assertStatus(201).json();
    assertThat(image.get("owner").asText()).isEqualTo("admin");
    String priv = a.createImage("{\"visibility\":\"private\"}");
    none.get("/v2/images/" + priv).assertStatus(200);
    none.patch("/v2/images/" + priv, "[{\"op\":\"replace\",\"path\":\"/owner\",\"value\":\"projB\"}]").assertStatus(200);
    b.get("/v2/images/" + priv).assertStatus(200);
    none.delete("/v2/images/" + image.get("id").asText()).assertStatus(204);
  }

  @Test
  void anyIdentityHeaderReplacesTheDefault() {
    // roles alone: no project, so not the default admin either
    Client rolesOnly = Client.of(server.baseUrl(), "", "member");
    String priv = a.createImage("{\"visibility\":\"private\"}");
    rolesOnly.get("/v2/images/" + priv).assertError(404, "No image found with ID " + priv);
  }
}
