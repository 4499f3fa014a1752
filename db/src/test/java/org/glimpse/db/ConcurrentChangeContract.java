package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.id;
import static org.glimpse.db.TestImages.image;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** No lost updates: concurrent changes of one image are serialized by its row lock. */
interface ConcurrentChangeContract extends RepositoryFixture {

  @Test
  default void concurrentPropertyAddsAreAllKept() {
    images().create(image("props"));

    Concurrently.run(16, 16, i -> () ->
        images().update(id("props"), image -> image.getProperties().put("p" + i, "v" + i)));

    Map<String, String> expected = IntStream.range(0, 16).boxed()
        .collect(Collectors.toMap(i -> "p" + i, i -> "v" + i));
    assertThat(images().find(id("props")).orElseThrow().getProperties()).isEqualTo(expected);
  }

  @Test
  default void concurrentTagAddsAreAllKept() {
    images().create(image("tags"));

    List<Image> results = Concurrently.run(16, 16, i -> () ->
        images().update(id("tags"), image -> image.getTags().add("t" + i)));

    List<String> expected = IntStream.range(0, 16).mapToObj(i -> "t" + i).toList();
    List<String> stored = List.copyOf(images().find(id("tags")).orElseThrow().getTags());
    assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    // the update that saw the most tags was the last, and it returned them in the stored order
    Image last = results.stream().max((a, b) -> a.getTags().size() - b.getTags().size())
        .orElseThrow();
    assertThat(List.copyOf(last.getTags())).isEqualTo(stored);
  }

  @Test
  default void concurrentIncrementsAreNotLost() {
    Image image = image("counter");
    image.setProperties(Map.of("count", "0"));
    images().create(image);

    Concurrently.run(8, 50, i -> () -> images().update(id("counter"), counter -> {
      int count = Integer.parseInt(counter.getProperties().get("count"));
      counter.getProperties().put("count", String.valueOf(count + 1));
      counter.setUpdatedAt(T0.plusSeconds(count + 1));
    }));

    Image stored = images().find(id("counter")).orElseThrow();
    assertThat(stored.getProperties()).containsEntry("count", "50");
    assertThat(stored.getUpdatedAt()).isEqualTo(T0.plusSeconds(50));
  }

  @Test
  default void concurrentMemberAddsStopAtTheLimit() {
    images().create(image("popular", "owner", Visibility.SHARED, 0));

    List<Boolean> added = Concurrently.run(16, 160, i -> () -> members().add(
        TestImages.member("popular", "p" + i, MemberStatus.PENDING, i), 128));

    assertThat(added.stream().filter(Boolean::booleanValue).count()).isEqualTo(128);
    assertThat(added.stream().filter(ok -> !ok).count()).isEqualTo(32);
    assertThat(members().count(id("popular"))).isEqualTo(128);
    assertThat(members().listForImage(id("popular"))).hasSize(128);
  }

  @Test
  default void mutationsReadingThroughTheRepositoriesDoNotStarveThePool() {
    Image image = image("busy", "p1", Visibility.PRIVATE, 0);
    image.setSize(7L);
    image.setLocation("file:///busy");
    images().create(image);

    // more threads than pooled connections, each reading again while it holds the lock
    Concurrently.run(16, 16, i -> () -> images().update(id("busy"), busy -> {
      busy.getProperties().put("p" + i, String.valueOf(images().storageUsedBy("p1", null)));
    }));

    assertThat(images().find(id("busy")).orElseThrow().getProperties()).hasSize(16)
        .allSatisfy((name, value) -> assertThat(value).isEqualTo("7"));
  }

  @Test
  default void aDeadlockVictimGetsAConflictAndWritesNothing() {
    createAll(image("x"), image("y"));
    CyclicBarrier bothLocked = new CyclicBarrier(2);

    // each locks its image, then, nested in the same transaction, the other's
    List<String> outcomes = Concurrently.run(2, 2, i -> () -> {
      String first = i == 0 ? "x" : "y";
      String second = i == 0 ? "y" : "x";
      try {
        images().update(id(first), image -> {
          image.getProperties().put("by", first);
          await(bothLocked);
          images().update(id(second), other -> other.getProperties().put("by", first));
        });
        return "done";
      } catch (ConflictException e) {
        assertThat(e).hasMessageContaining("try again");
        return "conflict";
      }
    });

    assertThat(outcomes).containsExactlyInAnyOrder("done", "conflict");
    String winner = outcomes.get(0).equals("done") ? "x" : "y";
    assertThat(images().find(id("x")).orElseThrow().getProperties()).containsEntry("by", winner);
    assertThat(images().find(id("y")).orElseThrow().getProperties()).containsEntry("by", winner);
  }

  /**
   * A show or a listing racing updates sees each image as one update left it: its fields, tags
   * and properties from the same commit, never the fields of one and the tags of the next.
   */
  @Test
  default void readsRacingUpdatesSeeEachImageWhole() {
    Image image = image("0");
    image.setId(id("whole"));
    image.setProperties(Map.of("n", "0"));
    image.setTags(new LinkedHashSet<>(List.of("n0")));
    images().create(image);
    AtomicBoolean writing = new AtomicBoolean(true);

    List<List<String>> mixed = Concurrently.run(3, 3, task -> () -> {
      List<String> seen = new ArrayList<>();
      if (task == 0) {
        for (int n = 1; n <= 300; n++) {
          String value = String.valueOf(n);
          images().update(id("whole"), whole -> {
            whole.setName(value);
            whole.getProperties().put("n", value);
            whole.getTags().clear();
            whole.getTags().add("n" + value);
          });
        }
        writing.set(false);
        return seen;
      }
      int reads = 0;
      while (writing.get() || reads < 10) {
        reads++;
        Image read = task == 1 ? images().find(id("whole")).orElseThrow()
            : images().list(TestImages.everything()).stream()
                .filter(listed -> listed.getId().equals(id("whole"))).findFirst().orElseThrow();
        String state = read.getName() + " " + read.getProperties() + " " + read.getTags();
        if (!read.getProperties().equals(Map.of("n", read.getName()))
            || !List.copyOf(read.getTags()).equals(List.of("n" + read.getName()))) {
          seen.add((task == 1 ? "show: " : "list: ") + state);
        }
      }
      return seen;
    });

    assertThat(mixed.stream().flatMap(List::stream).toList()).isEmpty();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
