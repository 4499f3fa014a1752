package org.glimpse.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsAndAccessLogTest {
  @Test
  void freshIdsAreDistinctVersionFourUuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.fresh();
      assertThat(id).matches("req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      UUID uuid = UUID.fromString(id.substring(4));
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(seen.add(id)).isTrue();
    }
  }

  @Test
  void aSentIdIsKeptWhenPlainAndReplacedWhenNot() {
    assertThat(RequestIds.choose("abc")).isEqualTo("req-abc");
    assertThat(RequestIds.choose("req-abc")).isEqualTo("req-abc");
    assertThat(RequestIds.choose("a b")).startsWith("req-").hasSize(40);
    assertThat(RequestIds.choose("")).hasSize(40);
  }

  @Test
  void controlCharactersAndQuotesCannotForgeALogLine() {
    assertThat(AccessLog.printable("/v2/images?limit=2")).isEqualTo("/v2/images?limit=2");
    assertThat(AccessLog.printable("a\nb\"c\u007fd\te")).isEqualTo("a?b?c?d?e");
    assertThat(AccessLog.printable("caf\u00e9")).isEqualTo("caf\u00e9");
  }
}
