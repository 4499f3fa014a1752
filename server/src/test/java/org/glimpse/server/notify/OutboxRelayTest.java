package org.glimpse.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.glimpse.db.Database;
import org.glimpse.db.NotificationOutbox.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay over a real (H2) outbox and a publisher that fails when told to. */
class OutboxRelayTest {
  private static final OutboxRelay.Backoff FAST =
      new OutboxRelay.Backoff(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(200));
  private final Database database = Database.open("h2:mem:" + UUID.randomUUID());
  private final List<OutboxRelay> relays = new ArrayList<>();

  /** Records what it published; fails while {@code failing} is positive (counting down). */
  private static final class FakePublisher implements Publisher {
    final List<String> published = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failing = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public void publish(List<Entry> entries) throws Exception {
      attempts.incrementAndGet();
      if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new java.net.ConnectException("Connection refused");
      }
      entries.forEach(e -> published.add(e.messageId()));
    }

    @Override
    public void close() {}
  }

  @AfterEach
  void close() {
    relays.forEach(OutboxRelay::close);
    database.close();
  }

  private OutboxRelay relay(Publisher publisher) {
    OutboxRelay relay = new OutboxRelay(database.outbox(), publisher, FAST, NotifyMetrics.NONE, Instant::now);
    relays.add(relay);
    return relay.start();
  }

  private void add(int count, String prefix) {
    for (int i = 0; i < count; i++) {
      database.outbox().add(prefix + i, "INFO", "{}", Instant.now());
    }
  }

  private static void eventually(Runnable check) throws InterruptedException {
    AssertionError last = null;
    for (int i = 0; i < 200; i++) {
      try {
        check.run();
        return;
      } catch (AssertionError e) {
        last = e;
        Thread.sleep(50);
      }
    }
    throw last;
  }

  @Test
  void entriesArePublishedInOrderAndThenDeleted() throws Exception {
    FakePublisher publisher = new FakePublisher();
    add(250, "m");
    relay(publisher);
    eventually(() -> assertThat(publisher.published).hasSize(250));
    assertThat(publisher.published.get(0)).isEqualTo("m0");
    assertThat(publisher.published.get(249)).isEqualTo("m249");
    eventually(() -> assertThat(database.outbox().pending()).isZero());
  }

  @Test
  void whileThePublisherFailsEntriesWaitAndAreRetriedWithBackoff() throws Exception {
    FakePublisher publisher = new FakePublisher();
    publisher.failing.set(4);
    add(3, "m");
    relay(publisher);
    eventually(() -> assertThat(publisher.published).containsExactly("m0", "m1", "m2"));
    assertThat(publisher.attempts.get()).isEqualTo(5);
    // the relay deletes what it published once publish returns, a moment after the list saw it
    eventually(() -> assertThat(database.outbox().pending()).isZero());
  }

  @Test
  void aWakeUpDoesNotCutABackoffShort() throws Exception {
    FakePublisher publisher = new FakePublisher();
    publisher.failing.set(Integer.MAX_VALUE);
    OutboxRelay relay = new OutboxRelay(database.outbox(), publisher,
        new OutboxRelay.Backoff(Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(2)), NotifyMetrics.NONE,
        Instant::now);
    relays.add(relay);
    add(1, "m");
    relay.start();
    eventually(() -> assertThat(publisher.attempts.get()).isEqualTo(1));
    for (int i = 0; i < 20; i++) {
      relay.wake();
      Thread.sleep(50);
    }
    assertThat(publisher.attempts.get()).isEqualTo(1);
  }

  @Test
  void relaysSharingTheDatabasePublishEachEntryOnce() throws Exception {
    FakePublisher one = new FakePublisher();
    FakePublisher two = new FakePublisher();
    relay(one);
    relay(two);
    add(600, "m");
    eventually(() -> assertThat(one.published.size() + two.published.size()).isEqualTo(600));
    List<String> all = new ArrayList<>(one.published);
    all.addAll(two.published);
    assertThat(all).doesNotHaveDuplicates();
  }
}
