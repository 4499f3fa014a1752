package org.glimpse.server.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageLocation;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

class ImageViewTest {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static Image image() {
    Image image = new Image();
    image.setId("11111111-2222-3333-4444-555555555555");
    image.setName("cirros");
    image.setStatus(ImageStatus.ACTIVE);
    image.setVisibility(Visibility.SHARED);
    image.setOwner("p1");
    image.setCreatedAt(Instant.parse("2024-05-06T07:08:09.123Z"));
    image.setUpdatedAt(Instant.parse("2024-05-06T07:08:10Z"));
    image.setLocations(List.of(new ImageLocation("file:///var/lib/glimpse/images/x", "{\"store\": \"fast\"}")));
    image.getTags().add("t1");
    return image;
  }

  private static JsonNode written(ImageView view, Image image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = STRICT.createGenerator(out)) {
      view.write(g, image);
    }
    return STRICT.readTree(out.toByteArray());
  }

  @Test
  void showsGlancesFieldsWithNullsForWhatIsNotKnownYet() throws IOException {
    JsonNode shown = written(new ImageView(false, false), image());

    assertThat(shown.get("name").asText()).isEqualTo("cirros");
    assertThat(shown.get("visibility").asText()).isEqualTo("shared");
    assertThat(shown.get("size").isNull()).isTrue();
    assertThat(shown.get("virtual_size").isNull()).isTrue();
    assertThat(shown.get("checksum").isNull()).isTrue();
    assertThat(shown.get("min_ram").asInt()).isZero();
    assertThat(shown.get("protected").asBoolean()).isFalse();
    assertThat(shown.get("created_at").asText()).isEqualTo("2024-05-06T07:08:09Z");
    assertThat(shown.get("tags")).hasSize(1);
    assertThat(shown.get("self").asText()).isEqualTo("/v2/images/11111111-2222-3333-4444-555555555555");
    assertThat(shown.has("direct_url")).isFalse();
    assertThat(shown.has("locations")).isFalse();
  }

  @Test
  void aPropertyNamedLikeAFieldShownAfterItGivesWayToTheField() throws IOException {
    Image image = image();
    image.getProperties().put("self", "elsewhere");
    image.getProperties().put("direct_url", "mine");
    image.getProperties().put("locations", "mine too");
    image.getProperties().put("hw_disk_bus", "virtio");

    JsonNode hidden = written(new ImageView(false, false), image);
    JsonNode shown = written(new ImageView(true, true), image);

    assertThat(hidden.get("self").asText()).startsWith("/v2/images/");
    assertThat(hidden.get("direct_url").asText()).isEqualTo("mine");
    assertThat(hidden.get("locations").asText()).isEqualTo("mine too");
    assertThat(shown.get("direct_url").asText()).isEqualTo("file:///var/lib/glimpse/images/x");
    assertThat(shown.get("locations").get(0).get("metadata").get("store").asText()).isEqualTo("fast");
    assertThat(shown.get("hw_disk_bus").asText()).isEqualTo("virtio");
  }

  @Test
  void stagedDataShowsNoLocation() throws IOException {
    Image image = image();
    image.setStatus(ImageStatus.UPLOADING);

    JsonNode shown = written(new ImageView(true, true), image);

    assertThat(shown.has("direct_url")).isFalse();
    assertThat(shown.get("locations")).isEmpty();
  }
}
