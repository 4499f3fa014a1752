package org.glimpse.ft.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The deprecated {@code POST /v2/tasks} of type {@code import}, as Glance runs it: 201 with a
 * pending task, which creates an image from {@code image_properties} and fills it from
 * {@code import_from}; its result names the image. A task that fails leaves no image behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyImportTaskTest {
  private final WebFixture web = new WebFixture();
  private GlimpseTestServer server;
  private Client admin;

  @BeforeAll
  void start() {
    server = GlimpseTestServer.start(null, Map.of(
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS", "127.0.0.1",
        "GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS", String.valueOf(web.port())));
    admin = server.as("legacy-admin", "admin,member,reader");
  }

  @AfterAll
  void stop() {
    web.close();
    if (server != null) {
      server.close();
    }
  }

  private String task(String importFrom, String properties) {
    String body = "{\"type\": \"import\", \"input\": {\"import_from\": \"" + importFrom + "\","
        + " \"import_from_format\": \"raw\", \"image_properties\": " + properties + "}}";
    JsonNode created = admin.postJson("/v2/tasks", body).assertStatus(201).json();
    assertThat(created.get("type").asText()).isEqualTo("import");
    assertThat(created.get("status").asText()).isIn("pending", "processing", "success", "failure");
    assertThat(created.at("/input/import_from").asText()).isEqualTo(importFrom);
    return created.get("id").asText();
  }

  private JsonNode finished(String taskId) throws InterruptedException {
    Instant end = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(end)) {
      JsonNode t = admin.get("/v2/tasks/" + taskId).assertStatus(200).json();
      String status = t.get("status").asText();
      if (status.equals("success") || status.equals("failure")) {
        return t;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("task " + taskId + " did not finish");
  }

  private int imagesNamed(String name) {
    return admin.get("/v2/images?name=" + name).assertStatus(200).json().get("images").size();
  }

  @Test
  void anImportTaskCreatesTheImageAndFillsItFromTheUrl() throws Exception {
    byte[] data = ImportTest.data(50_000, 7);
    web.serve("/legacy.raw", data);
    String id = task(web.url("/legacy.raw"), "{\"name\": \"legacy-ok\", \"disk_format\": \"raw\","
        + " \"container_format\": \"bare\", \"os_distro\": \"cirros\"}");
    JsonNode done = finished(id);
    assertThat(done.get("status").asText()).as("%s", done).isEqualTo("success");
    String imageId = done.at("/result/image_id").asText();
    JsonNode image = admin.get("/v2/images/" + imageId).assertStatus(200).json();
    assertThat(image.get("name").asText()).isEqualTo("legacy-ok");
    assertThat(image.get("status").asText()).isEqualTo("active");
    assertThat(image.get("size").asLong()).isEqualTo(50_000);
    assertThat(image.get("os_distro").asText()).isEqualTo("cirros");
    assertThat(image.has("os_glance_import_task")).isFalse();
    assertThat(admin.get("/v2/images/" + imageId + "/file").bytes()).isEqualTo(data);
  }

  @Test
  void aUrlThatCannotBeReadFailsTheTaskAndLeavesNoImage() throws Exception {
    String id = task(web.url("/not-there.raw"), "{\"name\": \"legacy-404\", \"disk_format\": \"raw\","
        + " \"container_format\": \"bare\"}");
    JsonNode done = finished(id);
    assertThat(done.get("status").asText()).isEqualTo("failure");
    assertThat(done.get("message").asText()).contains("404");
    assertThat(imagesNamed("legacy-404")).isZero();
  }

  @Test
  void propertiesAnImageCreateRefusesFailTheTask() throws Exception {
    web.serve("/legacy-bad.raw", new byte[10]);
    String id = task(web.url("/legacy-bad.raw"), "{\"name\": \"legacy-bad\", \"disk_format\": \"floppy\","
        + " \"container_format\": \"bare\"}");
    JsonNode done = finished(id);
    assertThat(done.get("status").asText()).isEqualTo("failure");
    assertThat(done.get("message").asText()).contains("floppy");
    assertThat(imagesNamed("legacy-bad")).isZero();
  }

  @Test
  void dataThatIsNotInTheDeclaredFormatFailsTheTaskAndLeavesNoImage() throws Exception {
    web.serve("/legacy-fmt.qcow2", ImportTest.data(4096, 9));
    String id = task(web.url("/legacy-fmt.qcow2"), "{\"name\": \"legacy-fmt\", \"disk_format\": \"qcow2\","
        + " \"container_format\": \"bare\"}");
    assertThat(finished(id).get("status").asText()).isEqualTo("failure");
    assertThat(imagesNamed("legacy-fmt")).isZero();
  }

  @Test
  void aUrlTheFilterRefusesIsA400AndNoTask() {
    int before = admin.get("/v2/tasks").json().get("tasks").size();
    admin.postJson("/v2/tasks", "{\"type\": \"import\", \"input\": {\"import_from\": \"http://10.0.0.1:8080/x\","
        + " \"image_properties\": {}}}").assertError(400, "URI for legacy import task does not pass filtering");
    admin.postJson("/v2/tasks", "{\"type\": \"import\", \"input\": {\"import_from\": \"file:///etc/passwd\","
        + " \"image_properties\": {}}}").assertError(400, "does not pass filtering");
    assertThat(admin.get("/v2/tasks").json().get("tasks").size()).isEqualTo(before);
  }
}
