package org.glimpse.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed sample config and reference must be exactly what the generator prints. */
class ConfigDocsTest {
  private static final String HOW =
      " is out of date; regenerate it from the repository root: mvn -q -pl server -am compile"
          + " && java -cp server/target/classes org.glimpse.server.config.ConfigDocs write .";

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("server").resolve("src"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  @Test
  void sampleConfigIsUpToDate() throws IOException {
    Path sample = repositoryRoot().resolve(ConfigDocs.SAMPLE);
    assertThat(Files.readString(sample, StandardCharsets.UTF_8))
        .as(sample + HOW)
        .isEqualTo(ConfigDocs.sampleConfig());
  }

  @Test
  void referenceIsUpToDate() throws IOException {
    Path reference = repositoryRoot().resolve(ConfigDocs.REFERENCE);
    assertThat(Files.readString(reference, StandardCharsets.UTF_8))
        .as(reference + HOW)
        .isEqualTo(ConfigDocs.markdown());
  }

  @Test
  void everyOptionIsDocumented() {
    for (Option<?> option : Options.ALL) {
      assertThat(ConfigDocs.sampleConfig()).contains("\n#" + option.key() + " = ");
      assertThat(ConfigDocs.markdown()).contains("| `" + option.key() + "` |", option.envName());
    }
  }

  /** The sample, uncommented, is a valid config that yields the defaults without warnings. */
  @Test
  void sampleUncommentedLoadsToDefaults() throws IOException {
    String uncommented =
        ConfigDocs.sampleConfig().replaceAll("(?m)^#(\\w+ = )", "$1").replace(" = <None>", " =");
    Path file = Files.writeString(Files.createTempFile("sample", ".conf"), uncommented);
    List<String> warnings = new java.util.ArrayList<>();
    try {
      GlimpseConfig config = new ConfigLoader(warnings::add).load(List.of(file), Map.of());
      assertThat(config).isEqualTo(GlimpseConfig.defaults());
      assertThat(warnings).isEmpty();
    } finally {
      Files.delete(file);
    }
  }
}
