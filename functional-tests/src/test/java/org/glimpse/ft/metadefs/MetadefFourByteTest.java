package org.glimpse.ft.metadefs;

import static org.assertj.core.api.Assertions.assertThat;

import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * Characters beyond Unicode's Basic Multilingual Plane (four bytes in UTF-8) in what a metadata
 * definition call writes: refused with Glance's words once the caller may make the call and what
 * it names exists, nothing written; allowed where Glance allows them (list members such as an
 * enum, an object's property names, a batch of tags).
 */
class MetadefFourByteTest extends ServerTest {
  private static final String NS = "/v2/metadefs/namespaces";
  private static final String EMOJI = "\\ud83d\\ude00"; // as a JSON escape

  @Test
  void namespacesAndWhatTheyHoldAreRefusedWithGlanceWords() {
    Client admin = server.as("projAdmin", "admin,member,reader");
    Client member = server.as("projB", "member,reader");
    member.postJson(NS, "{\"namespace\": \"ft::m\", \"description\": \"d" + EMOJI + "\"}").assertStatus(403);
    admin.postJson(NS, "{\"namespace\": \"ft::4" + EMOJI + "\"}")
        .assertError(400, "Couldn't create metadata namespace: Namespace can't contain 4 byte unicode characters.");
    admin.postJson(NS, "{\"namespace\": \"ft::4\", \"display_name\": \"d" + EMOJI + "\"}")
        .assertError(400, "Display_Name can't contain 4 byte unicode characters.");
    admin.postJson(NS, "{\"namespace\": \"ft::4\", \"objects\": [{\"name\": \"o\", \"description\": \"" + EMOJI
        + "\"}]}").assertError(400, "Couldn't create metadata namespace: Description can't contain");
    admin.postJson(NS, "{\"namespace\": \"ft::4\", \"tags\": [{\"name\": \"t" + EMOJI + "\"}]}")
        .assertError(400, "Couldn't create metadata namespace: Name can't contain 4 byte unicode characters.");
    admin.postJson(NS, "{\"namespace\": \"ft::4\", \"properties\": {\"p\": {\"title\": \"" + EMOJI
        + "\", \"type\": \"string\"}}}").assertError(400, "Title can't contain 4 byte unicode characters.");
    admin.get(NS + "/ft::4").assertStatus(404); // all or nothing: no namespace was left behind

    admin.postJson(NS, "{\"namespace\": \"ft::4\"}").assertStatus(201);
    admin.putJson(NS + "/ft::4", "{\"namespace\": \"ft::4\", \"owner\": \"o" + EMOJI + "\"}")
        .assertError(400, "Couldn't update metadata namespace: Owner can't contain 4 byte unicode characters.");
    admin.putJson(NS + "/ft::none", "{\"namespace\": \"ft::none\", \"owner\": \"o" + EMOJI + "\"}").assertStatus(404);
    assertThat(admin.get(NS + "/ft::4").json().path("owner").asText()).isEqualTo("projAdmin");
  }

  @Test
  void objectsPropertiesAndTagsAreCheckedWhereGlanceChecksThem() {
    Client admin = server.as("projAdmin", "admin,member,reader");
    admin.postJson(NS, "{\"namespace\": \"ft::c\"}").assertStatus(201);
    String objects = NS + "/ft::c/objects";
    admin.postJson(objects, "{\"name\": \"o\", \"required\": [\"r" + EMOJI + "\"]}")
        .assertError(400, "Couldn't create metadata object: Required can't contain 4 byte unicode characters.");
    admin.postJson(NS + "/ft::none/objects", "{\"name\": \"o" + EMOJI + "\"}").assertStatus(404);
    admin.postJson(objects, "{\"name\": \"o\", \"properties\": {\"p" + EMOJI + "\": {\"title\": \"t\","
        + " \"type\": \"string\", \"enum\": [\"" + EMOJI + "\"]}}}").assertStatus(201);
    admin.putJson(objects + "/o", "{\"name\": \"o\", \"properties\": {\"p\": {\"title\": \"t\", \"type\": \"string\","
        + " \"pattern\": \"" + EMOJI + "\"}}}")
        .assertError(400, "Couldn't update metadata object: Pattern can't contain 4 byte unicode characters.");
    admin.putJson(objects + "/none", "{\"name\": \"o" + EMOJI + "\"}").assertStatus(404);
    assertThat(admin.get(objects + "/o").json().path("properties").has("p\ud83d\ude00")).isTrue();

    String props = NS + "/ft::c/properties";
    admin.postJson(props, "{\"name\": \"p" + EMOJI + "\", \"title\": \"t\", \"type\": \"string\"}")
        .assertError(400, "Couldn't create metadata property: Name can't contain 4 byte unicode characters.");
    admin.postJson(props, "{\"name\": \"p\", \"title\": \"t\", \"type\": \"array\", \"items\": {\"type\": \"string\","
        + " \"enum\": [\"" + EMOJI + "\"]}}").assertStatus(201);
    admin.putJson(props + "/p", "{\"name\": \"p\", \"title\": \"t\", \"type\": \"string\", \"description\": \""
        + EMOJI + "\"}")
        .assertError(400, "Couldn't update metadata property: Description can't contain 4 byte unicode characters.");
    assertThat(admin.get(props + "/p").json().path("type").asText()).isEqualTo("array");

    String tags = NS + "/ft::c/tags";
    admin.postJson(tags, "{\"tags\": [{\"name\": \"b" + EMOJI + "\"}]}").assertStatus(201);
    admin.post(tags + "/plain").assertStatus(201);
    admin.putJson(tags + "/plain", "{\"name\": \"n" + EMOJI + "\"}")
        .assertError(400, "Couldn't update metadata tag: Name can't contain 4 byte unicode characters.");
    admin.putJson(tags + "/none", "{\"name\": \"n" + EMOJI + "\"}").assertStatus(404);
    admin.get(tags + "/plain").assertStatus(200);
  }
}
