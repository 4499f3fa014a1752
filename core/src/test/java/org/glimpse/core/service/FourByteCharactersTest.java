package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.junit.jupiter.api.Test;

class FourByteCharactersTest {
  private static final String EMOJI = "\uD83D\uDE00";

  @Test
  void keysAreTitleCasedAsPythonDoes() {
    assertThat(FourByteCharacters.title("os_distro")).isEqualTo("Os_Distro");
    assertThat(FourByteCharacters.title("hw_k9x")).isEqualTo("Hw_K9X");
    assertThat(FourByteCharacters.title("a.b-c d")).isEqualTo("A.B-C D");
    assertThat(FourByteCharacters.title("ÄbC")).isEqualTo("Äbc");
    assertThat(FourByteCharacters.title("")).isEmpty();
  }

  @Test
  void onlyCharactersBeyondTheBasicPlaneCount() {
    assertThat(FourByteCharacters.has("€中ü")).isFalse();
    assertThat(FourByteCharacters.has("a" + EMOJI)).isTrue();
    assertThat(FourByteCharacters.has("\uD83D")).as("a lone surrogate").isFalse();
    assertThat(FourByteCharacters.has(null)).isFalse();
  }

  @Test
  void aNewImageIsCheckedNameFirstThenPropertiesThenTags() {
    Image image = new Image();
    image.setName("n" + EMOJI);
    image.getProperties().put("k" + EMOJI, "v");
    assertThatThrownBy(() -> FourByteCharacters.checkNew(image)).isInstanceOf(BadRequestException.class)
        .hasMessage("Name can't contain 4 byte unicode characters.");
    image.setName("n");
    assertThatThrownBy(() -> FourByteCharacters.checkNew(image))
        .hasMessage("Property names can't contain 4 byte unicode.");
    image.getProperties().clear();
    image.getProperties().put("os_distro", EMOJI);
    assertThatThrownBy(() -> FourByteCharacters.checkNew(image))
        .hasMessage("Os_Distro can't contain 4 byte unicode characters.");
    image.getProperties().clear();
    image.getTags().add(EMOJI);
    assertThatThrownBy(() -> FourByteCharacters.checkNew(image))
        .hasMessage("Param values can't contain 4 byte unicode.");
  }

  @Test
  void aChangeIsCheckedForWhatItWrites() {
    FourByteCharacters.checkChange(new ImageChange(ImageChange.Op.REMOVE, "k" + EMOJI, null));
    FourByteCharacters.checkChange(new ImageChange(ImageChange.Op.ADD, "min_ram", 5));
    assertThatThrownBy(() -> FourByteCharacters.checkChange(new ImageChange(ImageChange.Op.REPLACE, "tags", List.of("a", EMOJI))))
        .hasMessage("Param values can't contain 4 byte unicode.");
    assertThatThrownBy(() -> FourByteCharacters.checkChange(new ImageChange(ImageChange.Op.ADD, "p", EMOJI)))
        .hasMessage("P can't contain 4 byte unicode characters.");
    assertThatThrownBy(() -> FourByteCharacters.checkMember("p" + EMOJI))
        .hasMessage("Member can't contain 4 byte unicode characters.");
  }

  @Test
  void aDefinitionIsWalkedThroughItsMappingsButNotItsLists() {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("p" + EMOJI, new LinkedHashMap<>(Map.of("type", "string")));
    definition.put("q", new LinkedHashMap<>(Map.of("enum", List.of(EMOJI), "items",
        Map.of("enum", List.of("x" + EMOJI)))));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "o");
    fields.put("required", null);
    fields.put("json_schema", definition);
    FourByteCharacters.checkDefinition("Couldn't create metadata object", fields);

    definition.put("r", new LinkedHashMap<>(Map.of("display_name", "t" + EMOJI)));
    assertThatThrownBy(() -> FourByteCharacters.checkDefinition("Couldn't create metadata object", fields))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Couldn't create metadata object: Display_Name can't contain 4 byte unicode characters.");
    definition.remove("r");
    definition.put("s", new LinkedHashMap<>(Map.of("k" + EMOJI, 5)));
    assertThatThrownBy(() -> FourByteCharacters.checkDefinition("Couldn't update metadata property", fields))
        .hasMessage("Couldn't update metadata property: Property names can't contain 4 byte unicode.");
  }
}
