package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.T0;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glimpse.db.NotificationOutbox.Entry;
import org.junit.jupiter.api.Test;

/** The notification outbox: claimed in order under a lease, never by two claimers at once. */
interface NotificationOutboxContract extends RepositoryFixture {

  private void addAll(int count) {
    for (int i = 0; i < count; i++) {
      outbox().add("msg-" + i, i % 2 == 0 ? "INFO" : "ERROR", "{\"n\": " + i + ", \"text\": \"\u00e9\u6f22\"}", T0);
    }
  }

  @Test
  default void entriesAreClaimedOldestFirstWithWhatWasWritten() {
    addAll(3);
    assertThat(outbox().pending()).isEqualTo(3);

    List<Entry> claimed = outbox().claim("a", T0, T0.plusSeconds(30), 2);

    assertThat(claimed).extracting(Entry::messageId).containsExactly("msg-0", "msg-1");
    assertThat(claimed).extracting(Entry::priority).containsExactly("INFO", "ERROR");
    assertThat(claimed.get(1).message()).isEqualTo("{\"n\": 1, \"text\": \"\u00e9\u6f22\"}");
    assertThat(claimed).extracting(Entry::attempts).containsExactly(1, 1);
  }

  @Test
  default void aClaimedEntryIsNobodyElsesUntilItsLeaseEnds() {
    addAll(2);
    Instant until = T0.plusSeconds(30);
    assertThat(outbox().claim("a", T0, until, 1)).extracting(Entry::messageId).containsExactly("msg-0");

    assertThat(outbox().claim("b", T0.plusSeconds(29), T0.plusSeconds(60), 10))
        .extracting(Entry::messageId).containsExactly("msg-1");
    assertThat(outbox().claim("c", T0.plusSeconds(29), T0.plusSeconds(60), 10)).isEmpty();

    // a's lease ended (a died): msg-0 is claimed again, and counts a second attempt
    List<Entry> again = outbox().claim("c", T0.plusSeconds(31), T0.plusSeconds(90), 10);
    assertThat(again).extracting(Entry::messageId).containsExactly("msg-0");
    assertThat(again.get(0).attempts()).isEqualTo(2);
  }

  @Test
  default void onlyTheHolderDeletesAndReleasingMakesEntriesClaimableAtOnce() {
    addAll(3);
    List<Long> seqs = outbox().claim("a", T0, T0.plusSeconds(30), 3).stream().map(Entry::seq).toList();

    assertThat(outbox().delete("b", seqs)).isZero();
    assertThat(outbox().delete("a", seqs.subList(0, 1))).isEqualTo(1);
    assertThat(outbox().pending()).isEqualTo(2);

    outbox().release("a");
    assertThat(outbox().claim("b", T0, T0.plusSeconds(30), 10)).extracting(Entry::messageId)
        .containsExactly("msg-1", "msg-2");
  }

  @Test
  default void concurrentClaimersNeverShareAnEntry() throws Exception {
    int count = 120;
    addAll(count);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String claimer = "claimer-" + t;
        runs.add(pool.submit(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            List<Entry> batch = outbox().claim(claimer, T0, T0.plusSeconds(300), 7);
            if (batch.isEmpty() && outbox().pending() == 0) {
              return null;
            }
            batch.forEach(e -> seen.add(e.messageId()));
            outbox().delete(claimer, batch.stream().map(Entry::seq).toList());
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      // a failed run must not leave claimers behind to take the next test's entries
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    assertThat(seen).hasSize(count).doesNotHaveDuplicates();
    assertThat(outbox().pending()).isZero();
  }
}
