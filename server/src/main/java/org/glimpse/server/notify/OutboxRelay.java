package org.glimpse.server.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.glimpse.db.NotificationOutbox;
import org.glimpse.db.NotificationOutbox.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves notifications from the outbox to the broker, on one daemon thread per process: claims a
 * batch of the oldest rows under a lease, publishes it with confirms, deletes what was confirmed.
 * When the broker (or the database) fails, the claim is given back and the relay waits, longer
 * after each failure as oslo.messaging's rabbit driver does ({@code rabbit_retry_interval} plus
 * {@code rabbit_retry_backoff} per attempt, at most {@code rabbit_interval_max}); the outage is
 * logged once when it starts and once when it ends. Processes sharing the database claim disjoint
 * rows. A process that dies after publishing and before deleting leaves its rows to be claimed
 * again once their lease expired: delivery is at least once, and consumers drop duplicates by
 * {@code message_id}, which stays the same.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  static final int BATCH = 100;
  static final Duration LEASE = Duration.ofSeconds(120);
  /** How often an idle relay looks for rows written by other processes. */
  static final Duration IDLE_POLL = Duration.ofSeconds(1);
  /** How long a stopping relay keeps publishing what is left. */
  static final Duration DRAIN = Duration.ofSeconds(5);

  /** When to try again after failures. */
  public record Backoff(Duration interval, Duration step, Duration max) {
    Duration after(int failures) {
      Duration wait = interval.plus(step.multipliedBy(Math.max(0, failures - 1)));
      return wait.compareTo(max) > 0 ? max : wait;
    }
  }

  private final NotificationOutbox outbox;
  private final Publisher publisher;
  private final Backoff backoff;
  private final NotifyMetrics metrics;
  private final Supplier<Instant> clock;
  private final String claimer;
  private final Semaphore wakeUps = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private int failures;
  private String outage;

  public OutboxRelay(NotificationOutbox outbox, Publisher publisher, Backoff backoff, NotifyMetrics metrics,
      Supplier<Instant> clock) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.backoff = backoff;
    this.metrics = metrics;
    this.clock = clock;
    this.claimer = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    this.thread = new Thread(this::run, "glimpse-notify-relay");
    thread.setDaemon(true);
  }

  public OutboxRelay start() {
    thread.start();
    return this;
  }

  /** A notification was written: look now rather than at the next poll. */
  public void wake() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  private void run() {
    loop();
    drain();
  }

  /** At stop, what the last requests recorded goes out too, unless the broker is away (it then waits in the database). */
  private void drain() {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    try {
      while (outage == null && System.nanoTime() < deadline && relayBatch()) {
        // next batch
      }
    } catch (Exception e) {
      LOG.info("notifications not published at stop wait in the database: {}", e.toString());
    }
  }

  private void loop() {
    while (running) {
      try {
        if (relayBatch()) {
          continue;
        }
        await(IDLE_POLL);
      } catch (InterruptedException e) {
        break;
      } catch (Exception e) {
        failed(e);
        try {
          pause(backoff.after(failures));
        } catch (InterruptedException interrupted) {
          break;
        }
      }
    }
  }

  /** Relays one batch; false when there was nothing to relay. */
  boolean relayBatch() throws Exception {
    Instant now = clock.get();
    metrics.pending(outbox.pending());
    List<Entry> batch = outbox.claim(claimer, now, now.plus(LEASE), BATCH);
    if (batch.isEmpty()) {
      recovered();
      return false;
    }
    try {
      publisher.publish(batch);
    } catch (Exception e) {
      try {
        outbox.release(claimer);
      } catch (RuntimeException release) {
        e.addSuppressed(release); // the lease expires instead
      }
      throw e;
    }
    outbox.delete(claimer, batch.stream().map(Entry::seq).toList());
    metrics.published(batch.size());
    recovered();
    return true;
  }

  private void failed(Exception e) {
    failures++;
    metrics.publishFailed();
    String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (outage == null) {
      outage = what;
      LOG.warn("notifications cannot be published ({}); they wait in the database and are retried,"
          + " up to {} s apart", what, backoff.max().toSeconds());
    } else {
      LOG.debug("notifications still cannot be published (attempt {}): {}", failures, what);
    }
  }

  private void recovered() {
    if (outage != null) {
      LOG.info("notifications are published again after {} failed attempt(s)", failures);
    }
    outage = null;
    failures = 0;
  }

  /** Waits for a wake-up or the timeout; never by interrupting, which would break H2's file I/O. */
  private void await(Duration timeout) throws InterruptedException {
    if (wakeUps.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      wakeUps.drainPermits();
    }
  }

  /** Waits out a backoff: new notifications do not cut it short, a stop does. */
  private void pause(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    long left;
    while (running && (left = deadline - System.nanoTime()) > 0) {
      wakeUps.tryAcquire(left, TimeUnit.NANOSECONDS);
    }
  }

  /** Stops the thread after the batch in hand (bounded), then drops the connection. */
  @Override
  public void close() {
    running = false;
    wakeUps.release();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
  }
}
