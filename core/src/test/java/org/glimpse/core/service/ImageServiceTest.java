package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.admin;
import static org.glimpse.core.service.ServiceFakes.project;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageChange;
import org.glimpse.core.image.ImageChange.Op;
import org.glimpse.core.image.NewImage;
import org.junit.jupiter.api.Test;

class ImageServiceTest {
  private final ServiceFakes f = new ServiceFakes();

  private String create(NewImage spec) {
    return f.service.create(project("p"), spec).getId();
  }

  @Test
  void timesKeepMicroseconds() {
    Image image = f.service.create(project("p"), new NewImage());
    assertThat(image.getCreatedAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
  }

  @Test
  void aTakenIdIsAConflict() {
    NewImage spec = new NewImage();
    spec.id = "11111111-2222-3333-4444-555555555555";
    create(spec);
    assertThatThrownBy(() -> create(spec)).isInstanceOf(ConflictException.class)
        .hasMessage("Image ID 11111111-2222-3333-4444-555555555555 already exists!");
  }

  @Test
  void aFailingPatchSavesNothing() {
    String id = create(new NewImage());
    Image before = f.images.find(id).orElseThrow();
    assertThatThrownBy(() -> f.service.update(project("p"), id, List.of(
        new ImageChange(Op.REPLACE, "name", "changed"), new ImageChange(Op.REMOVE, "nope", null))))
        .isInstanceOf(ConflictException.class);
    assertThat(f.images.find(id).orElseThrow().getName()).isEqualTo(before.getName());
  }

  @Test
  void theTagQuotaNamesTheImage() {
    NewImage spec = new NewImage();
    IntStream.range(0, 128).forEach(i -> spec.tags.add("t" + i));
    String id = create(spec);
    f.service.addTag(project("p"), id, "t1");
    assertThatThrownBy(() -> f.service.addTag(project("p"), id, "new")).isInstanceOf(TooLargeException.class)
        .hasMessage("Image tag limit exceeded for image " + id + ": The limit has been exceeded on the number of "
            + "allowed image tags. Attempted: 129, Maximum: 128:");
    assertThatThrownBy(() -> f.service.removeTag(project("p"), id, "absent")).isInstanceOf(NotFoundException.class)
        .hasMessage("The resource could not be found.");
  }

  @Test
  void deleteRules() {
    NewImage spec = new NewImage();
    spec.isProtected = true;
    String id = create(spec);
    assertThatThrownBy(() -> f.service.delete(admin(), id)).isInstanceOf(ForbiddenException.class)
        .hasMessage("Image " + id + " is protected and cannot be deleted.");
    assertThatThrownBy(() -> f.service.delete(project("q"), id)).isInstanceOf(NotFoundException.class)
        .hasMessage("Failed to find image " + id + " to delete");
  }

  @Test
  void deactivationNeedsAnActiveImage() {
    String id = create(new NewImage());
    assertThatThrownBy(() -> f.service.deactivate(project("p"), id)).isInstanceOf(ForbiddenException.class)
        .hasMessage("Not allowed to deactivate image in status 'queued'");
  }
}
