package org.glimpse.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.task.Task;
import org.glimpse.core.task.TaskStatus;
import org.junit.jupiter.api.Test;

class NotificationFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant CREATED = Instant.parse("2024-05-06T07:08:09.123456Z");
  private static final Instant NOW = Instant.parse("2024-05-06T07:08:10.000042Z");

  private static Image image() {
    Image image = new Image();
    image.setId("11111111-2222-3333-4444-555555555555");
    image.setName("cirros");
    image.setStatus(ImageStatus.ACTIVE);
    image.setVisibility(Visibility.PUBLIC);
    image.setOwner("p1");
    image.setDiskFormat("qcow2");
    image.setContainerFormat("bare");
    image.setSize(12L);
    image.setChecksum("0123456789abcdef0123456789abcdef");
    image.setLocation("file:///secret/place");
    image.setCreatedAt(CREATED);
    image.setUpdatedAt(CREATED);
    image.getProperties().put("os_glance_importing_to_stores", "a,b");
    image.getProperties().put("hw", "x");
    image.getTags().add("t2");
    image.getTags().add("t1");
    return image;
  }

  @Test
  void aTaskIsGlancesPayloadWithoutItsInputResultOrMessage() {
    Task pending = new Task("t-1", "api_image_import", TaskStatus.PENDING, "p1", "{\"secret\": \"s3\"}", null, "",
        null, CREATED, CREATED, "img", "req", "u1");
    Task failed = pending.finish(TaskStatus.FAILURE, "{\"image_id\": \"img\"}", "checksum mismatch", NOW,
        Instant.parse("2024-05-08T00:00:00Z"));

    Map<String, Object> p = NotificationFormat.task(pending, NOW);
    Map<String, Object> f = NotificationFormat.task(failed, NOW);

    assertThat(p.keySet()).containsExactly("id", "type", "status", "result", "owner", "message", "expires_at",
        "created_at", "updated_at", "deleted", "deleted_at");
    assertThat(p).containsEntry("id", "t-1").containsEntry("type", "api_image_import").containsEntry("status", "pending")
        .containsEntry("owner", "p1").containsEntry("result", null).containsEntry("message", null)
        .containsEntry("created_at", "2024-05-06T07:08:09Z").containsEntry("deleted", false)
        .containsEntry("deleted_at", null);
    // Glance's isotime of a missing time is the current time
    assertThat(p).containsEntry("expires_at", "2024-05-06T07:08:10Z");
    assertThat(f).containsEntry("status", "failure").containsEntry("result", null).containsEntry("message", null)
        .containsEntry("expires_at", "2024-05-08T00:00:00Z").containsEntry("updated_at", "2024-05-06T07:08:10Z");
    assertThat(p.values()).doesNotContain("{\"secret\": \"s3\"}");
  }

  @Test
  void anImageIsGlancesPayloadWithoutItsLocation() {
    Map<String, Object> p = NotificationFormat.image(image());

    assertThat(p.keySet()).containsExactly("id", "name", "status", "created_at", "updated_at", "min_disk",
        "min_ram", "protected", "checksum", "owner", "disk_format", "container_format", "size", "virtual_size",
        "is_public", "visibility", "properties", "tags", "deleted", "deleted_at");
    assertThat(p).containsEntry("created_at", "2024-05-06T07:08:09Z").containsEntry("status", "active")
        .containsEntry("is_public", true).containsEntry("visibility", "public").containsEntry("size", 12L)
        .containsEntry("deleted", false).containsEntry("deleted_at", null).containsEntry("virtual_size", null);
    assertThat(p.values()).doesNotContain("file:///secret/place");
    assertThat(p.get("tags")).asList().containsExactly("t1", "t2");
  }

  @Test
  void prepareAndUploadCarryTheImportPropertiesAsListsAndDeleteTheDeletionTime() {
    Map<String, Object> p = NotificationFormat.withImportProperties(NotificationFormat.image(image()), image());
    assertThat(p.get("os_glance_importing_to_stores")).asList().containsExactly("a", "b");
    assertThat(p.get("os_glance_failed_import")).asList().isEmpty();

    Map<String, Object> d = NotificationFormat.deleted(NotificationFormat.image(image()), NOW);
    assertThat(d).containsEntry("deleted", true).containsEntry("deleted_at", "2024-05-06T07:08:10Z");
  }

  @Test
  void membersAndSendsAreGlancesPayloads() {
    Member m = new Member("img", "p2", MemberStatus.ACCEPTED, false, CREATED, NOW);
    Map<String, Object> member = NotificationFormat.member(m);
    assertThat(member.keySet()).containsExactly("image_id", "member_id", "status", "created_at", "updated_at",
        "deleted", "deleted_at");
    assertThat(member).containsEntry("member_id", "p2").containsEntry("status", "accepted")
        .containsEntry("updated_at", "2024-05-06T07:08:10Z").containsEntry("deleted_at", null);

    RequestContext ctx = new RequestContext("p3", "u3", Set.of("member"), true, "req-1");
    assertThat(NotificationFormat.send(ctx, image(), 7)).containsExactlyEntriesOf(orderedMap(
        "bytes_sent", 7L, "image_id", "11111111-2222-3333-4444-555555555555", "owner_id", "p1",
        "receiver_tenant_id", "p3", "receiver_user_id", "u3"));
  }

  @Test
  void theMessageIsOsloMessagingsAndV2WrapsItAsAString() throws Exception {
    String message = NotificationFormat.json(NotificationFormat.message("mid", "image.localhost", "image.create",
        "INFO", Map.of("name", "caf\u00e9"), NOW));
    JsonNode m = JSON.readTree(message);
    assertThat(m.get("message_id").asText()).isEqualTo("mid");
    assertThat(m.get("publisher_id").asText()).isEqualTo("image.localhost");
    assertThat(m.get("event_type").asText()).isEqualTo("image.create");
    assertThat(m.get("priority").asText()).isEqualTo("INFO");
    assertThat(m.get("timestamp").asText()).isEqualTo("2024-05-06 07:08:10.000042");
    assertThat(m.get("_unique_id").asText()).matches("[0-9a-f]{32}");
    assertThat(message).contains("caf\\u00e9").doesNotContain("\u00e9");

    JsonNode envelope = JSON.readTree(NotificationFormat.envelopeV2(message));
    assertThat(envelope.get("oslo.version").asText()).isEqualTo("2.0");
    assertThat(envelope.get("oslo.message").asText()).isEqualTo(message);
  }

  @Test
  void timestampsAreWhatPythonPrints() {
    assertThat(NotificationFormat.pythonUtc(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02 03:04:05");
    assertThat(NotificationFormat.pythonUtc(Instant.parse("2024-01-02T03:04:05.5Z")))
        .isEqualTo("2024-01-02 03:04:05.500000");
    assertThat(NotificationFormat.isotime(Instant.parse("2024-01-02T03:04:05.999Z"))).isEqualTo("2024-01-02T03:04:05Z");
  }

  private static Map<String, Object> orderedMap(Object... kv) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put((String) kv[i], kv[i + 1]);
    }
    return map;
  }
}
