package org.glimpse.core.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real images made by qemu-img, judged as Glance judges an upload. */
class FormatVerdictTest {
  private static final FormatVerdict STRICT = new FormatVerdict(FormatRules.glanceDefaults());
  private static final FormatVerdict LAX = new FormatVerdict(new FormatRules(false, Set.of()));

  @TempDir static Path dir;

  @BeforeAll
  static void qemuImg() {
    QemuImg.require();
  }

  /** Streams the bytes in odd-sized reads, so that header regions straddle reads. */
  static FormatInspectingStream inspect(byte[] data) throws IOException {
    FormatInspectingStream in = new FormatInspectingStream(new ByteArrayInputStream(data));
    byte[] buf = new byte[4093];
    while (in.read(buf, 0, buf.length) >= 0) {
      // all bytes pass through the inspectors
    }
    return in;
  }

  static Long judge(FormatVerdict verdict, String diskFormat, byte[] data) throws Exception {
    return verdict.judge(diskFormat, "bare", inspect(data));
  }

  static Stream<Arguments> goodImages() {
    return Stream.of(
        Arguments.of("qcow2", "qcow2", null, "qcow2"),
        Arguments.of("qcow2", "qcow2", "compat=0.10", "qcow2"),
        Arguments.of("vmdk", "vmdk", null, "vmdk"),
        Arguments.of("vmdk", "vmdk", "subformat=streamOptimized", "vmdk"),
        Arguments.of("vpc", "vhd", null, "vhd"),
        Arguments.of("vhdx", "vhdx", null, "vhdx"),
        Arguments.of("vdi", "vdi", null, "vdi"),
        Arguments.of("raw", "raw", null, "raw"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("goodImages")
  void goodImagesAreAcceptedWithQemuImgsVirtualSize(String qemuFormat, String diskFormat, String options,
      String name) throws Exception {
    Path file = QemuImg.create(dir, "good-" + name + "-" + (options == null ? "" : options.replace('=', '-')),
        qemuFormat, options, "65M");
    byte[] data = Files.readAllBytes(file);
    assertThat(judge(STRICT, diskFormat, data)).isEqualTo(QemuImg.virtualSize(file, qemuFormat));
  }

  @Test
  void streamOptimizedVmdkWrittenByConvertIsAccepted() throws Exception {
    Path raw = dir.resolve("source.raw");
    Files.write(raw, pattern(3_000_000));
    Path vmdk = dir.resolve("converted.vmdk");
    QemuImg.run("convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=streamOptimized", raw.toString(),
        vmdk.toString());
    assertThat(judge(STRICT, "vmdk", Files.readAllBytes(vmdk))).isEqualTo(QemuImg.virtualSize(vmdk, "vmdk"));
  }

  @Test
  void qcow2WithABackingFileIsRefusedWhateverItClaims() throws Exception {
    Path base = QemuImg.create(dir, "base.qcow2", "qcow2", null, "1M");
    Path top = QemuImg.create(dir, "top.qcow2", "qcow2", "backing_file=" + base + ",backing_fmt=qcow2", "1M");
    byte[] data = Files.readAllBytes(top);
    for (FormatVerdict verdict : new FormatVerdict[] {STRICT, LAX}) {
      for (String claimed : new String[] {"qcow2", "raw"}) {
        assertThatThrownBy(() -> judge(verdict, claimed, data))
            .isInstanceOf(FormatVerdict.Refused.class).hasMessage("Image failed safety checks");
      }
    }
  }

  @Test
  void qcow2WithAnExternalDataFileIsRefused() throws Exception {
    Path top = QemuImg.create(dir, "datafile.qcow2", "qcow2", "data_file=" + dir.resolve("datafile.raw"), "1M");
    byte[] data = Files.readAllBytes(top);
    assertThat(inspectorFor(data).safetyFailures()).contains("data_file");
    assertThatThrownBy(() -> judge(STRICT, "qcow2", data)).hasMessage("Image failed safety checks");
  }

  @Test
  void qcow2OfAnUnknownVersionOrWithUnknownFeaturesIsRefused() throws Exception {
    byte[] good = Files.readAllBytes(QemuImg.create(dir, "v.qcow2", "qcow2", null, "1M"));
    byte[] v4 = good.clone();
    ByteBuffer.wrap(v4).putInt(4, 4);
    assertThat(inspectorFor(v4).safetyFailures()).containsExactly("unknown_version");
    byte[] feature = good.clone();
    ByteBuffer.wrap(feature).putLong(72, 1L << 40);
    assertThat(inspectorFor(feature).safetyFailures()).containsExactly("unknown_features");
    assertThatThrownBy(() -> judge(STRICT, "qcow2", feature)).hasMessage("Image failed safety checks");
    assertThat(judge(STRICT, "qcow2", good)).isEqualTo(1L << 20);
  }

  @Test
  void vmdkFlatDescriptorIsNotAVmdkStream() throws Exception {
    Path flat = QemuImg.create(dir, "flat.vmdk", "vmdk", "subformat=monolithicFlat", "1M");
    byte[] descriptor = Files.readAllBytes(flat);
    assertThat(new String(descriptor, StandardCharsets.US_ASCII)).contains("FLAT \"flat-flat.vmdk\"");
    assertThatThrownBy(() -> judge(STRICT, "vmdk", descriptor))
        .hasMessage("Image disk_format vmdk does not match stream data raw");
  }

  @Test
  void sparseVmdkWhoseDescriptorNamesAnotherFileIsRefused() throws Exception {
    byte[] data = Files.readAllBytes(QemuImg.create(dir, "named.vmdk", "vmdk", null, "1M"));
    replace(data, "SPARSE \"named.vmdk\"", "FLAT \"/etc/pw\" 0");
    assertThat(inspectorFor(data).safetyFailures()).containsExactly("extents");
    assertThatThrownBy(() -> judge(STRICT, "vmdk", data)).hasMessage("Image failed safety checks");
    byte[] other = Files.readAllBytes(QemuImg.create(dir, "type.vmdk", "vmdk", null, "1M"));
    replace(other, "createType=\"monolithicSparse\"", "createType=\"vmfsSparse\"");
    assertThat(inspectorFor(other).safetyFailures()).containsExactly("create_type");
  }

  @Test
  void qedIsRefusedEvenAsRaw() throws Exception {
    byte[] qed = Files.readAllBytes(QemuImg.create(dir, "x.qed", "qed", null, "1M"));
    assertThatThrownBy(() -> judge(LAX, "raw", qed)).hasMessage("Image failed safety checks");
  }

  @Test
  void dataInAnotherFormatThanDeclaredIsRefusedUnlessMatchingIsOff() throws Exception {
    Path vmdk = QemuImg.create(dir, "mismatch.vmdk", "vmdk", null, "2M");
    byte[] data = Files.readAllBytes(vmdk);
    assertThatThrownBy(() -> judge(STRICT, "qcow2", data))
        .hasMessage("Image disk_format qcow2 does not match stream data vmdk");
    assertThat(judge(LAX, "qcow2", data)).isNull();
    // raw takes any (safe) format, with the bytes as the virtual size, as Glance does
    assertThat(judge(STRICT, "raw", data)).isEqualTo((long) data.length);
    // formats nobody can inspect take data that looks raw, without a virtual size
    assertThat(judge(STRICT, "ami", pattern(5000))).isNull();
    assertThatThrownBy(() -> judge(STRICT, "ami", data)).isInstanceOf(FormatVerdict.Refused.class);
    assertThatThrownBy(() -> judge(STRICT, "qcow2", pattern(5000)))
        .hasMessage("Image disk_format qcow2 does not match stream data raw");
  }

  @Test
  void dataMatchingSeveralFormatsIsRefused() throws Exception {
    byte[] qcow2 = Files.readAllBytes(QemuImg.create(dir, "poly.qcow2", "qcow2", null, "1M"));
    byte[] poly = java.util.Arrays.copyOf(qcow2, Math.max(qcow2.length, 0x8000 + 2048 * 2));
    isoDescriptors(poly, 100);
    assertThatThrownBy(() -> judge(STRICT, "qcow2", poly)).hasMessage("Multiple formats detected: iso, qcow2");
    assertThatThrownBy(() -> judge(STRICT, "iso", poly)).hasMessage("Multiple formats detected: iso, qcow2");
  }

  @Test
  void isoGivesItsVolumeSizeAndMayCarryAGpt() throws Exception {
    byte[] iso = new byte[0x8000 + 2048 * 4];
    isoDescriptors(iso, 20);
    assertThat(judge(STRICT, "iso", iso)).isEqualTo(20L * 2048);
    protectiveMbr(iso, 0x00, 1);
    assertThat(judge(STRICT, "iso", iso)).isEqualTo(20L * 2048);
  }

  @Test
  void gptChecksAreFatalUnlessConfiguredNonfatal() throws Exception {
    byte[] disk = pattern(64 * 1024);
    java.util.Arrays.fill(disk, 446, 512, (byte) 0);
    protectiveMbr(disk, 0x00, 1);
    assertThat(judge(STRICT, "raw", disk)).isEqualTo((long) disk.length);
    protectiveMbr(disk, 0x12, 7);
    assertThat(inspectorFor(disk).safetyFailures()).containsExactly("mbr", "gptmbr");
    assertThatThrownBy(() -> judge(STRICT, "raw", disk)).hasMessage("Image failed safety checks");
    assertThat(new FormatVerdict(new FormatRules(true, Set.of("mbr", "gptmbr"))).judge("raw", "bare", inspect(disk)))
        .isEqualTo((long) disk.length);
  }

  @Test
  void onlyBareContainersAreInspected() throws Exception {
    byte[] qed = Files.readAllBytes(QemuImg.create(dir, "ova.qed", "qed", null, "1M"));
    assertThat(STRICT.judge("raw", "ova", inspect(qed))).isNull();
  }

  @Test
  void memoryIsBoundedByTheHeadersNotTheImage() throws Exception {
    byte[] vmdk = Files.readAllBytes(QemuImg.create(dir, "huge-desc.vmdk", "vmdk", null, "1M"));
    ByteBuffer.wrap(vmdk).order(ByteOrder.LITTLE_ENDIAN).putLong(36, 1L << 40);
    DiskInspector inspector = inspectorFor(vmdk);
    assertThat(inspector.safetyFailures()).contains("descriptor");
  }

  private static DiskInspector inspectorFor(byte[] data) throws IOException {
    return inspect(data).matched().get(0);
  }

  private static void isoDescriptors(byte[] image, int blocks) {
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0x8000, (byte) 1).put(0x8001, "CD001".getBytes(StandardCharsets.US_ASCII));
    b.putInt(0x8000 + 80, blocks).putShort(0x8000 + 128, (short) 2048);
    b.put(0x8800, (byte) 255).put(0x8801, "CD001".getBytes(StandardCharsets.US_ASCII));
  }

  private static void protectiveMbr(byte[] image, int bootFlag, int firstLba) {
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    b.put(446, (byte) bootFlag).put(446 + 4, (byte) 0xEE).putInt(446 + 8, firstLba);
    b.put(510, (byte) 0x55).put(511, (byte) 0xAA);
  }

  private static void replace(byte[] data, String from, String to) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    int at = text.indexOf(from);
    assertThat(at).as(from).isNotNegative();
    to = String.format("%-" + from.length() + "s", to);
    System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, data, at, to.length());
  }

  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

}
