package org.glimpse.server.auth.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.glimpse.core.error.UnavailableException;
import org.junit.jupiter.api.Test;

/** How a project's limits are resolved from Keystone's registered and project limits, and cached. */
class KeystoneLimitsTest {
  /** A Keystone of limits in memory, counting the reads it answers. */
  private static final class FakeSource implements LimitSource {
    final Map<String, Long> registered = new HashMap<>();
    final Map<String, Map<String, Long>> projects = new HashMap<>();
    boolean down;
    int reads;

    @Override
    public Map<String, Long> registered() throws KeystoneUnavailableException {
      answer();
      return Map.copyOf(registered);
    }

    @Override
    public Map<String, Long> ofProject(String projectId) throws KeystoneUnavailableException {
      answer();
      return Map.copyOf(projects.getOrDefault(projectId, Map.of()));
    }

    private void answer() throws KeystoneUnavailableException {
      if (down) {
        throw new KeystoneUnavailableException("Keystone is unreachable", null);
      }
      reads++;
    }
  }

  private final FakeSource source = new FakeSource();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final KeystoneLimits limits = new KeystoneLimits(source, Duration.ofSeconds(5), clock);

  @Test
  void aProjectLimitOverridesTheRegisteredDefault() {
    source.registered.putAll(Map.of("image_count_total", 10L, "image_size_total", 1000L));
    source.projects.put("p", Map.of("image_count_total", 3L));

    Map<String, Long> p = limits.limitsOf("p");
    assertThat(p).containsEntry("image_count_total", 3L).containsEntry("image_size_total", 1000L);
    assertThat(limits.limitsOf("q")).containsEntry("image_count_total", 10L);
  }

  @Test
  void aResourceWithNoLimitAnywhereAllowsNothingAndMinusOneIsUnlimited() {
    source.registered.put("image_count_total", -1L);
    source.projects.put("p", Map.of("image_count_uploading", -1L));

    assertThat(limits.limitsOf("p")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "image_count_total", -1L, "image_count_uploading", -1L,
        "image_size_total", 0L, "image_stage_total", 0L));
  }

  @Test
  void aProjectsLimitsAreReusedForTheCacheTimeThenReadAgain() {
    source.registered.put("image_count_total", 1L);
    limits.limitsOf("p");
    int reads = source.reads;
    source.registered.put("image_count_total", 7L);

    now = now.plusSeconds(4);
    assertThat(limits.limitsOf("p")).containsEntry("image_count_total", 1L);
    assertThat(source.reads).isEqualTo(reads);

    now = now.plusSeconds(2);
    assertThat(limits.limitsOf("p")).containsEntry("image_count_total", 7L);
    assertThat(source.reads).isGreaterThan(reads);
  }

  @Test
  void keystoneOutOfReachIsUnavailableNotAGuess() {
    source.down = true;
    assertThatThrownBy(() -> limits.limitsOf("p"))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("cannot read the limits of project p");
  }

  @Test
  void withoutACacheEveryCheckReadsKeystone() {
    KeystoneLimits uncached = new KeystoneLimits(source, Duration.ZERO, clock);
    uncached.limitsOf("p");
    uncached.limitsOf("p");
    assertThat(source.reads).isEqualTo(4);
  }
}
