package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.admin;
import static org.glimpse.core.service.ServiceFakes.project;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.GoneException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** Uploads through the v2 service: the pipeline's checks and what a failure leaves behind. */
class ImageDataServiceTest {

  private static String image(ServiceFakes f, String owner) {
    NewImage spec = new NewImage();
    spec.diskFormat = "raw";
    spec.containerFormat = "bare";
    return f.service.create(project(owner), spec).getId();
  }

  private static InputStream bytes(int n) {
    return new ByteArrayInputStream(new byte[n]);
  }

  private static void assertRestored(ServiceFakes f, String id) {
    Image image = f.images.find(id).orElseThrow();
    assertThat(image.getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(image.getSize()).isNull();
    assertThat(image.getChecksum()).isNull();
    assertThat(image.getLocation()).isNull();
    assertThat(f.store.objects).isEmpty();
    assertThat(f.store.staged).isEmpty();
  }

  @Test
  void anUploadMakesTheImageActive() {
    ServiceFakes f = new ServiceFakes();
    String id = image(f, "p");
    Image image = f.data.upload(project("p"), id, new ByteArrayInputStream("hello".getBytes()), 5);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(image.getSize()).isEqualTo(5);
    assertThat(image.getVirtualSize()).isEqualTo(5);
    assertThat(image.getChecksum()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    assertThat(image.getOsHashAlgo()).isEqualTo("sha512");
    Image stored = f.images.find(id).orElseThrow();
    assertThat(stored.getLocation()).startsWith("mem://" + id + "~");
    assertThat(f.store.objects).containsOnlyKeys(stored.getLocation());
    assertThat(stored.getUpload()).isNull();
    assertThatThrownBy(() -> f.data.upload(project("p"), id, bytes(1), 1))
        .isInstanceOf(ConflictException.class).hasMessage("Image status transition from active to saving is not allowed");
  }

  @Test
  void aBrokenClientStreamLeavesTheImageQueued() {
    ServiceFakes f = new ServiceFakes();
    String id = image(f, "p");
    InputStream broken = new InputStream() {
      private int sent;

      @Override
      public int read() throws IOException {
        if (sent++ > 10) {
          throw new IOException("connection reset");
        }
        return 'x';
      }
    };
    assertThatThrownBy(() -> f.data.upload(project("p"), id, broken, 100)).isInstanceOf(UncheckedIOException.class);
    assertRestored(f, id);
    f.data.upload(project("p"), id, bytes(3), 3);
    assertThat(f.images.find(id).orElseThrow().getStatus()).isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void aShortBodyIsRefused() {
    ServiceFakes f = new ServiceFakes();
    String id = image(f, "p");
    assertThatThrownBy(() -> f.data.upload(project("p"), id, bytes(3), 5)).isInstanceOf(BadRequestException.class);
    assertRestored(f, id);
  }

  @Test
  void theSizeCapHoldsWithAndWithoutADeclaredSize() {
    ServiceFakes f = new ServiceFakes(new DataLimits(10, 0));
    String id = image(f, "p");
    assertThatThrownBy(() -> f.data.upload(project("p"), id, bytes(11), 11))
        .isInstanceOf(TooLargeException.class).hasMessageStartingWith("The incoming image is too large");
    assertRestored(f, id);
    assertThatThrownBy(() -> f.data.upload(project("p"), id, bytes(11), -1))
        .isInstanceOf(TooLargeException.class).hasMessageStartingWith("The incoming image is too large");
    assertRestored(f, id);
    f.data.upload(project("p"), id, bytes(10), -1);
  }

  @Test
  void theQuotaCountsTheOwnersOtherImages() {
    ServiceFakes f = new ServiceFakes(new DataLimits(1000, 15));
    f.data.upload(project("p"), image(f, "p"), bytes(10), 10);
    String second = image(f, "p");
    assertThatThrownBy(() -> f.data.upload(project("p"), second, bytes(6), -1))
        .isInstanceOf(TooLargeException.class).hasMessageStartingWith("Image exceeds the storage quota");
    assertThat(f.images.find(second).orElseThrow().getStatus()).isEqualTo(ImageStatus.QUEUED);
    f.data.upload(project("p"), second, bytes(5), 5);
    f.data.upload(project("q"), image(f, "q"), bytes(15), 15);
  }

  @Test
  void anImageDeletedDuringTheUploadKeepsNoData() {
    ServiceFakes f = new ServiceFakes();
    String id = image(f, "p");
    f.images.beforeUpdate = () -> {
      if (f.images.rows.get(id).getStatus() == ImageStatus.SAVING) {
        f.images.beforeUpdate = () -> { };
        f.service.delete(project("p"), id);
      }
    };
    assertThatThrownBy(() -> f.data.upload(project("p"), id, bytes(4), 4))
        .isInstanceOf(GoneException.class).hasMessageContaining("could not be found after upload");
    assertThat(f.store.objects).isEmpty();
  }

  @Test
  void formatsOwnershipAndStatusComeFirst() {
    ServiceFakes f = new ServiceFakes();
    String bare = f.service.create(project("p"), new NewImage()).getId();
    assertThatThrownBy(() -> f.data.upload(project("p"), bare, bytes(1), 1))
        .hasMessage("Properties disk_format, container_format must be set prior to saving data.");
    NewImage pub = new NewImage();
    pub.visibility = Visibility.PUBLIC;
    pub.diskFormat = "raw";
    pub.containerFormat = "bare";
    String id = f.service.create(admin(), pub).getId();
    assertThatThrownBy(() -> f.data.upload(project("p"), id, bytes(1), 1))
        .isInstanceOf(ForbiddenException.class).hasMessage("Not allowed to upload image data for image " + id);
    assertThat(f.store.staged).isEmpty();
  }

  @Test
  void downloadsOfDeactivatedImagesAreForAdmins() throws IOException {
    ServiceFakes f = new ServiceFakes();
    String id = image(f, "p");
    f.data.upload(project("p"), id, new ByteArrayInputStream("abcdef".getBytes()), 6);
    f.service.deactivate(project("p"), id);
    assertThatThrownBy(() -> f.data.download(project("p"), id)).isInstanceOf(ForbiddenException.class);
    ImageDownload download = f.data.download(admin(), id);
    assertThat(download.open(2, 3).readAllBytes()).isEqualTo("cde".getBytes());
  }
}
