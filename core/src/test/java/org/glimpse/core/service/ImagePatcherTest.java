package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.admin;
import static org.glimpse.core.service.ServiceFakes.project;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.LocationEdit;
import org.glimpse.core.image.ImageChange.Op;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ImagePatcherTest {
  private final ImagePatcher patcher = new ImagePatcher(new ImagePolicy(Policy.glanceDefaults()));

  private static Image image() {
    Image image = new Image();
    image.setId("11111111-2222-3333-4444-555555555555");
    image.setOwner("p");
    image.setName("n");
    image.getProperties().put("custom", "v");
    return image;
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(new ImageChange(Op.REPLACE, "status", "active"), ForbiddenException.class, "Attribute 'status' is read-only."),
        Arguments.of(new ImageChange(Op.REMOVE, "id", null), ForbiddenException.class, "Attribute 'id' is read-only."),
        Arguments.of(new ImageChange(Op.ADD, "os_glance_x", "1"), ForbiddenException.class, "Attribute 'os_glance_x' is reserved."),
        Arguments.of(new ImageChange(Op.REPLACE, "deleted", "1"), ForbiddenException.class, "Attribute 'deleted' is reserved."),
        Arguments.of(new ImageChange(Op.REMOVE, "name", null), ForbiddenException.class,
            "Access was denied to this resource.\nProperty name may not be removed."),
        Arguments.of(new ImageChange(Op.REMOVE, "nope", null), ConflictException.class,
            "There was a conflict when trying to complete your request.\nProperty nope does not exist."),
        Arguments.of(new ImageChange(Op.REPLACE, "nope", "x"), ConflictException.class,
            "There was a conflict when trying to complete your request.\nProperty nope does not exist."),
        Arguments.of(new ImageChange(Op.REPLACE, "owner", "q"), ForbiddenException.class,
            "Access was denied to this resource.\nOwner can't be updated by non admin."),
        Arguments.of(new ImageChange(Op.REPLACE, "locations", new LocationEdit(null, List.of())), ForbiddenException.class,
            "Access was denied to this resource.\nCannot set locations to empty list."),
        Arguments.of(new ImageChange(Op.ADD, "locations",
            new LocationEdit("-", List.of(new LocationEdit.Location("x", "{}", Map.of())))), ForbiddenException.class,
            "It's not allowed to add locations if locations are invisible."),
        Arguments.of(new ImageChange(Op.REPLACE, "visibility", "public"), ForbiddenException.class,
            "You are not authorized to complete publicize_image action."),
        Arguments.of(new ImageChange(Op.REPLACE, "visibility", "bogus"), BadRequestException.class, "Visibility must be one of"),
        Arguments.of(new ImageChange(Op.REPLACE, "protected", "yes"), BadRequestException.class, "Value of 'protected' must be a boolean."),
        Arguments.of(new ImageChange(Op.REPLACE, "min_ram", "1"), BadRequestException.class, "Value of 'min_ram' must be an integer."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusals(ImageChange change, Class<? extends Throwable> type, String message) {
    Image image = image();
    assertThatThrownBy(() -> patcher.apply(project("p"), image, change)).isInstanceOf(type).hasMessageStartingWith(message);
  }

  @Test
  void changesApply() {
    Image image = image();
    patcher.apply(project("p"), image, new ImageChange(Op.ADD, "name", "added"));
    patcher.apply(project("p"), image, new ImageChange(Op.ADD, "", "root"));
    patcher.apply(project("p"), image, new ImageChange(Op.REMOVE, "custom", null));
    patcher.apply(project("p"), image, new ImageChange(Op.REPLACE, "visibility", "community"));
    patcher.apply(project("p"), image, new ImageChange(Op.ADD, "kernel_id", null));
    patcher.apply(project("p"), image, new ImageChange(Op.REPLACE, "tags", List.of("a", "b", "a")));
    assertThat(image.getName()).isEqualTo("added");
    assertThat(image.getProperties()).containsEntry("", "root").containsEntry("kernel_id", null).doesNotContainKey("custom");
    assertThat(image.getVisibility()).isEqualTo(Visibility.COMMUNITY);
    assertThat(image.getTags()).containsExactly("a", "b");
  }

  @Test
  void ownershipAndFormats() {
    Image image = image();
    assertThatThrownBy(() -> patcher.apply(project("q"), image, new ImageChange(Op.REPLACE, "name", "x")))
        .isInstanceOf(ForbiddenException.class).hasMessage("You do not own this image");
    patcher.apply(admin(), image, new ImageChange(Op.REPLACE, "owner", "q"));
    assertThat(image.getOwner()).isEqualTo("q");
    image.setStatus(ImageStatus.ACTIVE);
    assertThatThrownBy(() -> patcher.apply(admin(), image, new ImageChange(Op.REPLACE, "disk_format", "raw")))
        .hasMessage("Attribute disk_format can be only replaced for a queued image.");
  }
}
