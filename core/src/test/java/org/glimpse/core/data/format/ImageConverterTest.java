package org.glimpse.core.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image_conversion step on real qemu-img images. */
class ImageConverterTest {
  @TempDir Path dir;
  private final ImageConverter toRaw = new ImageConverter("raw", FormatRules.glanceDefaults(), Duration.ofSeconds(60));

  @BeforeAll
  static void qemuImg() {
    QemuImg.require();
  }

  @Test
  void qcow2BecomesRawWithTheSameVirtualSize() throws Exception {
    Path source = QemuImg.create(dir, "in.qcow2", "qcow2", null, "3M");
    ImageConverter.Converted out = toRaw.convert(source, "qcow2");
    assertThat(out.converted()).isTrue();
    assertThat(out.diskFormat()).isEqualTo("raw");
    assertThat(out.file()).isEqualTo(dir.resolve("in.qcow2.raw")).exists();
    assertThat(out.size()).isEqualTo(Files.size(out.file())).isEqualTo(3L << 20);
    assertThat(out.virtualSize()).isEqualTo(QemuImg.virtualSize(source, "qcow2"));
  }

  @Test
  void rawBecomesQcow2() throws Exception {
    Path source = dir.resolve("in.raw");
    Files.write(source, new byte[2 << 20]);
    ImageConverter.Converted out = new ImageConverter("qcow2", FormatRules.glanceDefaults(), Duration.ofSeconds(60))
        .convert(source, "raw");
    assertThat(out.diskFormat()).isEqualTo("qcow2");
    assertThat(QemuImg.virtualSize(out.file(), "qcow2")).isEqualTo(2L << 20).isEqualTo(out.virtualSize());
  }

  @Test
  void dataAlreadyInTheOutputFormatIsLeftAsItIs() throws Exception {
    Path source = dir.resolve("same.raw");
    Files.write(source, new byte[4096]);
    ImageConverter.Converted out = toRaw.convert(source, "raw");
    assertThat(out.converted()).isFalse();
    assertThat(out.file()).isEqualTo(source);
    assertThat(out.virtualSize()).isEqualTo(4096);
  }

  @Test
  void unsafeOrMislabelledInputIsRefusedAndNothingIsWritten() throws Exception {
    Path base = QemuImg.create(dir, "base.qcow2", "qcow2", null, "1M");
    Path backed = QemuImg.create(dir, "backed.qcow2", "qcow2", "backing_file=" + base + ",backing_fmt=qcow2", "1M");
    assertThatThrownBy(() -> toRaw.convert(backed, "qcow2")).hasMessage("Image has disallowed configuration");
    Path vmdk = QemuImg.create(dir, "claims.qcow2", "vmdk", null, "1M");
    assertThatThrownBy(() -> toRaw.convert(vmdk, "qcow2")).hasMessage("Image format mismatch");
    assertThat(dir.resolve("backed.qcow2.raw")).doesNotExist();
    assertThat(dir.resolve("claims.qcow2.raw")).doesNotExist();
  }

  @Test
  void onlyFormatsQemuImgWritesAreOutputFormats() {
    assertThatThrownBy(() -> new ImageConverter("iso", FormatRules.glanceDefaults(), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output_format iso");
  }
}
