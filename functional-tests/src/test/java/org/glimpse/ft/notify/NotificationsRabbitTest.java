package org.glimpse.ft.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.glimpse.ft.support.RabbitMq;
import org.glimpse.ft.support.RabbitMq.Delivery;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every event type Glimpse sends, as a Ceilometer listener receives it from the real RabbitMQ:
 * the messagingv2 envelope on exchange glance, routing key notifications.info (or .error), and
 * Glance's payloads.
 */
class NotificationsRabbitTest extends ServerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Set<String> IMAGE_KEYS = Set.of("id", "name", "status", "created_at", "updated_at",
      "min_disk", "min_ram", "protected", "checksum", "owner", "disk_format", "container_format", "size",
      "virtual_size", "is_public", "visibility", "properties", "tags", "deleted", "deleted_at");
  private final String publisherId = "image.ft-" + UUID.randomUUID().toString().substring(0, 8);
  private RabbitMq rabbit;

  @Override
  protected Map<String, String> overrides() {
    return Map.of(
        "GLIMPSE_OSLO_MESSAGING_NOTIFICATIONS__DRIVER", "messagingv2",
        "GLIMPSE_OSLO_MESSAGING_NOTIFICATIONS__TRANSPORT_URL", RabbitMq.URL,
        "GLIMPSE_OSLO_MESSAGING_RABBIT__AMQP_DURABLE_QUEUES", "true",
        "GLIMPSE_DEFAULT__DEFAULT_PUBLISHER_ID", publisherId,
        "GLIMPSE_DEFAULT__IMAGE_SIZE_CAP", "1000");
  }

  @BeforeEach
  void listen() throws Exception {
    rabbit = RabbitMq.connect();
    rabbit.declareListenerQueues();
  }

  @AfterEach
  void closeRabbit() {
    if (rabbit != null) {
      rabbit.close();
    }
  }

  @Test
  void everyEventArrivesInOsloMessagingsEnvelopeWithGlancesPayload() throws Exception {
    byte[] data = new byte[500];
    data[0] = 42;
    String id = a.createImage("{\"name\": \"n1\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}");
    a.patch("/v2/images/" + id, "[{\"op\": \"add\", \"path\": \"/foo\", \"value\": \"b\u00e4r\"}]").assertStatus(200);
    a.putData("/v2/images/" + id + "/file", data).assertStatus(204);
    a.get("/v2/images/" + id + "/file").assertStatus(200);
    a.postJson("/v2/images/" + id + "/members", "{\"member\": \"projB\"}").assertStatus(200);
    b.putJson("/v2/images/" + id + "/members/projB", "{\"status\": \"accepted\"}").assertStatus(200);
    a.delete("/v2/images/" + id + "/members/projB").assertStatus(204);
    admin.post("/v2/images/" + id + "/actions/deactivate").assertStatus(204);
    admin.post("/v2/images/" + id + "/actions/reactivate").assertStatus(204);
    a.delete("/v2/images/" + id).assertStatus(204);
    // an upload that goes beyond image_size_cap while it streams fails: image.upload at ERROR priority
    String failing = a.createImage("{\"name\": \"n2\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}");
    a.putChunked("/v2/images/" + failing + "/file", new java.io.ByteArrayInputStream(new byte[2000]))
        .assertStatus(413);

    List<String> expected = List.of("image.create", "image.update", "image.update", "image.prepare",
        "image.upload", "image.activate", "image.update", "image.send", "image.member.create",
        "image.member.update", "image.member.delete", "image.update", "image.update", "image.delete",
        "image.create", "image.update", "image.prepare", "image.update");
    List<Delivery> info = rabbit.take("notifications.info", publisherId, expected.size(), WAIT);
    assertThat(info).extracting(d -> d.message().get("event_type").asText()).containsExactlyElementsOf(expected);
    List<Delivery> errors = rabbit.take("notifications.error", publisherId, 1, WAIT);
    assertThat(errors).hasSize(1);

    Set<String> messageIds = new java.util.HashSet<>();
    for (Delivery d : concat(info, errors)) {
      assertEnvelope(d);
      messageIds.add(d.message().get("message_id").asText());
    }
    assertThat(messageIds).hasSize(info.size() + errors.size());

    JsonNode create = info.get(0).message().get("payload");
    assertThat(fieldNames(create)).isEqualTo(IMAGE_KEYS);
    assertThat(create.get("id").asText()).isEqualTo(id);
    assertThat(create.get("name").asText()).isEqualTo("n1");
    assertThat(create.get("status").asText()).isEqualTo("queued");
    assertThat(create.get("owner").asText()).isEqualTo("projA");
    assertThat(create.get("visibility").asText()).isEqualTo("shared");
    assertThat(create.get("is_public").asBoolean()).isFalse();
    assertThat(create.get("deleted").asBoolean()).isFalse();
    assertThat(create.get("deleted_at").isNull()).isTrue();
    assertThat(create.get("size").isNull()).isTrue();
    assertThat(create.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(create.get("properties").size()).isZero();
    assertThat(create.get("tags").isArray()).isTrue();

    assertThat(info.get(1).message().at("/payload/properties/foo").asText()).isEqualTo("b\u00e4r");
    // Python's json.dumps escapes non-ASCII characters
    assertThat(info.get(1).envelope().get("oslo.message").asText()).contains("b\\u00e4r");
    assertThat(info.get(2).message().at("/payload/status").asText()).isEqualTo("saving");
    JsonNode prepare = info.get(3).message().get("payload");
    assertThat(prepare.get("status").asText()).isEqualTo("saving");
    assertThat(prepare.get("os_glance_importing_to_stores").isArray()).isTrue();
    assertThat(prepare.get("os_glance_failed_import").isArray()).isTrue();
    JsonNode upload = info.get(4).message().get("payload");
    assertThat(upload.get("status").asText()).isEqualTo("active");
    assertThat(upload.get("size").asLong()).isEqualTo(500);
    assertThat(upload.get("checksum").asText()).isEqualTo(md5(data));
    assertThat(upload.has("os_glance_importing_to_stores")).isTrue();
    assertThat(info.get(5).message().at("/payload/status").asText()).isEqualTo("active");
    assertThat(info.get(6).message().at("/payload/status").asText()).isEqualTo("active");

    JsonNode send = info.get(7).message().get("payload");
    assertThat(fieldNames(send)).isEqualTo(Set.of("bytes_sent", "image_id", "owner_id", "receiver_tenant_id",
        "receiver_user_id"));
    assertThat(send.get("bytes_sent").asLong()).isEqualTo(500);
    assertThat(send.get("image_id").asText()).isEqualTo(id);
    assertThat(send.get("owner_id").asText()).isEqualTo("projA");
    assertThat(send.get("receiver_tenant_id").asText()).isEqualTo("projA");
    assertThat(send.get("receiver_user_id").asText()).isEqualTo("user-of-projA");

    JsonNode memberCreate = info.get(8).message().get("payload");
    assertThat(fieldNames(memberCreate)).isEqualTo(Set.of("image_id", "member_id", "status", "created_at",
        "updated_at", "deleted", "deleted_at"));
    assertThat(memberCreate.get("image_id").asText()).isEqualTo(id);
    assertThat(memberCreate.get("member_id").asText()).isEqualTo("projB");
    assertThat(memberCreate.get("status").asText()).isEqualTo("pending");
    assertThat(info.get(9).message().at("/payload/status").asText()).isEqualTo("accepted");
    JsonNode memberDelete = info.get(10).message().get("payload");
    assertThat(memberDelete.get("deleted").asBoolean()).isTrue();
    assertThat(memberDelete.get("deleted_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    assertThat(info.get(11).message().at("/payload/status").asText()).isEqualTo("deactivated");
    assertThat(info.get(12).message().at("/payload/status").asText()).isEqualTo("active");
    JsonNode delete = info.get(13).message().get("payload");
    assertThat(delete.get("id").asText()).isEqualTo(id);
    assertThat(delete.get("status").asText()).isEqualTo("deleted");
    assertThat(delete.get("deleted").asBoolean()).isTrue();
    assertThat(delete.get("deleted_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    assertThat(info.get(17).message().at("/payload/status").asText()).isEqualTo("queued");
    Delivery error = errors.get(0);
    assertThat(error.routingKey()).isEqualTo("notifications.error");
    assertThat(error.message().get("event_type").asText()).isEqualTo("image.upload");
    assertThat(error.message().get("priority").asText()).isEqualTo("ERROR");
    assertThat(error.message().get("payload").isTextual()).isTrue();
    assertThat(error.message().get("payload").asText()).contains(failing);
  }

  @Test
  void disabledNotificationsAreNotSent() throws Exception {
    try (var quiet = org.glimpse.ft.support.GlimpseTestServer.start(null, withDisabled("image.member,image.update"))) {
      var client = quiet.as("projA", "member,reader");
      String id = client.createImage("{\"name\": \"q\"}");
      client.patch("/v2/images/" + id, "[{\"op\": \"add\", \"path\": \"/foo\", \"value\": \"x\"}]").assertStatus(200);
      client.postJson("/v2/images/" + id + "/members", "{\"member\": \"projB\"}").assertStatus(200);
      client.delete("/v2/images/" + id).assertStatus(204);
      List<Delivery> info = rabbit.take("notifications.info", publisherId + "-quiet", 2, WAIT);
      assertThat(info).extracting(d -> d.message().get("event_type").asText())
          .containsExactly("image.create", "image.delete");
      assertThat(rabbit.take("notifications.info", publisherId + "-quiet", 1, Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  void anExchangeAndQueuesThatExistWithOtherDurabilityAreUsedAsTheyAre() throws Exception {
    // the listener made them durable; this server is configured with oslo's default (not durable)
    Map<String, String> settings = new HashMap<>(overrides());
    settings.put("GLIMPSE_OSLO_MESSAGING_RABBIT__AMQP_DURABLE_QUEUES", "false");
    settings.put("GLIMPSE_DEFAULT__DEFAULT_PUBLISHER_ID", publisherId + "-transient");
    try (var other = org.glimpse.ft.support.GlimpseTestServer.start(null, settings)) {
      String id = other.as("projA", "member,reader").createImage("{\"name\": \"t\"}");
      assertThat(rabbit.take("notifications.info", publisherId + "-transient", 1, WAIT))
          .extracting(d -> d.message().at("/payload/id").asText()).containsExactly(id);
    }
  }

  @Test
  void importsAnnounceTheirTaskAsGlanceDoes() throws Exception {
    Map<String, String> settings = new HashMap<>(overrides());
    settings.put("GLIMPSE_DEFAULT__DEFAULT_PUBLISHER_ID", publisherId + "-tasks");
    settings.put("GLIMPSE_DEFAULT__DISABLED_NOTIFICATIONS", "image");
    try (var server = org.glimpse.ft.support.GlimpseTestServer.start(null, settings)) {
      var client = server.as("projA", "member,reader");
      var tasksAdmin = server.as("projAdmin", "admin");
      String good = client.createImage("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
      client.putData("/v2/images/" + good + "/stage", new byte[100]).assertStatus(204);
      client.postJson("/v2/images/" + good + "/import", "{\"method\": {\"name\": \"glance-direct\"}}")
          .assertStatus(202);
      List<Delivery> succeeded = rabbit.take("notifications.info", publisherId + "-tasks", 4, WAIT);
      assertTaskEvents(succeeded, tasksAdmin, good, "success");

      // validation_data that does not match the data fails the task
      String bad = client.createImage("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
      client.putData("/v2/images/" + bad + "/stage", new byte[100]).assertStatus(204);
      client.postJson("/v2/images/" + bad + "/import", "{\"method\": {\"name\": \"glance-direct\", \"validation_data\":"
          + " {\"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + "0".repeat(128) + "\"}}}")
          .assertStatus(202);
      List<Delivery> failed = rabbit.take("notifications.info", publisherId + "-tasks", 4, WAIT);
      assertTaskEvents(failed, tasksAdmin, bad, "failure");
      assertThat(rabbit.take("notifications.info", publisherId + "-tasks", 1, Duration.ofSeconds(2))).isEmpty();
    }
  }

  /** task.create, .processing, the outcome and task.run, all INFO, all about one task of the image. */
  private void assertTaskEvents(List<Delivery> events, org.glimpse.ft.support.Client admin, String imageId,
      String outcome) {
    assertThat(events).extracting(d -> d.message().get("event_type").asText())
        .containsExactly("task.create", "task.processing", "task." + outcome, "task.run");
    assertThat(events).extracting(d -> d.message().at("/payload/status").asText())
        .containsExactly("pending", "processing", outcome, "pending");
    String taskId = events.get(0).message().at("/payload/id").asText();
    for (Delivery d : events) {
      assertEnvelope(d, publisherId + "-tasks");
      JsonNode payload = d.message().get("payload");
      assertThat(fieldNames(payload)).isEqualTo(Set.of("id", "type", "status", "result", "owner", "message",
          "expires_at", "created_at", "updated_at", "deleted", "deleted_at"));
      assertThat(payload.get("id").asText()).isEqualTo(taskId);
      assertThat(payload.get("type").asText()).isEqualTo("api_image_import");
      assertThat(payload.get("owner").asText()).isEqualTo("projA");
      // never the input (it may hold secrets); result and message are always null, as in Glance
      assertThat(payload.get("result").isNull()).isTrue();
      assertThat(payload.get("message").isNull()).isTrue();
      assertThat(payload.get("deleted").asBoolean()).isFalse();
      assertThat(payload.get("expires_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
    assertThat(admin.get("/v2/tasks/" + taskId).assertStatus(200).json().at("/input/image_id").asText())
        .isEqualTo(imageId);
  }

  private Map<String, String> withDisabled(String disabled) {
    Map<String, String> settings = new HashMap<>(overrides());
    settings.put("GLIMPSE_DEFAULT__DEFAULT_PUBLISHER_ID", publisherId + "-quiet");
    settings.put("GLIMPSE_DEFAULT__DISABLED_NOTIFICATIONS", disabled);
    return settings;
  }

  private void assertEnvelope(Delivery d) {
    assertEnvelope(d, publisherId);
  }

  private void assertEnvelope(Delivery d, String publisher) {
    assertThat(d.exchange()).isEqualTo("glance");
    assertThat(d.routingKey()).isEqualTo("notifications." + d.message().get("priority").asText().toLowerCase());
    assertThat(d.contentType()).isEqualTo("application/json");
    assertThat(d.contentEncoding()).isEqualTo("utf-8");
    assertThat(d.deliveryMode()).isEqualTo(2);
    assertThat(fieldNames(d.envelope())).isEqualTo(Set.of("oslo.version", "oslo.message"));
    assertThat(d.envelope().get("oslo.version").asText()).isEqualTo("2.0");
    assertThat(d.envelope().get("oslo.message").isTextual()).isTrue();
    JsonNode m = d.message();
    assertThat(fieldNames(m)).isEqualTo(Set.of("message_id", "publisher_id", "event_type", "priority", "payload",
        "timestamp", "_unique_id"));
    assertThat(m.get("message_id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(m.get("publisher_id").asText()).isEqualTo(publisher);
    assertThat(m.get("priority").asText()).isIn("INFO", "ERROR");
    // str(datetime.utcnow()) in Python
    assertThat(m.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
    assertThat(m.get("_unique_id").asText()).matches("[0-9a-f]{32}");
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new java.util.HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<Delivery> concat(List<Delivery> x, List<Delivery> y) {
    List<Delivery> all = new ArrayList<>(x);
    all.addAll(y);
    return all;
  }

  private static String md5(byte[] data) throws Exception {
    return String.format("%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(data)));
  }
}
