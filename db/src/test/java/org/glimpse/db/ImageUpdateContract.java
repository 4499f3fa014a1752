package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.id;
import static org.glimpse.db.TestImages.image;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.port.ImageRepository.ImageMutation;
import org.junit.jupiter.api.Test;

/** update: a mutation of the stored image, written back as the difference it made. */
interface ImageUpdateContract extends RepositoryFixture {

  /** Ids of the image's rows in image_tags (by tag) or image_properties (by name). */
  private Map<String, Long> rowIds(String table, String imageId) {
    String key = table.equals("image_tags") ? "value" : "name";
    try (Connection connection = dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT id, " + key + " FROM " + table + " WHERE image_id = ? ORDER BY id")) {
      statement.setString(1, imageId);
      Map<String, Long> ids = new LinkedHashMap<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(2), rs.getLong(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  default void updateWritesFieldsTagsAndProperties() {
    Image image = TestImages.fullImage();
    images().create(image);
    ImageMutation change = changed -> {
      changed.setName("renamed");
      changed.setStatus(ImageStatus.DEACTIVATED);
      changed.setSize(null);
      changed.setLocation(null);
      changed.setTags(Set.of("new"));
      changed.setProperties(Map.of("hw_disk_bus", "virtio", "added", "yes"));
      changed.setUpdatedAt(T0.plusSeconds(60));
    };
    Image expected = images().find(image.getId()).orElseThrow();
    change.apply(expected);

    Image returned = images().update(image.getId(), change);

    assertThat(returned).usingRecursiveComparison().isEqualTo(expected);
    assertThat(images().find(image.getId()).orElseThrow()).usingRecursiveComparison()
        .isEqualTo(expected);
  }

  @Test
  default void theMutationGetsTheStoredImageAndTheResultIsWhatIsStored() {
    Image image = TestImages.fullImage();
    images().create(image);
    Image stored = images().find(image.getId()).orElseThrow();

    Image returned = images().update(image.getId(), current -> {
      assertThat(current).usingRecursiveComparison().isEqualTo(stored);
      assertThat(current.getTags()).containsExactly("zebra", "alpha", "mid dle", "ünïcödé");
      current.setMinRam(1024);
      current.setUpdatedAt(T0.plusNanos(61_000_000_999L));
    });

    assertThat(returned.getUpdatedAt()).isEqualTo(T0.plusNanos(61_000_000_000L));
    assertThat(returned).usingRecursiveComparison()
        .isEqualTo(images().find(image.getId()).orElseThrow());
    assertThat(returned.getMinRam()).isEqualTo(1024);
  }

  @Test
  default void tagsAndPropertiesAddedChangedAndRemovedRoundTrip() {
    Image image = image("children");
    image.setTags(Set.of("a"));
    image.getTags().addAll(List.of("b", "c"));
    image.setProperties(Map.of("k1", "v1", "k2", "v2", "k3", "v3"));
    images().create(image);
    Map<String, Long> tagIds = rowIds("image_tags", image.getId());
    Map<String, Long> propertyIds = rowIds("image_properties", image.getId());

    images().update(image.getId(), changed -> {
      changed.getTags().remove("b");
      changed.getTags().addAll(List.of("e", "d"));
      changed.getProperties().put("k1", "changed");
      changed.getProperties().remove("k2");
      changed.getProperties().put("k4", "");
    });

    Image stored = images().find(image.getId()).orElseThrow();
    assertThat(stored.getTags()).containsExactly("a", "c", "e", "d");
    assertThat(stored.getProperties())
        .isEqualTo(Map.of("k1", "changed", "k3", "v3", "k4", ""));
    // only the difference was written: kept and changed rows are the same rows
    Map<String, Long> tagsAfter = rowIds("image_tags", image.getId());
    assertThat(tagsAfter).containsEntry("a", tagIds.get("a")).containsEntry("c", tagIds.get("c"));
    Map<String, Long> propertiesAfter = rowIds("image_properties", image.getId());
    assertThat(propertiesAfter).containsEntry("k1", propertyIds.get("k1"))
        .containsEntry("k3", propertyIds.get("k3"));

    images().update(image.getId(), changed -> changed.getTags().add("b"));
    assertThat(images().find(image.getId()).orElseThrow().getTags())
        .containsExactly("a", "c", "e", "d", "b");
  }

  @Test
  default void aMutationThatChangesNothingWritesNothing() {
    Image image = image("same");
    image.setTags(Set.of("a"));
    image.getTags().add("b");
    image.setProperties(Map.of("k", "v"));
    images().create(image);
    Image stored = images().find(image.getId()).orElseThrow();
    Map<String, Long> tagIds = rowIds("image_tags", image.getId());
    Map<String, Long> propertyIds = rowIds("image_properties", image.getId());

    Image returned = images().update(image.getId(), same -> {
      same.setName("same");
      same.getTags().remove("a");
      same.getTags().add("a");
      same.getProperties().put("k", "v");
      same.setUpdatedAt(same.getUpdatedAt().plusNanos(999));
    });
    assertThat(returned).usingRecursiveComparison().isEqualTo(stored);
    assertThat(images().update(image.getId(), unchanged -> { })).usingRecursiveComparison()
        .isEqualTo(stored);

    Image after = images().find(image.getId()).orElseThrow();
    assertThat(after).usingRecursiveComparison().isEqualTo(stored);
    assertThat(after.getUpdatedAt()).isEqualTo(stored.getUpdatedAt());
    assertThat(after.getTags()).containsExactly("a", "b");
    assertThat(rowIds("image_tags", image.getId())).isEqualTo(tagIds);
    assertThat(rowIds("image_properties", image.getId())).isEqualTo(propertyIds);
  }

  @Test
  default void aMutationThatThrowsWritesNothingAndItsExceptionPropagates() {
    Image image = image("refused");
    image.setTags(Set.of("kept"));
    image.setProperties(Map.of("k", "v"));
    images().create(image);
    Image stored = images().find(image.getId()).orElseThrow();
    ForbiddenException refusal = new ForbiddenException("not allowed");

    assertThatThrownBy(() -> images().update(image.getId(), changed -> {
      changed.setName("lost");
      changed.setUpdatedAt(T0.plusSeconds(99));
      changed.getTags().add("lost");
      changed.getProperties().put("k", "lost");
      changed.getProperties().put("lost", "lost");
      throw refusal;
    })).isSameAs(refusal);

    assertThat(images().find(image.getId()).orElseThrow()).usingRecursiveComparison()
        .isEqualTo(stored);
  }

  @Test
  default void updateNeverDeletes() {
    images().create(image("kept"));
    images().update(id("kept"), changed -> {
      changed.setDeleted(true);
      changed.setDeletedAt(T0.plusSeconds(5));
      changed.setUpdatedAt(T0.plusSeconds(5));
    });

    Image stored = images().find(id("kept")).orElseThrow();
    assertThat(stored.isDeleted()).isFalse();
    assertThat(stored.getDeletedAt()).isNull();
    assertThat(stored.getUpdatedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  default void updateOfAMissingOrDeletedImageIsNotFoundAndRunsNoMutation() {
    AtomicBoolean ran = new AtomicBoolean();
    assertThatThrownBy(() -> images().update(id("ghost"), image -> ran.set(true)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No image found with ID " + id("ghost"));

    images().create(image("gone"));
    images().delete(id("gone"), T0.plusSeconds(1));
    assertThatThrownBy(() -> images().update(id("gone"), image -> ran.set(true)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No image found with ID " + id("gone"));
    assertThat(ran).isFalse();
  }

  @Test
  default void aMutationMayReadThroughTheRepositories() {
    Image image = image("quota", "p1", Visibility.PRIVATE, 0);
    image.setSize(10L);
    image.setLocation("file:///quota");
    Image other = image("other", "p1", Visibility.PRIVATE, 1);
    other.setSize(5L);
    other.setLocation("file:///other");
    createAll(image, other);

    Image returned = images().update(id("quota"), changed -> {
      long used = images().storageUsedBy("p1", changed.getId());
      changed.getProperties().put("others_use", String.valueOf(used));
      changed.setName(images().find(id("other")).orElseThrow().getName() + "-sibling");
    });

    assertThat(returned.getProperties()).containsEntry("others_use", "5");
    assertThat(returned.getName()).isEqualTo("other-sibling");
  }
}
