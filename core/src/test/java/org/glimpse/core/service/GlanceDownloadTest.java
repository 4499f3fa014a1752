package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.imports.ImportRequest;
import org.glimpse.core.port.RemoteGlance;
import org.junit.jupiter.api.Test;

class GlanceDownloadTest {
  private static final List<String> GLANCE_DEFAULTS = List.of("hw_", "trait:", "os_distro", "os_secure_boot", "os_type");
  private static final ImportRequest.GlanceImage REF =
      new ImportRequest.GlanceImage("36d4b546-64a2-4bb9-bdd0-ba676aa48f2c", "RegionTwo", "public");
  private static final RequestContext CALLER = new RequestContext("p", "u", Set.of("member"), true, "req-1",
      null, null, null, null, true, Set.of(), null, null, "the-token");

  /** A remote Glance of one image, recording who asked what. */
  private static final class FakeRemote implements RemoteGlance {
    RemoteImage record;
    byte[] data = new byte[0];
    final List<String> calls = new ArrayList<>();

    @Override
    public String endpoint(RequestContext caller, String region, String serviceInterface) {
      calls.add("endpoint " + region + " " + serviceInterface + " " + caller.authToken());
      return "http://remote";
    }

    @Override
    public RemoteImage image(RequestContext caller, String endpoint, String imageId) {
      calls.add("image " + endpoint + " " + imageId);
      return record;
    }

    @Override
    public InputStream data(RequestContext caller, String endpoint, String imageId) {
      calls.add("data " + endpoint + " " + imageId);
      return new ByteArrayInputStream(data);
    }
  }

  private static Image queued() {
    Image image = new Image();
    image.setDiskFormat("iso");
    image.setContainerFormat("ovf");
    image.getProperties().put("hw_cpu_cores", "1");
    image.getProperties().put("mine", "kept");
    return image;
  }

  @Test
  void theFormatsAndThePropertiesOfTheAllowedPrefixesAreTakenAndNothingReserved() throws IOException {
    FakeRemote remote = new FakeRemote();
    remote.record = new RemoteGlance.RemoteImage("active", "qcow2", "bare", 3L, Map.of("hw_cpu_cores", "5",
        "trait:STORAGE_DISK_SSD", "required", "os_distro", "rhel", "speed", "88mph", "os_glance_import_task", "x",
        "os_type_extra", "prefix match"));
    GlanceDownload.Source source = new GlanceDownload(remote, GLANCE_DEFAULTS).prepare(CALLER, REF);

    assertThat(source.properties()).containsOnlyKeys("hw_cpu_cores", "trait:STORAGE_DISK_SSD", "os_distro",
        "os_type_extra");
    Image image = queued();
    Image target = source.target(image);
    assertThat(image.getDiskFormat()).as("the image itself is untouched").isEqualTo("iso");
    assertThat(target.getDiskFormat()).isEqualTo("qcow2");
    assertThat(target.getContainerFormat()).isEqualTo("bare");
    assertThat(target.getProperties()).containsEntry("hw_cpu_cores", "5").containsEntry("mine", "kept")
        .doesNotContainKey("speed").doesNotContainKey("os_glance_import_task");
    assertThat(remote.calls).containsExactly("endpoint RegionTwo public the-token",
        "image http://remote 36d4b546-64a2-4bb9-bdd0-ba676aa48f2c");
  }

  @Test
  void withNoPrefixesOnlyTheFormatsAreTaken() throws IOException {
    FakeRemote remote = new FakeRemote();
    remote.record = new RemoteGlance.RemoteImage("active", "raw", "bare", 0L, Map.of("hw_cpu_cores", "5"));
    assertThat(new GlanceDownload(remote, List.of()).prepare(CALLER, REF).properties()).isEmpty();
  }

  @Test
  void aRemoteImageThatIsNotActiveOrHasNoSizeIsRefused() {
    FakeRemote remote = new FakeRemote();
    remote.record = new RemoteGlance.RemoteImage("queued", null, null, null, Map.of());
    GlanceDownload download = new GlanceDownload(remote, GLANCE_DEFAULTS);
    assertThatThrownBy(() -> download.prepare(CALLER, REF)).isInstanceOf(IOException.class)
        .hasMessage("Source image status should be active instead of queued");
    remote.record = new RemoteGlance.RemoteImage("active", "raw", "bare", null, Map.of());
    assertThatThrownBy(() -> download.prepare(CALLER, REF)).isInstanceOf(IOException.class)
        .hasMessage("Size attribute of remote image 36d4b546-64a2-4bb9-bdd0-ba676aa48f2c could not be determined.");
  }

  @Test
  void withoutATokenNothingIsAsked() {
    FakeRemote remote = new FakeRemote();
    RequestContext noauth = new RequestContext("p", "u", Set.of("member"), true, "req-2");
    assertThatThrownBy(() -> new GlanceDownload(remote, GLANCE_DEFAULTS).prepare(noauth, REF))
        .isInstanceOf(IOException.class).hasMessageContaining("Keystone token");
    assertThatThrownBy(() -> new GlanceDownload(null, GLANCE_DEFAULTS).prepare(CALLER, REF))
        .isInstanceOf(IOException.class).hasMessageContaining("Keystone token");
    assertThat(remote.calls).isEmpty();
  }

  private static byte[] readAll(GlanceDownload.Source source) throws IOException {
    try (InputStream in = source.open()) {
      return in.readAllBytes();
    }
  }

  @Test
  void dataOfTheRecordsSizeReadsAndAnyOtherSizeFails() throws IOException {
    FakeRemote remote = new FakeRemote();
    remote.data = "12345".getBytes(StandardCharsets.UTF_8);
    GlanceDownload download = new GlanceDownload(remote, GLANCE_DEFAULTS);

    remote.record = new RemoteGlance.RemoteImage("active", "raw", "bare", 5L, Map.of());
    assertThat(readAll(download.prepare(CALLER, REF))).isEqualTo(remote.data);

    remote.record = new RemoteGlance.RemoteImage("active", "raw", "bare", 6L, Map.of());
    GlanceDownload.Source shorter = download.prepare(CALLER, REF);
    assertThatThrownBy(() -> readAll(shorter)).isInstanceOf(IOException.class)
        .hasMessage("downloaded data size 5 is different from expected 6");

    remote.record = new RemoteGlance.RemoteImage("active", "raw", "bare", 4L, Map.of());
    GlanceDownload.Source longer = download.prepare(CALLER, REF);
    assertThatThrownBy(() -> readAll(longer)).isInstanceOf(IOException.class)
        .hasMessage("downloaded data is larger than the expected size 4");
    try (InputStream in = longer.open()) {
      assertThat(in.skip(4)).isEqualTo(4);
      assertThatThrownBy(in::read).as("skipped bytes count too").isInstanceOf(IOException.class);
    }
  }

  @Test
  void aRemoteIdLooksLikeAUuidAsPythonReadsOne() {
    assertThat(ImportService.uuidLike("36d4b546-64a2-4bb9-bdd0-ba676aa48f2c")).isTrue();
    assertThat(ImportService.uuidLike("36d4b54664a24bb9bdd0ba676aa48f2c")).isTrue();
    assertThat(ImportService.uuidLike("{36d4b546-64a2-4bb9-bdd0-ba676aa48f2c}")).isTrue();
    assertThat(ImportService.uuidLike("urn:uuid:36d4b546-64a2-4bb9-bdd0-ba676aa48f2c")).isTrue();
    assertThat(ImportService.uuidLike("foo")).isFalse();
    assertThat(ImportService.uuidLike("36d4b546-64a2-4bb9-bdd0-ba676aa48f2")).isFalse();
    assertThat(ImportService.uuidLike("36d4b546-64a2-4bb9-bdd0-ba676aa48f2g")).isFalse();
    assertThat(ImportService.uuidLike("")).isFalse();
  }

  @Test
  void theTokenIsNeverPrinted() {
    assertThat(CALLER.toString()).doesNotContain("the-token").contains("token=***");
  }
}
