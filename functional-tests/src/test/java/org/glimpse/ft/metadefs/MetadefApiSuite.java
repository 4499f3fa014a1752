package org.glimpse.ft.metadefs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.DatabaseSuite;
import org.junit.jupiter.api.Test;

/**
 * /v2/metadefs over HTTP, as Glance answers it (status codes, bodies, links), written once and
 * run on each database. Callers: an admin (who may change the catalog under Glance's default
 * rules) and members of other projects (who may only read what they see).
 */
abstract class MetadefApiSuite extends DatabaseSuite {
  private static final String NS = "/v2/metadefs/namespaces";
  private Client admin;
  private Client member;

  @Override
  protected void prepare() {
    admin = server.as("projAdmin", "admin,member,reader");
    member = server.as("projB", "member,reader");
  }

  private JsonNode create(String json) {
    return admin.postJson(NS, json).assertStatus(201).json();
  }

  @Test
  void aNamespaceIsCreatedWithItsContentShownListedAndDeleted() {
    JsonNode created = create("{\"namespace\": \"ft::full\", \"display_name\": \"Full\", \"visibility\": \"public\","
        + " \"resource_type_associations\": [{\"name\": \"OS::Glance::Image\", \"prefix\": \"hw_\"}],"
        + " \"properties\": {\"cpus\": {\"title\": \"CPUs\", \"type\": \"integer\", \"minimum\": 1, \"ignored\": 1}},"
        + " \"objects\": [{\"name\": \"disk\", \"required\": [\"bus\"],"
        + "   \"properties\": {\"bus\": {\"title\": \"Bus\", \"type\": \"string\", \"enum\": [\"scsi\", \"virtio\"]}}}],"
        + " \"tags\": [{\"name\": \"fast\"}, {\"name\": \"small\"}]}");
    assertThat(created.path("owner").asText()).isEqualTo("projAdmin");
    assertThat(created.path("protected").asBoolean()).isFalse();
    assertThat(created.path("self").asText()).isEqualTo(NS + "/ft::full");
    assertThat(created.path("schema").asText()).isEqualTo("/v2/schemas/metadefs/namespace");
    assertThat(created.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(created.path("properties").path("cpus").has("ignored")).isFalse();
    // the content of a created namespace is answered as it was given: no times or links of its own
    assertThat(created.path("objects").get(0).has("created_at")).isFalse();
    assertThat(created.path("objects").get(0).has("self")).isFalse();
    assertThat(created.path("resource_type_associations").get(0).has("created_at")).isFalse();

    JsonNode shown = member.get(NS + "/ft::full").assertStatus(200).json();
    assertThat(shown.path("display_name").asText()).isEqualTo("Full");
    assertThat(shown.path("properties").path("cpus").path("minimum").asInt()).isEqualTo(1);
    assertThat(shown.path("objects").get(0).path("self").asText()).isEqualTo(NS + "/ft::full/objects/disk");
    assertThat(names(shown.path("tags"))).containsExactlyInAnyOrder("fast", "small");
    assertThat(shown.path("resource_type_associations").get(0).path("prefix").asText()).isEqualTo("hw_");

    JsonNode prefixed = member.get(NS + "/ft::full?resource_type=OS::Glance::Image").assertStatus(200).json();
    assertThat(prefixed.path("properties").has("hw_cpus")).isTrue();
    assertThat(prefixed.path("objects").get(0).path("properties").has("hw_bus")).isTrue();
    assertThat(prefixed.path("objects").get(0).path("required").get(0).asText()).isEqualTo("hw_bus");

    admin.delete(NS + "/ft::full").assertStatus(204);
    admin.get(NS + "/ft::full").assertStatus(404);
    admin.delete(NS + "/ft::full").assertStatus(404);
  }

  @Test
  void privateNamespacesAreSeenByTheirOwnerAndAdminsOnly() {
    create("{\"namespace\": \"ft::private\", \"owner\": \"projC\"}");
    create("{\"namespace\": \"ft::public\", \"visibility\": \"public\", \"owner\": \"projC\"}");
    member.get(NS + "/ft::private").assertError(404, "ft::private");
    member.get(NS + "/ft::private/objects").assertStatus(404);
    member.get(NS + "/ft::private/tags").assertStatus(404);
    server.as("projC", "member,reader").get(NS + "/ft::private").assertStatus(200);
    admin.get(NS + "/ft::private").assertStatus(200);
    List<String> seen = names(member.get(NS + "?limit=1000").assertStatus(200).json().path("namespaces"), "namespace");
    assertThat(seen).contains("ft::public").doesNotContain("ft::private");
    // a change by a caller who cannot see the namespace is a 404, by one who can a 403
    member.delete(NS + "/ft::private").assertStatus(404);
    member.delete(NS + "/ft::public").assertError(403, "delete_metadef_namespace");
    member.postJson(NS + "/ft::public/tags", "{\"tags\": [{\"name\": \"x\"}]}").assertStatus(403);
  }

  @Test
  void listingsPageSortAndFilter() {
    for (String n : List.of("ft::page-a", "ft::page-b", "ft::page-c")) {
      create("{\"namespace\": \"" + n + "\", \"visibility\": \"public\", \"owner\": \"pager\","
          + " \"resource_type_associations\": [{\"name\": \"FT::Pager\"}]}");
    }
    JsonNode first = member.get(NS + "?resource_types=FT::Pager&sort_key=namespace&sort_dir=asc&limit=2")
        .assertStatus(200).json();
    assertThat(names(first.path("namespaces"), "namespace")).containsExactly("ft::page-a", "ft::page-b");
    assertThat(first.path("namespaces").get(0).path("resource_type_associations").get(0).path("name").asText())
        .isEqualTo("FT::Pager");
    assertThat(first.path("schema").asText()).isEqualTo("/v2/schemas/metadefs/namespaces");
    assertThat(first.path("first").asText()).startsWith(NS + "?").contains("limit=2");
    String next = first.path("next").asText();
    assertThat(next).contains("marker=ft%3A%3Apage-b");
    JsonNode second = member.get(next).assertStatus(200).json();
    assertThat(names(second.path("namespaces"), "namespace")).containsExactly("ft::page-c");
    assertThat(second.has("next")).isFalse();
    assertThat(names(member.get(NS + "?resource_types=FT::Pager&visibility=private").json().path("namespaces"),
        "namespace")).isEmpty();
    member.get(NS + "?marker=ft::nothing").assertStatus(404);
  }

  @Test
  void badListingParametersAreRefusedWithTheReason() {
    member.get(NS + "?limit=-1").assertError(400, "limit param must be positive");
    member.get(NS + "?limit=many").assertError(400, "limit param must be an integer");
    member.get(NS + "?sort_dir=up").assertError(400, "Invalid sort direction: up");
    member.get(NS + "?visibility=shared").assertError(400, "Invalid visibility value: shared");
    member.get(NS + "?sort_key=size").assertError(400, "Invalid sort key: size");
    member.get(NS + "/x/tags?sort_key=size").assertStatus(404);
  }

  @Test
  void badBodiesAreRefusedWithTheReason() {
    admin.postJson(NS, "not json").assertError(400, "Malformed JSON");
    admin.post(NS).assertError(400, "Body expected in request.");
    admin.postJson(NS, "[1]").assertStatus(400);
    admin.postJson(NS, "{\"display_name\": \"x\"}").assertError(400, "'namespace' is a required property");
    admin.postJson(NS, "{\"namespace\": \"\"}").assertError(400, "must not be empty");
    admin.postJson(NS, "{\"namespace\": \"" + "n".repeat(81) + "\"}").assertError(400, "is too long");
    admin.postJson(NS, "{\"namespace\": \"x\", \"visibility\": \"shared\"}").assertError(400, "is not one of");
    admin.postJson(NS, "{\"namespace\": \"x\", \"protected\": \"yes\"}").assertError(400, "is not of type 'boolean'");
    admin.postJson(NS, "{\"namespace\": \"x\", \"self\": \"/x\"}").assertError(403, "Attribute 'self' is read-only.");
    admin.postJson(NS, "{\"namespace\": \"x\", \"properties\": {\"p\": {\"type\": \"string\"}}}")
        .assertError(400, "'title' is a required property");
    admin.get(NS + "/x").assertStatus(404);
  }

  @Test
  void duplicatesConflictAndRenamesKeepTheContent() {
    create("{\"namespace\": \"ft::dup\", \"tags\": [{\"name\": \"t\"}]}");
    create("{\"namespace\": \"ft::other\"}");
    admin.postJson(NS, "{\"namespace\": \"ft::dup\"}").assertError(409, "ft::dup already exists");
    admin.postJson(NS, "{\"namespace\": \"ft::twice\", \"tags\": [{\"name\": \"t\"}, {\"name\": \"t\"}]}")
        .assertStatus(409);
    admin.get(NS + "/ft::twice").assertStatus(404);
    admin.putJson(NS + "/ft::dup", "{\"namespace\": \"ft::other\"}").assertStatus(409);
    JsonNode renamed = admin.putJson(NS + "/ft::dup", "{\"namespace\": \"ft::renamed\", \"description\": \"d\"}")
        .assertStatus(200).json();
    assertThat(renamed.path("self").asText()).isEqualTo(NS + "/ft::renamed");
    assertThat(renamed.path("visibility").asText()).isEqualTo("private");
    assertThat(names(admin.get(NS + "/ft::renamed/tags").json().path("tags"))).containsExactly("t");
    admin.putJson(NS + "/ft::gone", "{\"namespace\": \"x\"}").assertStatus(404);
  }

  @Test
  void aProtectedNamespaceAndItsContentCannotBeDeleted() {
    create("{\"namespace\": \"ft::locked\", \"protected\": true, \"tags\": [{\"name\": \"t\"}],"
        + " \"objects\": [{\"name\": \"o\"}], \"properties\": {\"p\": {\"title\": \"P\", \"type\": \"string\"}}}");
    admin.delete(NS + "/ft::locked").assertError(403, "is protected and cannot be deleted");
    admin.delete(NS + "/ft::locked/objects").assertStatus(403);
    admin.delete(NS + "/ft::locked/properties").assertStatus(403);
    admin.delete(NS + "/ft::locked/tags").assertStatus(403);
    admin.delete(NS + "/ft::locked/objects/o").assertStatus(403);
    admin.delete(NS + "/ft::locked/properties/p").assertStatus(403);
    admin.delete(NS + "/ft::locked/tags/t").assertStatus(403);
    admin.delete(NS + "/ft::locked/tags/nope").assertStatus(404);
    admin.putJson(NS + "/ft::locked", "{\"namespace\": \"ft::locked\"}").assertStatus(200);
    admin.delete(NS + "/ft::locked/tags").assertStatus(204);
    admin.delete(NS + "/ft::locked").assertStatus(204);
  }

  @Test
  void objectsAreCreatedShownUpdatedAndDeleted() {
    create("{\"namespace\": \"ft::objects\"}");
    String objects = NS + "/ft::objects/objects";
    JsonNode o = admin.postJson(objects, "{\"name\": \"cpu\", \"description\": \"CPU\", \"required\": [\"n\"],"
        + " \"properties\": {\"n\": {\"title\": \"N\", \"type\": \"integer\"}}}").assertStatus(201).json();
    assertThat(o.path("self").asText()).isEqualTo(objects + "/cpu");
    admin.postJson(objects, "{\"name\": \"cpu\"}").assertError(409, "cpu");
    admin.postJson(objects, "{\"name\": \"x\", \"properties\": {\"a\": {\"title\": \"A\", \"type\": \"string\", \"z\": 1}}}")
        .assertError(400, "Additional properties are not allowed ('z' was unexpected)");
    admin.postJson(objects, "{\"name\": \"x\", \"created_at\": \"now\"}").assertStatus(403);
    member.get(objects).assertStatus(404);
    JsonNode listed = admin.get(objects).assertStatus(200).json();
    assertThat(listed.path("schema").asText()).isEqualTo("v2/schemas/metadefs/objects");
    assertThat(names(listed.path("objects"))).containsExactly("cpu");
    JsonNode updated = admin.putJson(objects + "/cpu", "{\"name\": \"gpu\"}").assertStatus(200).json();
    assertThat(updated.has("required")).isFalse();
    admin.get(objects + "/cpu").assertStatus(404);
    // read back, an object shows its (empty) required names and properties, as Glance's does
    JsonNode gpu = admin.get(objects + "/gpu").assertStatus(200).json();
    assertThat(gpu.path("required").isArray() && gpu.path("required").isEmpty()).isTrue();
    assertThat(gpu.path("properties").isObject() && gpu.path("properties").isEmpty()).isTrue();
    assertThat(admin.get(objects).json().path("objects").get(0).path("required").isArray()).isTrue();
    admin.delete(objects + "/gpu").assertStatus(204);
    admin.delete(objects + "/gpu").assertStatus(404);
    admin.postJson(objects, "{\"name\": \"a\"}").assertStatus(201);
    admin.delete(objects).assertStatus(204);
    assertThat(admin.get(objects).json().path("objects")).isEmpty();
  }

  @Test
  void propertiesAreCreatedShownWithPrefixesUpdatedAndDeleted() {
    create("{\"namespace\": \"ft::props\", \"resource_type_associations\": [{\"name\": \"OS::Nova::Flavor\","
        + " \"prefix\": \"hw:\"}]}");
    String props = NS + "/ft::props/properties";
    JsonNode p = admin.postJson(props, "{\"name\": \"cpu_policy\", \"title\": \"CPU policy\", \"type\": \"string\","
        + " \"enum\": [\"shared\", \"dedicated\"]}").assertStatus(201).json();
    assertThat(p.path("name").asText()).isEqualTo("cpu_policy");
    admin.postJson(props, "{\"name\": \"cpu_policy\", \"title\": \"T\", \"type\": \"string\"}").assertStatus(409);
    admin.postJson(props, "{\"title\": \"T\", \"type\": \"string\"}").assertError(400, "'name' is a required property");
    admin.postJson(props, "{\"name\": \"b\", \"title\": \"T\", \"type\": \"text\"}").assertError(400, "is not one of");
    assertThat(admin.get(props).json().path("properties").path("cpu_policy").path("enum")).hasSize(2);
    admin.get(props + "/hw:cpu_policy?resource_type=OS::Nova::Flavor").assertStatus(200);
    admin.get(props + "/cpu_policy?resource_type=OS::Nova::Flavor").assertError(404, "prefix");
    admin.putJson(props + "/cpu_policy", "{\"name\": \"policy\", \"title\": \"P\", \"type\": \"string\"}")
        .assertStatus(200);
    admin.get(props + "/cpu_policy").assertStatus(404);
    admin.delete(props + "/policy").assertStatus(204);
    admin.delete(props + "/policy").assertStatus(404);
  }

  @Test
  void tagsAreCreatedOneByOneOrManyAtOnceReplacedOrAppended() {
    create("{\"namespace\": \"ft::tags\"}");
    String tags = NS + "/ft::tags/tags";
    JsonNode t = admin.post(tags + "/one").assertStatus(201).json();
    assertThat(t.path("name").asText()).isEqualTo("one");
    admin.post(tags + "/one").assertError(409, "one");
    admin.postJson(tags, "{\"tags\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}").assertStatus(201);
    assertThat(names(admin.get(tags).json().path("tags"))).containsExactlyInAnyOrder("a", "b");
    admin.send("POST", tags, java.net.http.HttpRequest.BodyPublishers.ofString("{\"tags\": [{\"name\": \"c\"}]}"),
        "Content-Type", "application/json", "X-Openstack-Append", "true").assertStatus(201);
    assertThat(names(admin.get(tags + "?sort_key=name&sort_dir=asc").json().path("tags"))).containsExactly("a", "b", "c");
    assertThat(names(admin.get(tags + "?sort_key=name&sort_dir=asc&limit=1&marker=a").json().path("tags")))
        .containsExactly("b");
    admin.postJson(tags, "{\"tags\": [{\"name\": \"d\"}, {\"name\": \"d\"}]}").assertStatus(409);
    admin.postJson(tags, "{\"tags\": \"d\"}").assertStatus(400);
    admin.putJson(tags + "/c", "{\"name\": \"a\"}").assertStatus(409);
    admin.putJson(tags + "/c", "{\"name\": \"z\"}").assertStatus(200);
    admin.get(tags + "/z").assertStatus(200);
    admin.delete(tags + "/z").assertStatus(204);
    admin.delete(tags).assertStatus(204);
    assertThat(admin.get(tags).json().path("tags")).isEmpty();
  }

  @Test
  void resourceTypesAreAssociatedListedAndDissociated() {
    create("{\"namespace\": \"ft::types\"}");
    String types = NS + "/ft::types/resource_types";
    JsonNode a = admin.postJson(types, "{\"name\": \"FT::Thing\", \"prefix\": \"t_\", \"properties_target\": \"meta\"}")
        .assertStatus(201).json();
    assertThat(a.path("properties_target").asText()).isEqualTo("meta");
    admin.postJson(types, "{\"name\": \"FT::Thing\"}").assertError(409, "already exists");
    admin.postJson(types, "{\"prefix\": \"t_\"}").assertError(400, "'name' is a required property");
    assertThat(names(member.get("/v2/metadefs/resource_types").assertStatus(200).json().path("resource_types")))
        .contains("FT::Thing");
    assertThat(names(admin.get(types).assertStatus(200).json().path("resource_type_associations")))
        .containsExactly("FT::Thing");
    admin.delete(types + "/FT::Thing").assertStatus(204);
    admin.delete(types + "/FT::Thing").assertError(404, "Failed to find resource type FT::Thing to delete");
    assertThat(admin.get(types).json().path("resource_type_associations")).isEmpty();
  }

  @Test
  void theMetadefSchemasArePublished() {
    for (String[] s : new String[][] {{"namespace", "namespace"}, {"namespaces", "namespaces"},
        {"object", "object"}, {"objects", "objects"}, {"property", "property"}, {"properties", "properties"},
        {"tag", "tag"}, {"tags", "tags"}, {"resource_type", "resource_type_association"},
        {"resource_types", "resource_type_associations"}}) {
      JsonNode schema = member.get("/v2/schemas/metadefs/" + s[0]).assertStatus(200).json();
      assertThat(schema.path("name").asText()).isEqualTo(s[1]);
      assertThat(schema.path("properties").isObject()).isTrue();
    }
    JsonNode ns = member.get("/v2/schemas/metadefs/namespace").json();
    assertThat(ns.path("required").get(0).asText()).isEqualTo("namespace");
    assertThat(ns.path("properties").path("namespace").path("maxLength").asInt()).isEqualTo(80);
    assertThat(ns.path("definitions").has("property")).isTrue();
  }

  private static List<String> names(JsonNode array) {
    return names(array, "name");
  }

  private static List<String> names(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
