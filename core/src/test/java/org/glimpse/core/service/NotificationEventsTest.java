package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.project;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.NewImage;
import org.junit.jupiter.api.Test;

/** Which notifications the services send, in which order: only for changes that committed. */
class NotificationEventsTest {

  private static String image(ServiceFakes f) {
    NewImage spec = new NewImage();
    spec.diskFormat = "raw";
    spec.containerFormat = "bare";
    return f.service.create(project("p"), spec).getId();
  }

  @Test
  void anUploadIsPreparedUploadedActivatedAndSaved() {
    ServiceFakes f = new ServiceFakes();
    String id = image(f);
    f.data.upload(project("p"), id, new ByteArrayInputStream("hello".getBytes()), 5);
    assertThat(f.notifier.events).containsExactly("image.create INFO queued", "image.update INFO saving",
        "image.prepare INFO saving", "image.upload INFO active", "image.activate INFO active",
        "image.update INFO active");
  }

  @Test
  void aFailedUploadIsAnErrorAndTheImageIsSavedBackQueued() {
    ServiceFakes f = new ServiceFakes(new DataLimits(3, 0));
    String id = image(f);
    f.notifier.events.clear();
    assertThatThrownBy(() -> f.data.upload(project("p"), id, new ByteArrayInputStream(new byte[10]), -1))
        .isInstanceOf(TooLargeException.class);
    assertThat(f.notifier.events).hasSize(4);
    assertThat(f.notifier.events.subList(0, 2)).containsExactly("image.update INFO saving", "image.prepare INFO saving");
    assertThat(f.notifier.events.get(2)).startsWith("image.upload ERROR Failed to upload image data for image " + id);
    assertThat(f.notifier.events.get(3)).isEqualTo("image.update INFO queued");
  }

  @Test
  void aRefusedChangeSendsNothing() {
    ServiceFakes f = new ServiceFakes();
    String id = image(f);
    f.notifier.events.clear();
    assertThatThrownBy(() -> f.service.deactivate(project("other"), id)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> f.data.upload(project("other"), id, new ByteArrayInputStream(new byte[10]), 10))
        .isInstanceOf(RuntimeException.class);
    // announced beyond the cap: refused before the image is saving
    ServiceFakes capped = new ServiceFakes(new DataLimits(3, 0));
    String small = image(capped);
    capped.notifier.events.clear();
    assertThatThrownBy(() -> capped.data.upload(project("p"), small, new ByteArrayInputStream(new byte[10]), 10))
        .isInstanceOf(TooLargeException.class);
    assertThat(capped.notifier.events).isEmpty();
    assertThat(f.notifier.events).isEmpty();
  }

  @Test
  void aDownloadReportsWhatWasReadWhenItsStreamCloses() throws Exception {
    ServiceFakes f = new ServiceFakes();
    String id = image(f);
    f.data.upload(project("p"), id, new ByteArrayInputStream("hello".getBytes()), 5);
    f.notifier.events.clear();

    ImageDownload whole = f.data.download(project("p"), id);
    try (InputStream in = whole.open(0, -1)) {
      assertThat(in.readAllBytes()).hasSize(5);
    }
    ImageDownload range = f.data.download(project("p"), id);
    try (InputStream in = range.open(1, 3)) {
      assertThat(in.readAllBytes()).hasSize(3);
    }
    ImageDownload cut = f.data.download(project("p"), id);
    try (InputStream in = cut.open(0, -1)) {
      assertThat(in.read(new byte[2])).isEqualTo(2);
    }
    assertThat(f.notifier.events).containsExactly("image.send INFO 5/5 to p", "image.send INFO 3/3 to p",
        "image.send ERROR 2/5 to p");
  }

  @Test
  void deactivationAndDeletionAreGlancesUpdateAndDelete() {
    ServiceFakes f = new ServiceFakes();
    String id = image(f);
    f.data.upload(project("p"), id, new ByteArrayInputStream("hello".getBytes()), 5);
    f.notifier.events.clear();
    f.service.deactivate(ServiceFakes.admin(), id);
    f.service.deactivate(ServiceFakes.admin(), id); // already deactivated: no change, no news
    f.service.reactivate(ServiceFakes.admin(), id);
    f.service.delete(project("p"), id);
    assertThat(f.notifier.events).containsExactly("image.update INFO deactivated", "image.update INFO active",
        "image.delete INFO deleted");
    assertThatThrownBy(() -> f.service.delete(project("p"), id)).isNotInstanceOf(ForbiddenException.class);
    assertThat(f.notifier.events).hasSize(3);
  }
}
