package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.junit.jupiter.api.Test;

class ChildrenCopyTest {
  private static Image bare(String location) {
    Image image = new Image();
    image.setId("11111111-2222-3333-4444-555555555555");
    image.setLocation(location);
    return image;
  }

  @Test
  void whatIsWrittenIsReadBackAsItWas() {
    Map<String, String> properties = new TreeMap<>();
    properties.put("quote\"and\\slash", "line\nbreak\u0001");
    properties.put("ünï", "cödé ✓");
    properties.put("empty", "");
    properties.put("null valued", null);
    List<ImageLocation> locations = List.of(
        new ImageLocation("file:///a/b", "{\"store\": \"fast\", \"n\": [1]}"),
        ImageLocation.of("swift+https://x/y"));
    String text = ChildrenCopy.write(properties, List.of("zebra", "alpha", "a,b"), locations);

    Image image = bare(null);
    assertThat(ChildrenCopy.fill(image, text)).isTrue();
    assertThat(image.getProperties()).isEqualTo(properties);
    assertThat(image.getTags()).containsExactly("zebra", "alpha", "a,b");
    assertThat(image.getLocations()).isEqualTo(locations);
  }

  @Test
  void anImageWithoutLocationRowsKeepsTheOneOfItsRow() {
    String text = ChildrenCopy.write(Map.of(), List.of(), List.of());
    assertThat(text).isEqualTo(ChildrenCopy.write(new TreeMap<>(Map.of("a", "b")), List.of(), List.of())
        .replace("\"a\",\"b\"", ""));
    Image image = bare("file:///row/location");
    assertThat(ChildrenCopy.fill(image, text)).isTrue();
    assertThat(image.getLocations()).containsExactly(ImageLocation.of("file:///row/location"));
    assertThat(image.getTags()).isEmpty();
    assertThat(image.getProperties()).isEmpty();
  }

  @Test
  void childrenPastTheBoundAreNotCopied() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("a", "x".repeat(ChildrenCopy.MAX_CHARS / 2));
    properties.put("b", "y".repeat(ChildrenCopy.MAX_CHARS / 2));
    assertThat(ChildrenCopy.write(properties, List.of(), List.of())).isEqualTo(ChildrenCopy.TOO_LONG);
    properties.remove("b");
    assertThat(ChildrenCopy.write(properties, List.of(), List.of())).startsWith("{\"p\":[\"a\"");
  }

  @Test
  void noUsableCopyLeavesTheImageAlone() {
    for (String text : new String[] {null, ChildrenCopy.TOO_LONG, "", "{\"p\":[\"k\",\"v\"],",
        "{\"p\":[\"k\",\"v\"],\"x\":[1]}", "[1, 2]", "{\"t\": 5}"}) {
      Image image = bare("file:///row/location");
      assertThat(ChildrenCopy.fill(image, text)).as(String.valueOf(text)).isFalse();
      assertThat(image.getProperties()).as(String.valueOf(text)).isEmpty();
      assertThat(image.getTags()).isEmpty();
      assertThat(image.getLocations()).containsExactly(ImageLocation.of("file:///row/location"));
    }
  }
}
