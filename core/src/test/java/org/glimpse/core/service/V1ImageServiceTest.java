package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.admin;
import static org.glimpse.core.service.ServiceFakes.project;
import static org.glimpse.core.service.ServiceFakes.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V1ImageServiceTest {
  final ServiceFakes f = ServiceFakes.v1(128, 10);

  Image stored(String id) {
    return f.images.findIncludingDeleted(id).orElseThrow();
  }

  @Test
  void createdImagesAreSharedUnlessPublic() {
    Image plain = f.v1Images.create(project("a"), new V1ImageMeta(), null);
    assertThat(plain.getVisibility()).isEqualTo(Visibility.SHARED);
    assertThat(plain.getStatus()).isEqualTo(ImageStatus.QUEUED);
    Image pub = f.v1Images.create(admin(), new V1ImageMeta().put("is_public", true), null);
    assertThat(pub.getVisibility()).isEqualTo(Visibility.PUBLIC);
    assertThatThrownBy(() -> f.v1Images.create(project("a"), new V1ImageMeta().put("is_public", true), null))
        .isInstanceOf(ForbiddenException.class);
  }

  @ParameterizedTest(name = "{0} + is_public {1} → {2}")
  @CsvSource({"PRIVATE,true,PUBLIC", "PRIVATE,false,SHARED", "COMMUNITY,false,SHARED", "PUBLIC,false,SHARED",
      "PRIVATE,,PRIVATE", "COMMUNITY,,COMMUNITY"})
  void isPublicOnUpdateSetsVisibilityOnlyWhenNamed(Visibility before, Boolean isPublic, Visibility after) {
    String id = f.v1Images.create(admin(), new V1ImageMeta(), null).getId();
    f.images.update(id, image -> image.setVisibility(before));
    V1ImageMeta meta = new V1ImageMeta().put("name", "n");
    if (isPublic != null) {
      meta.put("is_public", isPublic);
    }
    assertThat(f.v1Images.update(admin(), id, meta, null).getVisibility()).isEqualTo(after);
  }

  @Test
  void sizeZeroReservationIsActive() {
    Image image = f.v1Images.create(project("a"), new V1ImageMeta().put("size", 0L), null);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void kernelFormatsFillTheOtherHalfAndRefuseAMix() {
    Image image = f.v1Images.create(project("a"), new V1ImageMeta().put("disk_format", "aki"), null);
    assertThat(image.getContainerFormat()).isEqualTo("aki");
    assertThatThrownBy(() -> f.v1Images.create(project("a"),
        new V1ImageMeta().put("disk_format", "ari").put("container_format", "bare"), null))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid mix");
  }

  @Test
  void purgeReplacesPropertiesUnlessOffOrUploading() {
    V1ImageMeta create = new V1ImageMeta().put("disk_format", "raw").put("container_format", "bare");
    create.properties.putAll(Map.of("a", "1", "b", "2"));
    String id = f.v1Images.create(project("a"), create, null).getId();
    V1ImageMeta purge = new V1ImageMeta();
    purge.properties.put("c", "3");
    assertThat(f.v1Images.update(project("a"), id, purge, null).getProperties()).isEqualTo(Map.of("c", "3"));
    V1ImageMeta keep = new V1ImageMeta();
    keep.purgeProps = false;
    keep.properties.put("d", "4");
    assertThat(f.v1Images.update(project("a"), id, keep, null).getProperties()).isEqualTo(Map.of("c", "3", "d", "4"));
    V1ImageMeta withData = new V1ImageMeta();
    withData.properties.put("z", "zz");
    Image active = f.v1Images.update(project("a"), id, withData, upload("hello"));
    assertThat(active.getProperties()).isEqualTo(Map.of("c", "3", "d", "4", "z", "zz"));
    assertThat(active.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(active.getChecksum()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
  }

  @Test
  void activeImagesKeepSizeAndChecksumExceptForAdmins() {
    String id = f.img("a");
    assertThatThrownBy(() -> f.v1Images.update(project("a"), id, new V1ImageMeta().put("size", 9L), null))
        .isInstanceOf(ForbiddenException.class).hasMessage("Forbidden to modify 'size' of active image.");
    f.v1Images.update(project("a"), id, new V1ImageMeta().put("size", 3L), null);
    assertThat(f.v1Images.update(admin(), id, new V1ImageMeta().put("size", 9L), null).getSize()).isEqualTo(9L);
    assertThatThrownBy(() -> f.v1Images.update(admin(), id, new V1ImageMeta().put("status", "queued"), null))
        .isInstanceOf(ForbiddenException.class).hasMessage("Forbidden to modify 'status' of image.");
  }

  @Test
  void onlyOwnersAndAdminsUpdateOrDelete() {
    String id = f.img("a");
    f.v1Members.put(project("a"), id, "b", null);
    assertThatThrownBy(() -> f.v1Images.update(project("b"), id, new V1ImageMeta().put("name", "x"), null))
        .isInstanceOf(ForbiddenException.class).hasMessage("Forbidden to update image");
    assertThatThrownBy(() -> f.v1Images.delete(project("b"), id))
        .isInstanceOf(ForbiddenException.class).hasMessage("Forbidden to delete image");
    assertThatThrownBy(() -> f.v1Images.delete(project("c"), id)).isInstanceOf(NotFoundException.class);
    f.v1Images.delete(project("a"), id);
    assertThat(f.store.objects).isEmpty();
    assertThatThrownBy(() -> f.v1Images.show(project("a"), id)).isInstanceOf(NotFoundException.class);
    assertThat(f.v1Images.show(admin(), id).isDeleted()).isTrue();
  }

  @ParameterizedTest(name = "size {0}, checksum {1} → {2}")
  @CsvSource({"5,, Supplied size (5) and size generated from uploaded image (3) did not match",
      ",deadbeef, Supplied checksum (deadbeef)"})
  void mismatchedUploadsKillTheImageAndKeepNoData(Long size, String checksum, String message) {
    V1ImageMeta meta = new V1ImageMeta().put("disk_format", "raw").put("container_format", "bare");
    if (size != null) {
      meta.put("size", size);
    }
    if (checksum != null) {
      meta.put("checksum", checksum);
    }
    assertThatThrownBy(() -> f.v1Images.create(project("a"), meta, upload("abc")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining(message);
    Image killed = f.images.rows.values().iterator().next();
    assertThat(killed.getStatus()).isEqualTo(ImageStatus.KILLED);
    assertThat(f.store.objects).isEmpty();
    assertThat(f.store.staged).isEmpty();
  }

  @Test
  void streamingPastTheCapIsTooLargeAndKills() {
    V1ImageMeta meta = new V1ImageMeta().put("disk_format", "raw").put("container_format", "bare");
    V1Upload chunked = new V1Upload(new ByteArrayInputStream(new byte[11]), -1, true);
    assertThatThrownBy(() -> f.v1Images.create(project("a"), meta, chunked))
        .isInstanceOf(TooLargeException.class).hasMessage("Denying attempt to upload image larger than 10 bytes.");
    assertThat(f.images.rows.values().iterator().next().getStatus()).isEqualTo(ImageStatus.KILLED);
    assertThatThrownBy(() -> f.v1Images.create(project("a"), new V1ImageMeta().put("size", 11L), null))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void aBodyThatBreaksOffIsTheClientsFault() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
    V1ImageMeta meta = new V1ImageMeta().put("disk_format", "raw").put("container_format", "bare");
    assertThatThrownBy(() -> f.v1Images.create(project("a"), meta, new V1Upload(broken, 5, true)))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Client disconnected");
  }

  @Test
  void checksBeforeWritingCreateNothing() {
    V1ImageMeta noFormats = new V1ImageMeta();
    assertThatThrownBy(() -> f.v1Images.create(project("a"), noFormats, upload("abc")))
        .hasMessage("Disk format is not specified.");
    V1ImageMeta formats = new V1ImageMeta().put("disk_format", "raw").put("container_format", "bare");
    assertThatThrownBy(() -> f.v1Images.create(project("a"), formats,
        new V1Upload(new ByteArrayInputStream(new byte[1]), 1, false)))
        .hasMessage("Content-Type must be application/octet-stream");
    assertThat(f.images.rows).isEmpty();
  }

  @Test
  void uploadsOnlyToQueuedImages() {
    String id = f.img("a");
    assertThatThrownBy(() -> f.v1Images.update(project("a"), id, new V1ImageMeta(), upload("x")))
        .isInstanceOf(ConflictException.class).hasMessage("Cannot upload to an unqueued image");
  }

  @Test
  void deactivatedImagesAreNotServedEvenToAdmins() {
    String id = f.img("a");
    f.images.update(id, image -> image.setStatus(ImageStatus.DEACTIVATED));
    assertThatThrownBy(() -> f.v1Images.download(admin(), id)).isInstanceOf(ForbiddenException.class)
        .hasMessage("Image " + id + " is deactivated");
  }

  @Test
  void nonAdminOwnerHeadersAreIgnored() {
    Image mine = f.v1Images.create(project("a"), new V1ImageMeta().put("owner", "z"), null);
    assertThat(mine.getOwner()).isEqualTo("a");
    Image theirs = f.v1Images.create(admin(), new V1ImageMeta().put("owner", "z"), null);
    assertThat(theirs.getOwner()).isEqualTo("z");
  }
}
