package org.glimpse.ft.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glimpse.ft.support.RabbitMq;
import org.glimpse.ft.support.RabbitMq.Delivery;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.DatabaseSuite;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ stopped ({@code rabbitmqctl stop_app}) while images are created: every request still
 * succeeds, the notifications wait in the outbox, and all of them arrive once RabbitMQ is back.
 * RabbitMQ is started again whatever happens. On H2 here; a subclass per database server.
 */
class NotificationsOutageTest extends DatabaseSuite {
  private final String publisherId = "image.ft-outage-" + UUID.randomUUID().toString().substring(0, 8);

  @Override
  protected Map<String, String> overrides() {
    return Map.of(
        "GLIMPSE_OSLO_MESSAGING_NOTIFICATIONS__DRIVER", "messagingv2",
        "GLIMPSE_OSLO_MESSAGING_NOTIFICATIONS__TRANSPORT_URL", RabbitMq.URL,
        "GLIMPSE_OSLO_MESSAGING_RABBIT__AMQP_DURABLE_QUEUES", "true",
        "GLIMPSE_OSLO_MESSAGING_RABBIT__RABBIT_RETRY_INTERVAL", "1",
        "GLIMPSE_OSLO_MESSAGING_RABBIT__RABBIT_RETRY_BACKOFF", "1",
        "GLIMPSE_OSLO_MESSAGING_RABBIT__RABBIT_INTERVAL_MAX", "2",
        "GLIMPSE_DEFAULT__DEFAULT_PUBLISHER_ID", publisherId);
  }

  private long pending() throws Exception {
    try (Connection c = server.openDatabase();
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM notification_outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void notificationsMadeWhileRabbitMqIsDownArriveOnceItIsBack() throws Exception {
    Client a = server.as("projA", "member,reader");
    RabbitMq rabbit = RabbitMq.connect();
    boolean stopped = false;
    try {
      rabbit.declareListenerQueues();
      String first = a.createImage("{\"name\": \"before\"}");
      assertThat(rabbit.take("notifications.info", publisherId, 1, Duration.ofSeconds(30)))
          .extracting(d -> d.message().at("/payload/id").asText()).containsExactly(first);

      RabbitMq.rabbitmqctl("stop_app");
      stopped = true;
      List<String> created = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        created.add(a.createImage("{\"name\": \"during-" + i + "\"}"));
      }
      a.delete("/v2/images/" + created.get(0)).assertStatus(204);
      Thread.sleep(3000); // several relay attempts fail meanwhile
      assertThat(pending()).isEqualTo(6);

      RabbitMq.rabbitmqctl("start_app");
      RabbitMq.rabbitmqctl("await_startup");
      stopped = false;
      rabbit.reconnect(Duration.ofSeconds(60));

      List<Delivery> arrived = rabbit.take("notifications.info", publisherId, 6, Duration.ofSeconds(60));
      assertThat(arrived).extracting(d -> d.message().get("event_type").asText())
          .containsExactly("image.create", "image.create", "image.create", "image.create", "image.create",
              "image.delete");
      assertThat(arrived.subList(0, 5)).extracting(d -> d.message().at("/payload/id").asText())
          .containsExactlyElementsOf(created);
      assertThat(arrived).extracting(d -> d.message().get("message_id").asText()).doesNotHaveDuplicates();
      for (int i = 0; i < 50 && pending() > 0; i++) {
        Thread.sleep(100);
      }
      assertThat(pending()).isZero();
      // nothing twice
      assertThat(rabbit.take("notifications.info", publisherId, 1, Duration.ofSeconds(2))).isEmpty();
    } finally {
      if (stopped) {
        RabbitMq.rabbitmqctl("start_app");
        RabbitMq.rabbitmqctl("await_startup");
      }
      rabbit.close();
    }
  }
}
