package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glimpse.db.NotificationOutbox.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * H2 by default hands a connection the result it computed for the same query last time when it
 * believes no table of the query changed since. Under concurrent commits that belief can be
 * wrong, and the connection then answers with the old rows until the table changes again. Every
 * read must see what was committed before it started.
 */
class H2FreshReadsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final Database database = Database.open("h2:mem:" + UUID.randomUUID());

  @AfterEach
  void close() {
    database.close();
  }

  /**
   * Claimers race for the outbox and stop when nothing is left. A connection that kept an old
   * count of the outbox sees entries that are gone and never stops (in every one of three runs
   * before the fix).
   */
  @Test
  void aCountReadAfterConcurrentDeletesIsNeverAnOldOne() throws Exception {
    NotificationOutbox outbox = database.outbox();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 150; round++) {
        for (int i = 0; i < 60; i++) {
          outbox.add("m-" + round + "-" + i, "INFO", "{}", T0);
        }
        List<Future<?>> claimers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          String claimer = "claimer-" + t;
          claimers.add(pool.submit(() -> {
            while (!Thread.currentThread().isInterrupted()) {
              List<Entry> batch = outbox.claim(claimer, T0, T0.plusSeconds(300), 5);
              if (batch.isEmpty() && outbox.pending() == 0) {
                return null;
              }
              outbox.delete(claimer, batch.stream().map(Entry::seq).toList());
            }
            return null;
          }));
        }
        for (Future<?> claimer : claimers) {
          claimer.get(10, TimeUnit.SECONDS);
        }
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(outbox.pending()).isZero();
  }
}
