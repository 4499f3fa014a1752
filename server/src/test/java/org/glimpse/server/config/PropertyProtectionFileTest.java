package org.glimpse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.policy.Policy;
import org.glimpse.core.policy.PropertyProtections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertyProtectionFileTest {
  private static final RequestContext MEMBER = new RequestContext("p", "u", Set.of("member"), true, "r");
  private static final RequestContext ADMIN = new RequestContext("p", "u", Set.of("admin"), true, "r");

  @TempDir Path dir;

  private Optional<String> write(String... lines) throws IOException {
    Path file = dir.resolve("property-protections.conf");
    Files.write(file, java.util.List.of(lines));
    return Optional.of(file.toString());
  }

  private static PropertyProtections load(Optional<String> file) {
    return PropertyProtectionFile.load(file, "roles", Policy.glanceDefaults());
  }

  @Test
  void unsetMeansNoProtections() {
    assertThat(load(Optional.empty()).enabled()).isFalse();
  }

  @Test
  void sectionNamesKeepTheirCaseAndKeysIgnoreIt() throws IOException {
    PropertyProtections p = load(write(
        "# comment",
        "[^X_.*]",
        "Create = member",
        "READ = member",
        "update = member",
        "delete = member",
        "",
        "[[a-c]_only]",
        "create = admin",
        "read = admin",
        "update = admin",
        "delete = admin"));
    assertThat(p.canCreate(MEMBER, "X_foo")).isTrue();
    assertThat(p.canCreate(MEMBER, "x_foo")).isFalse();
    assertThat(p.canRead(ADMIN, "b_only")).isTrue();
  }

  @Test
  void defaultKeysApplyToEverySection() throws IOException {
    PropertyProtections p = load(write(
        "[DEFAULT]", "update = admin", "delete = admin",
        "[^x_]", "create = member", "read = member"));
    assertThat(p.canRead(MEMBER, "x_a")).isTrue();
    assertThat(p.canUpdate(MEMBER, "x_a")).isFalse();
    assertThat(p.canUpdate(ADMIN, "x_a")).isTrue();
  }

  @Test
  void anEmptySectionIsAMissingKey() throws IOException {
    Optional<String> file = write("[lonely]", "[^x_]", "create = @", "read = @", "update = @", "delete = @");
    assertThatThrownBy(() -> load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[DEFAULT] property_protection_file " + file.get())
        .hasMessageContaining("[lonely] has no 'create' key");
  }

  @Test
  void repeatedSectionsAndKeysAreErrors() throws IOException {
    Optional<String> twice = write("[a]", "create = @", "read = @", "update = @", "delete = @", "[a]", "create = @");
    assertThatThrownBy(() -> load(twice)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("section [a] appears twice");
    Optional<String> key = write("[a]", "create = @", "Create = !", "read = @", "update = @", "delete = @");
    assertThatThrownBy(() -> load(key)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("[a] create is set twice");
  }

  @Test
  void aMissingFileOrBadFormatStopsTheServer() throws IOException {
    assertThatThrownBy(() -> load(Optional.of(dir.resolve("nope.conf").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("property_protection_file").hasMessageContaining("no such file");
    Optional<String> file = write("[a]", "create = x,y", "read = @", "update = @", "delete = @");
    assertThatThrownBy(() -> PropertyProtectionFile.load(file, "policies", Policy.glanceDefaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[a] create = x,y");
  }
}
