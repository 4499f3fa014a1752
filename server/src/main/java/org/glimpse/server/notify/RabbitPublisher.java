package org.glimpse.server.notify;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.glimpse.db.NotificationOutbox.Entry;
import org.glimpse.server.config.GlimpseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes notifications as oslo.messaging's rabbit driver does: to the control exchange (a
 * topic exchange) with routing key {@code <topic>.<priority>}, after declaring a queue of that
 * name bound to it, so that notifications sent before any listener exists wait for it; JSON,
 * UTF-8, persistent. Unlike oslo.messaging it runs the channel in confirm mode and returns only
 * once the broker confirmed every message. One connection, opened on first use and dropped at the
 * first failure; the {@link OutboxRelay} retries.
 */
public final class RabbitPublisher implements Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitPublisher.class);
  private static final int PRECONDITION_FAILED = 406;
  private static final long CONFIRM_TIMEOUT_MS = 15_000;

  private final ConnectionFactory factory;
  private final List<Address> addresses;
  private final String exchange;
  private final List<String> topics;
  private final boolean v1;
  private final boolean v2;
  private final GlimpseConfig.Rabbit rabbit;

  private Connection connection;
  private Channel channel;
  /** Whether the queues are declared durable (amqp_durable_queues, or quorum queues). */
  private boolean durable;
  private final Set<String> declaredQueues = new HashSet<>();

  public RabbitPublisher(TransportUrl url, GlimpseConfig.Rabbit rabbit, String exchange, List<String> topics,
      boolean messagingV1, boolean messagingV2) {
    this.rabbit = rabbit;
    this.exchange = exchange;
    this.topics = List.copyOf(topics);
    this.v1 = messagingV1;
    this.v2 = messagingV2;
    this.addresses = url.hosts().stream().map(h -> new Address(h.host(), h.port())).toList();
    factory = new ConnectionFactory();
    factory.setUsername(url.user());
    factory.setPassword(url.password());
    factory.setVirtualHost(url.virtualHost());
    factory.setRequestedHeartbeat(rabbit.heartbeatTimeoutThreshold() / 2);
    factory.setConnectionTimeout(10_000);
    factory.setHandshakeTimeout(10_000);
    factory.setAutomaticRecoveryEnabled(false); // the relay reconnects, from the outbox
    factory.setTopologyRecoveryEnabled(false);
  }

  @Override
  public synchronized void publish(List<Entry> entries) throws Exception {
    try {
      open();
      for (Entry entry : entries) {
        String routingKey = null;
        for (String topic : topics) {
          routingKey = topic + "." + entry.priority().toLowerCase(Locale.ROOT);
          declareQueue(routingKey);
          if (v2) {
            send(routingKey, NotificationFormat.envelopeV2(entry.message()));
          }
          if (v1) {
            send(routingKey, entry.message());
          }
        }
      }
      channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private void send(String routingKey, String body) throws IOException {
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .contentEncoding("utf-8")
        .deliveryMode(2)
        .priority(0)
        .build();
    channel.basicPublish(exchange, routingKey, false, properties, body.getBytes(StandardCharsets.UTF_8));
  }

  private void open() throws Exception {
    if (channel != null && channel.isOpen()) {
      return;
    }
    close();
    connection = factory.newConnection(addresses, "glimpse-notifications");
    channel = connection.createChannel();
    channel.confirmSelect();
    declaredQueues.clear();
    durable = rabbit.durableQueues() || rabbit.quorumQueue();
    try {
      channel.exchangeDeclare(exchange, "topic", durable, rabbit.autoDelete(), null);
    } catch (IOException e) {
      if (!preconditionFailed(e)) {
        throw e;
      }
      // the exchange exists with another durability (another service, or an earlier setting made
      // it): use it as it is, where oslo.messaging only copes with an existing non-durable one
      LOG.warn("exchange {} exists with other arguments than amqp_durable_queues/amqp_auto_delete give;"
          + " using it as it is", exchange);
      reopenChannel();
      channel.exchangeDeclarePassive(exchange);
    }
  }

  private void declareQueue(String routingKey) throws IOException {
    if (declaredQueues.contains(routingKey)) {
      return;
    }
    Map<String, Object> arguments = new HashMap<>();
    if (rabbit.haQueues()) {
      arguments.put("x-ha-policy", "all");
    }
    if (rabbit.quorumQueue()) {
      arguments.put("x-queue-type", "quorum");
    }
    try {
      channel.queueDeclare(routingKey, durable || rabbit.quorumQueue(), false, rabbit.autoDelete(), arguments);
    } catch (IOException e) {
      if (!preconditionFailed(e)) {
        throw e;
      }
      // a listener declared it with other arguments: it exists, which is what matters
      LOG.warn("queue {} exists with other arguments than Glimpse would give it; using it as it is", routingKey);
      reopenChannel();
    }
    channel.queueBind(routingKey, exchange, routingKey);
    declaredQueues.add(routingKey);
  }

  private void reopenChannel() throws IOException {
    channel = connection.createChannel();
    channel.confirmSelect();
  }

  private static boolean preconditionFailed(IOException e) {
    return e.getCause() instanceof ShutdownSignalException s
        && s.getReason() instanceof AMQP.Channel.Close close
        && close.getReplyCode() == PRECONDITION_FAILED;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.abort(2_000);
      } catch (RuntimeException e) {
        LOG.debug("closing the RabbitMQ connection", e);
      }
    }
    connection = null;
    channel = null;
  }
}
