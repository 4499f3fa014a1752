package org.glimpse.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every sample under etc/ loads as it is, with no option unknown or misplaced. */
class EtcSamplesTest {
  private static final Path ETC = Path.of("..", "etc");

  private static List<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(ETC)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    }
  }

  @Test
  void everySampleLoadsWithoutWarnings() throws IOException {
    List<Path> samples = samples();
    assertThat(samples).extracting(p -> p.getFileName().toString())
        .contains("glimpse.conf", "glimpse-multistore.conf", "glimpse-swift.conf", "glimpse-s3.conf",
            "glimpse-production.conf");
    for (Path sample : samples) {
      List<String> warnings = new ArrayList<>();
      new ConfigLoader(warnings::add).load(List.of(sample), Map.of());
      assertThat(warnings).as(sample.toString()).isEmpty();
    }
  }

  @Test
  void theProductionSampleIsSeveralStoresBehindKeystone() {
    List<String> warnings = new ArrayList<>();
    GlimpseConfig config = new ConfigLoader(warnings::add).load(List.of(ETC.resolve("glimpse-production.conf")),
        Map.of());
    assertThat(config.backends().defaultBackend()).contains("cheap");
    assertThat(config.backends().enabled()).extracting(GlimpseConfig.Backend::type).containsExactly("file", "swift");
  }

  @Test
  void theSingleStoreSamplesChooseTheirStore() {
    GlimpseConfig swift = new ConfigLoader(w -> { }).load(List.of(ETC.resolve("glimpse-swift.conf")), Map.of());
    GlimpseConfig s3 = new ConfigLoader(w -> { }).load(List.of(ETC.resolve("glimpse-s3.conf")), Map.of());
    assertThat(swift.glanceStore().swift().container()).isEqualTo("glance");
    assertThat(s3.glanceStore().s3().bucket()).contains("glance");
  }
}
