package org.glimpse.ft.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tasks API as Glance 25.1: admin-only by tasks_api_access, filters, sorting, paging, schemas. */
class TasksApiTest extends ServerTest {
  static final String FORMATS = "{\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
  private final List<String> taskIds = new ArrayList<>();

  @BeforeAll
  void makeTasks() throws Exception {
    for (int i = 0; i < 3; i++) {
      String id = a.createImage(FORMATS);
      a.putData("/v2/images/" + id + "/stage", new byte[100 + i]).assertStatus(204);
      a.postJson("/v2/images/" + id + "/import", "{\"method\": {\"name\": \"glance-direct\"}}").assertStatus(202);
      for (int t = 0; t < 600 && !a.get("/v2/images/" + id).json().get("status").asText().equals("active"); t++) {
        Thread.sleep(50);
      }
      taskIds.add(a.get("/v2/images/" + id + "/tasks").json().get("tasks").get(0).get("id").asText());
    }
  }

  @Test
  void onlyAdminsMayUseTheTasksApi() {
    a.get("/v2/tasks").assertStatus(403);
    a.get("/v2/tasks/" + taskIds.get(0)).assertStatus(403);
    a.postJson("/v2/tasks", "{\"type\": \"import\", \"input\": {}}").assertStatus(403);
    admin.get("/v2/tasks").assertStatus(200);
  }

  @Test
  void adminsListFilterSortAndPage() {
    JsonNode all = admin.get("/v2/tasks?status=success").assertStatus(200).json();
    assertThat(all.get("tasks")).hasSize(3);
    assertThat(all.get("schema").asText()).isEqualTo("/v2/schemas/tasks");
    assertThat(all.get("tasks").get(0).has("input")).isFalse();
    assertThat(admin.get("/v2/tasks?status=failure").json().get("tasks")).isEmpty();
    JsonNode asc = admin.get("/v2/tasks?sort_key=created_at&sort_dir=asc").json().get("tasks");
    assertThat(asc.get(0).get("id").asText()).isEqualTo(taskIds.get(0));
    JsonNode page1 = admin.get("/v2/tasks?limit=2").json();
    assertThat(page1.get("tasks")).hasSize(2);
    String next = page1.get("next").asText();
    JsonNode page2 = admin.get(next).json();
    assertThat(page2.get("tasks")).hasSize(1);
    assertThat(page2.get("tasks").get(0).get("id").asText()).isEqualTo(taskIds.get(0));
    admin.get("/v2/tasks?sort_dir=up").assertError(400, "Invalid sort direction: up");
    admin.get("/v2/tasks?status=done").assertError(400, "Invalid status value: done");
    admin.get("/v2/tasks?type=convert").assertError(400, "Invalid type value: convert");
    admin.get("/v2/tasks?limit=-1").assertError(400, "limit param must be positive");
    admin.get("/v2/tasks?marker=nope").assertError(400, "Invalid marker format");
    admin.get("/v2/tasks?sort_key=owner").assertError(400, "Sort key supplied was not valid.");
  }

  @Test
  void aTaskShowsItsInputResultAndExpiry() {
    JsonNode task = admin.get("/v2/tasks/" + taskIds.get(1)).assertStatus(200).json();
    assertThat(task.get("status").asText()).isEqualTo("success");
    assertThat(task.get("owner").asText()).isEqualTo("projA");
    assertThat(task.at("/input/import_req/method/name").asText()).isEqualTo("glance-direct");
    assertThat(task.at("/result/image_id").asText()).isEqualTo(task.get("image_id").asText());
    assertThat(task.get("expires_at").asText()).endsWith("Z");
    assertThat(task.get("self").asText()).isEqualTo("/v2/tasks/" + taskIds.get(1));
    admin.get("/v2/tasks/00000000-0000-0000-0000-000000000000")
        .assertError(404, "Could not find task 00000000-0000-0000-0000-000000000000");
    Response deleted = admin.delete("/v2/tasks/00000000-0000-0000-0000-000000000000")
        .assertError(405, "This operation is currently not permitted on Glance Tasks.");
    assertThat(deleted.header("Allow")).isEqualTo("GET");
    assertThat(admin.put("/v2/tasks/00000000-0000-0000-0000-000000000000").header("Allow")).isEqualTo("GET, DELETE");
    b.delete("/v2/tasks/" + taskIds.get(1)).assertStatus(403); // the tasks API is admins' (tasks_api_access)
    // an image's tasks are its viewers': another project does not see the image
    b.get("/v2/images/" + task.get("image_id").asText() + "/tasks").assertError(404, "The resource could not be found.");
  }

  @Test
  void taskRequestsGlanceRefusesAreRefused() {
    admin.postJson("/v2/tasks", "{\"type\": \"import\"}").assertError(400, "Task 'input' is required");
    admin.postJson("/v2/tasks", "{\"input\": {}}").assertError(400, "Task 'type' is required");
    admin.postJson("/v2/tasks", "{\"type\": \"convert\", \"input\": {}}")
        .assertError(400, "POST /v2/images/{image_id}/import");
    admin.postJson("/v2/tasks", "{\"type\": \"import\", \"input\": []}").assertError(400, "'input'");
    // (the legacy import task itself: LegacyImportTaskTest)
    admin.postJson("/v2/tasks", "{\"type\": \"import\", \"input\": {\"import_from\": \"http://127.0.0.1/x\"}}")
        .assertError(400, "URI for legacy import task does not pass filtering");
  }

  @Test
  void schemasAreServed() {
    JsonNode task = a.get("/v2/schemas/task").assertStatus(200).json();
    assertThat(task.at("/properties/status/enum").toString())
        .isEqualTo("[\"pending\",\"processing\",\"success\",\"failure\"]");
    assertThat(task.has("links")).isFalse();
    assertThat(task.at("/properties/self").toString()).isEqualTo("{\"readOnly\":true,\"type\":\"string\"}");
    // Glance's list schema: stubs (no input, result or message), and only a describedby link
    JsonNode tasks = a.get("/v2/schemas/tasks").assertStatus(200).json();
    assertThat(tasks.get("name").asText()).isEqualTo("tasks");
    assertThat(tasks.get("links").toString()).isEqualTo("[{\"rel\":\"describedby\",\"href\":\"{schema}\"}]");
    assertThat(fieldNames(tasks.at("/properties"))).containsExactly("tasks", "schema");
    assertThat(fieldNames(tasks.at("/properties/tasks/items/properties")))
        .doesNotContain("input", "result", "message").contains("id", "status", "self");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
