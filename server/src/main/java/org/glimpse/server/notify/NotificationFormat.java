package org.glimpse.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.task.Task;

/**
 * Notifications as Glance sends them through oslo.messaging: the payloads of glance/notifier.py
 * and the message oslo.messaging's Notifier builds around one, and the two envelopes its drivers
 * put on the wire. Pure functions of their input and the given clock reading.
 */
public final class NotificationFormat {
  /** oslo.messaging's JSON: Python's json.dumps, which escapes every non-ASCII character. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE) // \u00e4, as Python writes it
      .build();
  /** Glance's timeutils.isotime: seconds, then Z. */
  private static final DateTimeFormatter ISOTIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter PY_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private NotificationFormat() {}

  /** format_image_notification: the image without its location (it may hold credentials). */
  public static Map<String, Object> image(Image image) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", image.getId());
    p.put("name", image.getName());
    p.put("status", image.getStatus().wire());
    p.put("created_at", isotime(image.getCreatedAt()));
    p.put("updated_at", isotime(image.getUpdatedAt()));
    p.put("min_disk", image.getMinDisk());
    p.put("min_ram", image.getMinRam());
    p.put("protected", image.isProtected());
    p.put("checksum", image.getChecksum());
    p.put("owner", image.getOwner());
    p.put("disk_format", image.getDiskFormat());
    p.put("container_format", image.getContainerFormat());
    p.put("size", image.getSize());
    p.put("virtual_size", image.getVirtualSize());
    p.put("is_public", "public".equals(image.getVisibility().wire()));
    p.put("visibility", image.getVisibility().wire());
    p.put("properties", new TreeMap<>(image.getProperties()));
    p.put("tags", new ArrayList<>(new java.util.TreeSet<>(image.getTags())));
    p.put("deleted", false);
    p.put("deleted_at", null);
    return p;
  }

  /** What image.prepare and image.upload add: the import properties, as lists. */
  public static Map<String, Object> withImportProperties(Map<String, Object> payload, Image image) {
    payload.put("os_glance_importing_to_stores", split(image.getProperties().get("os_glance_importing_to_stores")));
    payload.put("os_glance_failed_import", split(image.getProperties().get("os_glance_failed_import")));
    return payload;
  }

  /** What a delete adds: the record is gone as of {@code now}. */
  public static Map<String, Object> deleted(Map<String, Object> payload, Instant now) {
    payload.put("deleted", true);
    payload.put("deleted_at", isotime(now));
    return payload;
  }

  /** format_image_member_notification. */
  public static Map<String, Object> member(Member member) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("image_id", member.imageId());
    p.put("member_id", member.memberId());
    p.put("status", member.status().wire());
    p.put("created_at", isotime(member.createdAt()));
    p.put("updated_at", isotime(member.updatedAt()));
    p.put("deleted", false);
    p.put("deleted_at", null);
    return p;
  }

  /** image.send's payload. */
  /**
   * Glance's task payload: never the input (it may hold secrets), and result and message always
   * null. An unset expires_at is written as {@code now}, as Glance's isotime writes a missing time.
   */
  public static Map<String, Object> task(Task task, Instant now) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", task.id());
    p.put("type", task.type());
    p.put("status", task.status().wire());
    p.put("result", null);
    p.put("owner", task.owner());
    p.put("message", null);
    p.put("expires_at", isotime(task.expiresAt() == null ? now : task.expiresAt()));
    p.put("created_at", isotime(task.createdAt()));
    p.put("updated_at", isotime(task.updatedAt()));
    p.put("deleted", false);
    p.put("deleted_at", null);
    return p;
  }

  public static Map<String, Object> send(RequestContext ctx, Image image, long bytesSent) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("bytes_sent", bytesSent);
    p.put("image_id", image.getId());
    p.put("owner_id", image.getOwner());
    p.put("receiver_tenant_id", ctx.projectId());
    p.put("receiver_user_id", ctx.userId());
    return p;
  }

  /**
   * The message oslo.messaging's Notifier sends (Glance passes an empty context, so no
   * {@code _context_*} keys): message_id, publisher_id, event_type, priority, payload, timestamp,
   * and the AMQP driver's {@code _unique_id}.
   */
  public static Map<String, Object> message(String messageId, String publisherId, String eventType,
      String priority, Object payload, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("message_id", messageId);
    m.put("publisher_id", publisherId);
    m.put("event_type", eventType);
    m.put("priority", priority);
    m.put("payload", payload);
    m.put("timestamp", pythonUtc(now));
    m.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
    return m;
  }

  /** The messagingv2 driver's envelope: the message as a JSON string inside. */
  public static String envelopeV2(String messageJson) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("oslo.version", "2.0");
    envelope.put("oslo.message", messageJson);
    return json(envelope);
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("notification not serializable: " + e.getMessage(), e);
    }
  }

  static String isotime(Instant instant) {
    return instant == null ? null : ISOTIME.format(instant);
  }

  /** Python's str(datetime.utcnow()): microseconds, left out when zero. */
  static String pythonUtc(Instant instant) {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    String seconds = PY_SECONDS.format(micros);
    int us = micros.getNano() / 1000;
    return us == 0 ? seconds : seconds + String.format(".%06d", us);
  }

  private static List<String> split(String value) {
    return value == null || value.isEmpty() ? List.of() : List.of(value.split(","));
  }
}
