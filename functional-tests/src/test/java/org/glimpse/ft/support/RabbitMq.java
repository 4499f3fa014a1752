package org.glimpse.ft.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The RabbitMQ at 127.0.0.1:5672 (guest/guest), seen as a notification consumer sees it: queues
 * named {@code <topic>.<priority>} on the {@code glance} exchange, bound as Ceilometer's listener
 * (oslo.messaging) binds them. Unreachable: the test is skipped, or fails with
 * GLIMPSE_REQUIRE_SERVICES=1. Only these tests use this RabbitMQ, so they may stop and start it.
 */
public final class RabbitMq implements AutoCloseable {
  public static final String URL = "rabbit://guest:guest@127.0.0.1:5672/";
  public static final String EXCHANGE = "glance";
  public static final List<String> QUEUES = List.of("notifications.info", "notifications.error");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message as delivered: its AMQP envelope and properties, and the oslo.messaging envelope. */
  public record Delivery(String exchange, String routingKey, String contentType, String contentEncoding,
      Integer deliveryMode, JsonNode envelope, JsonNode message) {}

  private Connection connection;
  private Channel channel;

  private RabbitMq() {}

  /** Connects, or skips the calling test (fails it when services are required). */
  public static RabbitMq connect() {
    RabbitMq rabbit = new RabbitMq();
    try {
      rabbit.open();
    } catch (Exception e) {
      RequiredService.missing("RabbitMQ is unreachable at 127.0.0.1:5672: " + e, "start rabbitmq-server");
    }
    return rabbit;
  }

  private void open() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    factory.setUsername("guest");
    factory.setPassword("guest");
    factory.setConnectionTimeout(5_000);
    factory.setAutomaticRecoveryEnabled(false);
    connection = factory.newConnection("glimpse-ft");
    channel = connection.createChannel();
  }

  /** Connects again (after the broker restarted), retrying for up to {@code within}. */
  public void reconnect(Duration within) throws InterruptedException {
    close();
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        open();
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("RabbitMQ did not come back within " + within, e);
        }
        Thread.sleep(500);
      }
    }
  }

  /**
   * Declares the exchange and Ceilometer's queues (durable, as with amqp_durable_queues) and
   * empties them.
   */
  public void declareListenerQueues() throws IOException {
    channel.exchangeDeclare(EXCHANGE, "topic", true, false, null);
    for (String queue : QUEUES) {
      channel.queueDeclare(queue, true, false, false, null);
      channel.queueBind(queue, EXCHANGE, queue);
      channel.queuePurge(queue);
    }
  }

  /**
   * Takes messages from {@code queue} until {@code count} of them come from {@code publisherId}
   * (others are dropped) or {@code timeout} passed; returns those, in the order they came.
   */
  public List<Delivery> take(String queue, String publisherId, int count, Duration timeout)
      throws IOException, InterruptedException {
    List<Delivery> taken = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (taken.size() < count && System.nanoTime() < deadline) {
      GetResponse r = channel.basicGet(queue, true);
      if (r == null) {
        TimeUnit.MILLISECONDS.sleep(50);
        continue;
      }
      JsonNode envelope = JSON.readTree(new String(r.getBody(), StandardCharsets.UTF_8));
      JsonNode message = envelope.has("oslo.message")
          ? JSON.readTree(envelope.get("oslo.message").asText()) : envelope;
      if (publisherId.equals(message.path("publisher_id").asText())) {
        taken.add(new Delivery(r.getEnvelope().getExchange(), r.getEnvelope().getRoutingKey(),
            r.getProps().getContentType(), r.getProps().getContentEncoding(), r.getProps().getDeliveryMode(),
            envelope, message));
      }
    }
    return taken;
  }

  /** Runs rabbitmqctl with {@code args} (this host's broker), failing unless it succeeds within 2 minutes. */
  public static void rabbitmqctl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("rabbitmqctl " + String.join(" ", args) + " did not finish in 2 minutes");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError("rabbitmqctl " + String.join(" ", args) + " failed: " + output);
    }
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.abort(2_000);
      }
    } catch (RuntimeException ignored) {
      // gone already
    }
    connection = null;
    channel = null;
  }
}
